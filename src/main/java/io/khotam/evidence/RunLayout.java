package io.khotam.evidence;

import io.khotam.Stage;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Every path inside a run directory (docs/contract.md "Output: one run directory"), relative to
 * it, in one place: the folders, the outputs, the manifest, the page and the manifest's reserve.
 */
public final class RunLayout {

    public static final String INPUT_DIR = "input";
    public static final String CANDIDATES_DIR = "candidates";
    public static final String DEAD_LETTER_DIR = "dead-letter";
    public static final String EVIDENCE_DIR = "evidence";

    public static final String CANDIDATES = CANDIDATES_DIR + "/candidates.jsonl";
    public static final String SKIPPED = EVIDENCE_DIR + "/skipped.jsonl";
    public static final String MANIFEST = EVIDENCE_DIR + "/manifest.json";
    public static final String REPORT = EVIDENCE_DIR + "/report.html";
    /** Room kept for the final manifest ({@link ManifestReserve}). */
    public static final String MANIFEST_RESERVE = EVIDENCE_DIR + "/.manifest-room";
    /** What {@code export} adds: the check result at export time. */
    public static final String EXPORTED_CHECK = EVIDENCE_DIR + "/check.jsonl";

    /** A producer run's reference: what the built-in inspectors found on each row given to the producer. */
    public static final String REFERENCE = EVIDENCE_DIR + "/reference.jsonl";
    /** A producer run's judged rows: one line per row the judge found a code on. */
    public static final String PRODUCER_DEAD_LETTERS = DEAD_LETTER_DIR + "/producer.jsonl";
    /** An exec producer's stdin, stdout and stderr, kept as evidence. */
    public static final String PRODUCER_INPUT = EVIDENCE_DIR + "/producer-input.jsonl";
    public static final String PRODUCER_OUTPUT = EVIDENCE_DIR + "/producer-output.jsonl";
    public static final String PRODUCER_LOG = EVIDENCE_DIR + "/producer.log";

    // built once: a path is asked for at every dead letter
    private static final String[] DEAD_LETTERS = Arrays.stream(Stage.values())
            .map(stage -> DEAD_LETTER_DIR + "/" + stage.fileName() + ".jsonl").toArray(String[]::new);

    private RunLayout() {}

    /** {@code dead-letter/<stage>.jsonl}. */
    public static String deadLetters(Stage stage) {
        return DEAD_LETTERS[stage.ordinal()];
    }

    /** The input file of the run in {@code runDir}, by the name its manifest records. */
    public static Path inputFile(Path runDir, String fileName) {
        return runDir.resolve(INPUT_DIR).resolve(fileName);
    }
}
