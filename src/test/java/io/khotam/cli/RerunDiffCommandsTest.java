package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Rows;
import io.khotam.store.RunCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `rerun` and `diff` on real runs: what they print, their exit codes, and what they refuse. */
class RerunDiffCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private CliResult kt(String... args) {
        return CliResult.in(home, List.of("--no-registry"), args);
    }

    /** Drops one file and runs it; returns its run id. */
    private String runOf(String name, String content) throws Exception {
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Files.writeString(inbox.resolve(name), content);
        kt("run", "--once");
        return new RunCatalog(home.resolve("staging")).list().stream().filter(r -> r.manifest().input().file().equals(name))
                .findFirst().orElseThrow().runId();
    }

    private static String jsonl(Map<?, ?>... rows) throws Exception {
        StringBuilder text = new StringBuilder();
        for (Map<?, ?> row : rows) {
            text.append(JSON.writeValueAsString(row)).append('\n');
        }
        return text.toString();
    }

    @Test
    void differentInputsAreComparedByPositionAndSaidLoudly() throws Exception {
        String a = runOf("a.jsonl", jsonl(Rows.valid("FLORA-000001"), Rows.valid("FLORA-000002")));
        String b = runOf("b.jsonl", jsonl(Rows.valid("FLORA-000001"), Rows.with("status", "gone"), Rows.valid("FLORA-000003")));

        CliResult text = kt("diff", a, b);
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("INPUTS DIFFER: a read a.jsonl").contains("rows are compared by position")
                .contains("2 of 3 row(s) changed:")
                .containsPattern("2\\s+FLORA-000002\\s+candidate PASSED/PASSED/PASSED -> candidate PASSED/FAILED/NOT_RUN stamp: STATUS_UNKNOWN")
                .containsPattern("3\\s+FLORA-000003\\s+absent -> candidate PASSED/PASSED/PASSED");

        JsonNode json = JSON.readTree(kt("diff", a, b, "--json").out());
        assertThat(json.path("same_input").asBoolean()).isFalse();
        assertThat(json.path("changed_rows").asLong()).isEqualTo(2);
        assertThat(json.path("unchanged_rows").asLong()).isEqualTo(1);
        assertThat(json.path("changes").get(1).path("a").toString())
                .isEqualTo("{\"outcome\":\"absent\",\"stage\":null,\"codes\":[],\"verdicts\":null}");

        JsonNode limited = JSON.readTree(kt("diff", a, b, "--json", "--limit", "1").out());
        assertThat(limited.path("changed_rows").asLong()).isEqualTo(2);
        assertThat(limited.path("changes")).hasSize(1);
        assertThat(kt("diff", a, b, "--limit", "1").out()).contains("... and 1 more");
    }

    @Test
    void aRunRejectedAsAWholeIsEveryRowsOutcome() throws Exception {
        String rejected = runOf("x.jsonl", "");
        String completed = runOf("y.jsonl", jsonl(Rows.valid("FLORA-000001"), Rows.valid("FLORA-000002")));

        JsonNode json = JSON.readTree(kt("diff", rejected, completed, "--json").out());
        assertThat(json.path("status").path("a").asText()).isEqualTo("REJECTED");
        assertThat(json.path("changed_rows").asLong()).isEqualTo(2);
        assertThat(json.path("changes").get(0).path("a").toString())
                .isEqualTo("{\"outcome\":\"rejected\",\"stage\":\"file\",\"codes\":[\"EMPTY_INPUT\"],\"verdicts\":null}");
        assertThat(JSON.readTree(kt("diff", rejected, rejected, "--json").out()).path("changed_rows").asLong()).isZero();
    }

    @Test
    void rerunExitsAsRunOnceDoesAndPointsAtTheDiff() throws Exception {
        String rejected = runOf("x.jsonl", "");

        CliResult rerun = kt("rerun", rejected);

        assertThat(rerun.exit()).isEqualTo(ExitCode.REJECTED);
        assertThat(rerun.out()).contains("REJECTED").contains("x.jsonl  (EMPTY_INPUT)")
                .contains("1 run(s): 0 completed, 1 rejected").contains("compare: kho-tam --home " + home + " diff " + rejected);
        assertThat(new RunCatalog(home.resolve("staging")).list()).hasSize(2);
        try (var inbox = Files.list(home.resolve("inbox"))) {
            assertThat(inbox).as("a rerun never goes through the inbox").isEmpty();
        }
    }

    @Test
    void runningUnknownAndMalformedRunsAreExit2() throws Exception {
        String run = runOf("a.jsonl", jsonl(Rows.valid()));
        Path manifest = home.resolve("staging").resolve(run).resolve("evidence/manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"COMPLETED\"", "\"RUNNING\""));

        CliResult diffRunning = kt("diff", run, run);
        assertThat(diffRunning.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(diffRunning.err()).contains("run " + run + " is RUNNING; diff it once it has ended");
        CliResult rerunRunning = kt("rerun", run);
        assertThat(rerunRunning.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(rerunRunning.err()).contains("is RUNNING; rerun it once it has ended");
        assertThat(kt("diff", run, "20260101-000000-deadbeef").err()).contains("no run 20260101-000000-deadbeef");
        assertThat(kt("diff", run, "../etc").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(kt("rerun", "20260101-000000-deadbeef").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(kt("diff", run, run, "--limit", "-1").err()).contains("--limit must be 0 or more");
        assertThat(new RunCatalog(home.resolve("staging")).list()).hasSize(1);
    }
}
