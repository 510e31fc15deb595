package io.khotam.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.khotam.Stage;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.RunLayout;
import io.khotam.evidence.RunStatus;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A finished run's row outcomes in row order, merged from its candidates, admission dead letters
 * and skipped rows as they lie on disk (every output is written in row order, so nothing is held
 * but the current line of each file). A candidate's failing stage takes its codes from that
 * stage's dead-letter file.
 */
final class OutcomeReader implements Closeable {

    private static final String[] STAGES = Stage.INSPECTORS.stream().map(Stage::fileName).toArray(String[]::new);

    private final RunLines candidates;
    private final RunLines admission;
    private final RunLines skipped;
    private final RunLines[] stageLetters;
    private final RowOutcome wholeRun;

    OutcomeReader(Path dir, Manifest manifest) throws IOException {
        this.candidates = new RunLines(dir.resolve(RunLayout.CANDIDATES));
        this.admission = new RunLines(dir.resolve(RunLayout.deadLetters(Stage.ADMISSION)));
        this.skipped = new RunLines(dir.resolve(RunLayout.SKIPPED));
        this.stageLetters = new RunLines[Stage.INSPECTORS.size()];
        for (int i = 0; i < Stage.INSPECTORS.size(); i++) {
            stageLetters[i] = new RunLines(dir.resolve(RunLayout.deadLetters(Stage.INSPECTORS.get(i))));
        }
        this.wholeRun = manifest.status() == RunStatus.REJECTED
                ? new RowOutcome(0, null, "rejected", "file", manifest.reason() == null ? List.of() : List.of(manifest.reason()), null)
                : null;
    }

    /** For a run rejected as a whole, every row's outcome; else null (a row it does not have is absent). */
    RowOutcome wholeRun() {
        return wholeRun;
    }

    /** @return the next row's outcome, or null after the last */
    RowOutcome next() throws IOException {
        long row = Math.min(candidates.nextRow(), Math.min(admission.nextRow(), skipped.nextRow()));
        if (row == Long.MAX_VALUE) {
            return null;
        }
        if (candidates.nextRow() == row) {
            return candidate(candidates.take(), row);
        }
        if (admission.nextRow() == row) {
            JsonNode letter = admission.take();
            return new RowOutcome(row, letter.path("row_data").path("entity_code").asText(null), "rejected", "admission",
                    codes(letter), null);
        }
        JsonNode skip = skipped.take();
        return new RowOutcome(row, null, "skipped", "scope", List.of(skip.path("code").asText()), null);
    }

    private RowOutcome candidate(JsonNode line, long row) throws IOException {
        Map<String, String> verdicts = new LinkedHashMap<>();
        String failedStage = null;
        List<String> codes = List.of();
        for (int i = 0; i < Stage.INSPECTORS.size(); i++) {
            String verdict = line.path("verdicts").path(STAGES[i]).asText(null);
            verdicts.put(STAGES[i], verdict);
            if ("FAILED".equals(verdict) && failedStage == null) {
                failedStage = STAGES[i];
                RunLines letters = stageLetters[i];
                while (letters.nextRow() < row) {
                    letters.take(); // a letter with no candidate: check's business, not diff's
                }
                JsonNode letter = letters.takeIf(row);
                codes = letter == null ? List.of() : codes(letter);
            }
        }
        return new RowOutcome(row, line.path("entity_code").asText(null), "candidate", failedStage, codes, verdicts);
    }

    /** A dead letter's codes, sorted, each once. */
    private static List<String> codes(JsonNode letter) {
        TreeSet<String> codes = new TreeSet<>();
        for (JsonNode check : letter.path("checks")) {
            codes.add(check.path("code").asText());
        }
        return new ArrayList<>(codes);
    }

    @Override
    public void close() throws IOException {
        for (RunLines lines : new RunLines[] {candidates, admission, skipped, stageLetters[0], stageLetters[1], stageLetters[2]}) {
            lines.close();
        }
    }
}
