package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Rows;
import io.khotam.evidence.RunLayout;
import io.khotam.store.RunCatalog;
import io.khotam.store.RunVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `report RUN [--to FILE]` on real runs of the examples: a fresh page with the check result; the run never changes. */
class ReportCommandTest {

    @TempDir
    Path home;

    @TempDir
    Path elsewhere;

    private CliResult kt(String... args) {
        return CliResult.in(home, List.of("--no-registry"), args);
    }

    @Test
    void aFreshPageWithTheCheckResultOnStdoutOrInAFileNeverReplacingOne() throws Exception {
        assertThat(kt("run", "--once", "--examples").exit()).isZero();
        RunCatalog.Entry run = new RunCatalog(home.resolve("staging")).list().get(0);
        String ownPage = Files.readString(run.dir().resolve(RunLayout.REPORT));
        assertThat(ownPage).contains("data-count=\"scanned\">" + run.manifest().counts().scanned() + "<")
                .contains("kho-tam check " + run.runId());

        CliResult printed = kt("report", run.runId());
        assertThat(printed.exit()).isZero();
        assertThat(printed.out()).startsWith("<!DOCTYPE html>").contains("Conforms: ")
                .contains("data-count=\"candidates\">" + run.manifest().counts().candidates() + "<");

        Path file = elsewhere.resolve("page.html");
        assertThat(kt("report", run.runId(), "--to", file.toString()).exit()).isZero();
        assertThat(file).content().contains("Conforms: ");
        CliResult again = kt("report", run.runId(), "--to", file.toString());
        assertThat(again.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(again.err()).contains("already exists");
        CliResult inside = kt("report", run.runId(), "--to", run.dir().resolve("evidence/other.html").toString());
        assertThat(inside.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(inside.err()).contains("inside the staging folder");
        assertThat(RunVerifier.verify(run).ok()).as("the run is exactly as it was").isTrue();
    }

    @Test
    void aStageWithManyDeadLettersShowsTwentyAndCountsTheRest() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 25; i++) {
            Map<String, Object> row = Rows.with("status", "gone");
            row.put("entity_code", String.format("FLORA-%06d", i));
            rows.append(new ObjectMapper().writeValueAsString(row)).append('\n');
        }
        Files.createDirectories(home.resolve("inbox"));
        Files.writeString(home.resolve("inbox/many.jsonl"), rows);
        assertThat(kt("run", "--once").exit()).isZero();
        RunCatalog.Entry run = new RunCatalog(home.resolve("staging")).list().get(0);
        String page = Files.readString(run.dir().resolve(RunLayout.REPORT));
        assertThat(page.split("<details class=\"evidence\"", -1)).hasSize(21);
        assertThat(page).contains("… and 5 more in <code>dead-letter/stamp.jsonl</code>");
    }
}
