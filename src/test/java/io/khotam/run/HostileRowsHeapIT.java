package io.khotam.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.khotam.KhotamProcess;
import io.khotam.evidence.RunLayout;
import io.khotam.store.RunCatalog;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows as large as the shipped parser limits let them be, in a real process: a JSON document of
 * rows whose every recognised field holds 999,999 characters (17 MB of strings a row, 408 MB in
 * all). Under the shipped row limit (khotam.parser.max-row-chars, 4 Mi characters) each row is a
 * ROW_TOO_LARGE dead letter, skipped unread; with the row limit raised so they are read, each is an
 * OVERSIZE_VALUE dead letter with its row data.
 */
class HostileRowsHeapIT {

    private static final List<String> FIELDS = List.of("entity_code", "collection_name", "species_code", "dot_origin",
            "governance_role", "born_at", "name", "description", "status", "certified", "inspect_pen", "inspect_stamp",
            "inspect_gate", "canonical_address", "owner", "jsonb_profile", "certified_at");
    private static final int ROWS = 12;

    @TempDir
    static Path shared;
    private static Path document;

    @TempDir
    Path home;

    @BeforeAll
    static void writeTheDocumentOnce() throws Exception {
        document = shared.resolve("rows.json");
        String value = "\"" + "é".repeat(999_999) + "\"";
        try (BufferedWriter out = Files.newBufferedWriter(document, StandardCharsets.UTF_8)) {
            out.write('[');
            for (int row = 0; row < ROWS; row++) {
                out.write(row == 0 ? "{" : ",{");
                for (int f = 0; f < FIELDS.size(); f++) {
                    out.write((f == 0 ? "\"" : ",\"") + FIELDS.get(f) + "\":");
                    out.write(value);
                }
                out.write('}');
            }
            out.write(']');
        }
    }

    /** Under the shipped row limit such rows are skipped unread: even a 64 MB heap is enough. */
    @Test
    void rowsOverTheRowLimitAreSkippedUnreadEvenInASmallHeap() throws Exception {
        Result result = run("-Xmx64m");

        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.run.status()).as(result.output).isEqualTo("COMPLETED");
        assertThat(result.run.manifest().counts().rejected()).isEqualTo(ROWS);
        assertThat(result.run.manifest().counts().deadLetterCodes().get("admission")).containsOnlyKeys("ROW_TOO_LARGE");
    }

    /**
     * Read whole (the row limit raised), under the heap the benchmarks use the run completes, and the
     * report page shows an excerpt of each row instead of holding them all (before, building the
     * page ran out of heap and the run was left RUNNING with nothing in the log).
     */
    @Test
    void rowsAtTheParserLimitsCompleteIn256MegabytesAndTheReportShowsExcerpts() throws Exception {
        Result result = run("-Xmx256m", READ_WHOLE);

        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.run.status()).as(result.output).isEqualTo("COMPLETED");
        assertThat(result.run.manifest().counts().rejected()).isEqualTo(ROWS);
        Path page = result.run.dir().resolve(RunLayout.REPORT);
        assertThat(Files.size(page)).as("an excerpt per row, not the rows").isLessThan(1 << 20);
        assertThat(Files.readString(page)).contains("OVERSIZE_VALUE")
                .contains("more characters; the whole row is in the dead-letter file");
    }

    /**
     * Read whole, in a heap too small for such rows: the run ends FAILED saying so, and the process
     * exits. Before, an OutOfMemoryError that reached Camel's poll as a fatal error left the run
     * RUNNING and `run --once` never returned.
     */
    @Test
    void aHeapTooSmallForTheRowsEndsTheRunFailedAndTheProcessExits() throws Exception {
        Result result = run("-Xmx64m", READ_WHOLE);

        assertThat(result.exit).as(result.output).isEqualTo(5);
        assertThat(result.run.status()).as(result.output).isEqualTo("FAILED");
        // where the heap runs out decides who says so: the run's reason (the reader, a bean) or Camel's log (its own machinery)
        assertThat(result.run.manifest().reason() + result.output).contains("Java heap space");
        assertThat(result.output).doesNotContain("did not end");
        assertThat(result.run.dir().resolve("input/rows.json")).as("the input is kept, not sent back to the inbox").exists();
    }

    private record Result(int exit, String output, RunCatalog.Entry run) {}

    /** The row limit raised above these rows, so that they are read as before the limit existed. */
    private static final String READ_WHOLE = "-Dkhotam.parser.max-row-chars=40000000";

    private Result run(String heap, String... properties) throws Exception {
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Files.createLink(inbox.resolve("rows.json"), document); // the claim moves the link; the shared file stays
        List<String> jvm = new ArrayList<>(List.of(heap, "-Dkhotam.inbox.read-lock-min-age=0"));
        jvm.addAll(List.of(properties));
        KhotamProcess process = KhotamProcess.start("hostile-rows-" + heap.substring(2) + "-" + home.getFileName(), List.of(), jvm,
                "--home", home.toString(), "--no-registry", "run", "--once");
        int exit = process.waitFor(300);
        String output = process.log();
        List<RunCatalog.Entry> runs = new RunCatalog(home.resolve("staging")).list();
        assertThat(runs).as(output).hasSize(1);
        return new Result(exit, output, runs.get(0));
    }
}
