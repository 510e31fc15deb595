package io.khotam.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows as large as the shipped parser limits let them be, in a real process under the heap the
 * benchmarks use (-Xmx256m): a JSON document of rows whose every recognised field holds 999,999
 * two-byte characters (34 MB of row each, 408 MB in all). Each row is an OVERSIZE_VALUE dead
 * letter with its row data; the run must complete, and the report page shows an excerpt of each
 * row instead of holding them all (before, building the page ran out of heap and the run was left
 * RUNNING with nothing in the log).
 */
class HostileRowsHeapIT {

    private static final List<String> FIELDS = List.of("entity_code", "collection_name", "species_code", "dot_origin",
            "governance_role", "born_at", "name", "description", "status", "certified", "inspect_pen", "inspect_stamp",
            "inspect_gate", "canonical_address", "owner", "jsonb_profile", "certified_at");
    private static final int ROWS = 12;

    @TempDir
    Path home;

    @Test
    void rowsAtTheParserLimitsCompleteIn256MegabytesAndTheReportShowsExcerpts() throws Exception {
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        String value = "\"" + "é".repeat(999_999) + "\"";
        try (BufferedWriter out = Files.newBufferedWriter(inbox.resolve("rows.json.part"), StandardCharsets.UTF_8)) {
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
        Files.move(inbox.resolve("rows.json.part"), inbox.resolve("rows.json"));
        Path jar = Path.of("target", "kho-tam.jar").toAbsolutePath();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(javaBin, "-Xmx256m", "-Dkhotam.inbox.read-lock-min-age=0", "-jar", jar.toString(),
                "--home", home.toString(), "--no-registry", "run", "--once").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        List<RunCatalog.Entry> runs = new RunCatalog(home.resolve("staging")).list();
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.status()).as(output).isEqualTo("COMPLETED");
            assertThat(run.manifest().counts().rejected()).isEqualTo(ROWS);
            Path page = run.dir().resolve(RunReport.PATH);
            assertThat(Files.size(page)).as("an excerpt per row, not the rows").isLessThan(1 << 20);
            String html = Files.readString(page);
            assertThat(html).contains("OVERSIZE_VALUE").contains("more characters; the whole row is in the dead-letter file");
        });
    }
}
