package io.khotam.cli;

import io.khotam.evidence.RunIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.khotam.Sha256;
import io.khotam.bench.Fixtures;
import io.khotam.intake.InputFormat;
import io.khotam.producer.TestWorkspace;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;

/** The commands as a user types them: the real entry point, Camel Main and the routes bundled in the build. */
class CommandLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private CliResult kt(String... args) {
        return CliResult.run(args);
    }

    private void drop(String name, String content) throws Exception {
        Files.createDirectories(home.resolve("inbox"));
        Path part = Files.writeString(home.resolve("inbox").resolve(name + ".part"), content);
        Files.move(part, home.resolve("inbox").resolve(name));
    }

    private List<Path> runDirs() throws Exception {
        try (var dirs = Files.list(home.resolve("staging"))) {
            return dirs.filter(d -> RunIds.is(d.getFileName().toString())).sorted().toList();
        }
    }

    @Test
    void runOnceOnTheBundledExamplesCompletesEveryRunAndExitsZero() throws Exception {
        CliResult r = kt("--home", home.toString(), "run", "--once", "--examples");

        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("flora-sample.json", "fauna-sample.jsonl", "wrapped-sample.json")
                .contains("3 run(s): 3 completed, 0 rejected, 0 failed");
        assertThat(runDirs()).hasSize(3);
        try (var left = Files.list(home.resolve("inbox"))) {
            assertThat(left).as("every example was claimed").isEmpty();
        }
    }

    @Test
    void eachRunLineSaysItsCountsAndTheSummaryNamesTheHome() {
        CliResult r = kt("--home", home.toString(), "run", "--once", "--examples");

        assertThat(r.out()).containsPattern("COMPLETED\\s+candidates=\\d+\\s+dead_letters=\\d+\\s+flora-sample.json")
                .contains("home: " + home.toAbsolutePath().normalize() + "  (look inside: kho-tam --home ");
    }

    @Test
    void commandsWithoutTheRoutesLookWhereAStagingSettingPointsTheRuns() throws Exception {
        Path elsewhere = Files.createDirectories(home.resolve("other-staging"));
        System.setProperty("khotam.staging", elsewhere.toString());
        try {
            assertThat(kt("--home", home.toString(), "run", "--once", "--examples").exit()).isZero();
            CliResult listed = kt("--home", home.toString(), "list");
            assertThat(listed.out()).contains("flora-sample.json", "fauna-sample.jsonl");
            try (var runs = Files.list(elsewhere)) {
                assertThat(runs.filter(d -> RunIds.is(d.getFileName().toString()))).hasSize(3);
            }
        } finally {
            System.clearProperty("khotam.staging");
        }
    }

    @Test
    void eachCommandsHelpListsOnlyTheOptionsItTakes() {
        assertThat(kt("list", "--help").out()).contains("--home").doesNotContain("--http-port", "--registry-url", "--ruleset=");
        assertThat(kt("delete", "--help").out()).contains("--registry-url", "--workspace-url").doesNotContain("--http-port", "--ruleset");
        assertThat(kt("serve", "--help").out()).contains("--http-port", "--registry-url", "--ruleset", "--routes");
    }

    @Test
    void anOptionMayStandBeforeOrAfterItsCommand() throws Exception {
        drop("rows.jsonl", new ObjectMapper().writeValueAsString(Rows.valid()) + "\n");
        CliResult after = kt("--home", home.toString(), "run", "--once", "--no-registry");
        assertThat(after.exit()).as(after.err()).isZero();
        drop("more.jsonl", new ObjectMapper().writeValueAsString(Rows.valid()) + "\n");
        CliResult before = kt("--home", home.toString(), "--no-registry", "run", "--once");
        assertThat(before.exit()).as(before.err()).isZero();
        assertThat(runDirs()).as("one run for each way of placing the option").hasSize(2);
        for (Path run : runDirs()) {
            assertThat(Files.readString(run.resolve("evidence/manifest.json"))).contains("\"configured\" : false");
        }
    }

    @Test
    void sampleReadsTheDemoRegistryThroughTheSampleRoute() throws Exception {
        CliResult r = kt("--home", home.toString(), "sample", "--limit", "3");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("3 rows -> .*sample-\\d{8}-\\d{6}-\\p{XDigit}{8}\\.jsonl");
        assertThat(runDirs()).as("sampling makes no run by itself").isEmpty();
        CliResult none = kt("--home", home.toString(), "sample", "--limit", "3", "--no-registry");
        assertThat(none.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(none.err()).contains("no registry is configured");
    }

    @Test
    void everyBundledExampleChecksClean() throws Exception {
        assertThat(kt("--home", home.toString(), "run", "--once", "--examples").exit()).isZero();
        assertThat(runDirs()).hasSize(3);
        for (Path run : runDirs()) {
            CliResult checked = kt("--home", home.toString(), "check", run.getFileName().toString());
            assertThat(checked.exit()).as(checked.out()).isZero();
            assertThat(checked.out()).contains("conforms");
            assertThat(kt("--home", home.toString(), "show", run.getFileName().toString()).out())
                    .contains("check      conforms");
        }
        assertThat(kt("--home", home.toString(), "list", "--check").out()).contains("CHECK").containsPattern("conforms +flora");
    }

    @Test
    void aHundredThousandRowRunOfEveryKindOfRowChecksClean() throws Exception {
        Files.createDirectories(home.resolve("inbox"));
        Fixtures.write(home.resolve("inbox/fixture.jsonl.part"), 100_000, InputFormat.JSONL);
        Files.move(home.resolve("inbox/fixture.jsonl.part"), home.resolve("inbox/fixture.jsonl"));
        assertThat(kt("--home", home.toString(), "--no-registry", "run", "--once").exit()).isZero();
        CliResult checked = kt("--home", home.toString(), "check", runDirs().get(0).getFileName().toString());
        assertThat(checked.exit()).as(checked.out()).isZero();
        assertThat(checked.out()).contains("conforms").containsPattern("\\d{5} candidate packet");
    }

    @Test
    void requeuePutsARejectedRunsInputBackUnchangedAndRefusesATakenName() throws Exception {
        drop("notes.txt", "not rows, but someone's notes");
        drop("good.jsonl", new ObjectMapper().writeValueAsString(Rows.valid()) + "\n");
        assertThat(kt("--home", home.toString(), "run", "--once").exit()).isEqualTo(ExitCode.REJECTED);
        String rejected = null;
        String completed = null;
        for (Path run : runDirs()) {
            String status = JSON.readTree(run.resolve("evidence/manifest.json").toFile()).path("status").asText();
            if (status.equals("REJECTED")) {
                rejected = run.getFileName().toString();
            } else {
                completed = run.getFileName().toString();
            }
        }
        String sha = Sha256.ofFile(home.resolve("staging").resolve(rejected).resolve("input/notes.txt"));

        CliResult notThatOne = kt("--home", home.toString(), "requeue", completed);
        assertThat(notThatOne.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(notThatOne.err()).contains("is COMPLETED; only a REJECTED, FAILED or INTERRUPTED run is requeued");

        Files.writeString(home.resolve("inbox/notes.txt"), "a newer file of the same name");
        CliResult taken = kt("--home", home.toString(), "requeue", rejected);
        assertThat(taken.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(taken.err()).contains("is taken; the run keeps its input and nothing was changed");
        assertThat(home.resolve("staging").resolve(rejected).resolve("input/notes.txt")).exists();
        assertThat(home.resolve("inbox/notes.txt")).hasContent("a newer file of the same name");
        Files.delete(home.resolve("inbox/notes.txt"));

        CliResult requeued = kt("--home", home.toString(), "requeue", rejected);
        assertThat(requeued.exit()).as(requeued.err()).isZero();
        JsonNode receipt = JSON.readTree(requeued.out());
        assertThat(receipt.path("outcome").asText()).isEqualTo("DELETED");
        assertThat(receipt.path("status").asText()).isEqualTo("REJECTED");
        assertThat(receipt.path("message").asText()).startsWith("requeued as " + home.resolve("inbox/notes.txt"));
        assertThat(Sha256.ofFile(home.resolve("inbox/notes.txt"))).as("the bytes, unchanged").isEqualTo(sha);
        assertThat(home.resolve("staging").resolve(rejected)).doesNotExist();
        assertThat(kt("--home", home.toString(), "requeue", rejected).exit()).as("gone: no such run").isEqualTo(ExitCode.USAGE);
    }

    @Test
    void runOnceWithNothingToDoExitsZero() {
        CliResult r = kt("run", "--once", "--home", home.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("0 run(s)");
    }

    @Test
    void aRejectedRunGivesItsOwnExitCode() throws Exception {
        drop("good.jsonl", new ObjectMapper().writeValueAsString(Rows.valid()) + "\n");
        drop("notes.txt", "not rows");

        CliResult r = kt("--home", home.toString(), "run", "--once");

        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.REJECTED);
        assertThat(r.out()).containsPattern("REJECTED +candidates=0 +dead_letters=1 +notes.txt +\\(UNSUPPORTED_FORMAT\\)")
                .containsPattern("COMPLETED +candidates=1 +dead_letters=0 +good.jsonl");
    }

    @Test
    void aRuleSetMissingAtStartIsAConfigurationErrorAndTheInboxIsUntouched() throws Exception {
        drop("rows.jsonl", new ObjectMapper().writeValueAsString(Rows.valid()) + "\n");

        CliResult r = kt("--home", home.toString(), "--ruleset", home.resolve("nope.yaml").toString(), "run", "--once",
                "--examples");

        assertThat(r.exit()).isEqualTo(ExitCode.CONFIG);
        assertThat(r.err()).contains("nope.yaml does not exist");
        try (var inbox = Files.list(home.resolve("inbox"))) {
            assertThat(inbox.map(p -> p.getFileName().toString())).as("nothing claimed, no example dropped")
                    .containsExactly("rows.jsonl");
        }
        assertThat(runDirs()).isEmpty();
    }

    @Test
    void aBrokenRuleSetNamesLineColumnAndKeyAndNoJavaType() throws Exception {
        Path broken = home.resolve("broken.yaml");
        String valid = new String(getClass().getClassLoader().getResourceAsStream("rulesets/dieu-0g-demo.yaml").readAllBytes(),
                StandardCharsets.UTF_8);
        Files.writeString(broken, valid.replace("name_max_length: 200", "name_max_length: lots")
                .replace("pen:\n", "pen:\n  colour: red\n"));

        CliResult r = kt("--home", home.toString(), "--ruleset", broken.toString(), "run", "--once");

        assertThat(r.exit()).isEqualTo(ExitCode.CONFIG);
        assertThat(r.err()).contains("broken.yaml is not a valid rule-set: line 7, column 3: key 'pen.colour': unknown key");
        assertThat(r.err()).doesNotContain("io.khotam", "java.", "class ");

        Files.writeString(broken, valid.replace("name_max_length: 200", "name_max_length: lots"));
        CliResult wrongType = kt("--home", home.toString(), "--ruleset", broken.toString(), "run", "--once");
        int nameLine = 1 + (int) valid.lines().takeWhile(l -> !l.contains("name_max_length")).count();
        assertThat(wrongType.err()).contains("line " + nameLine + ", column 3: key 'stamp.name_max_length': "
                + "expected a whole number");
    }

    @Test
    void aBadPropertyValueIsAConfigurationErrorNamingItsKey() {
        for (String[] setting : new String[][] {{"khotam.retention", "banana"}, {"khotam.parser.max-row-chars", "4Mi"},
                {"khotam.concurrent-runs", "0"}, {"khotam.concurrent-runs", "two"}, {"khotam.proof.interval", "soon"}}) {
            System.setProperty(setting[0], setting[1]);
            try {
                CliResult r = kt("--home", home.toString(), "--no-registry", "run", "--once");
                assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.CONFIG);
                assertThat(r.err()).contains(setting[0], setting[1]).doesNotContain("internal error");
            } finally {
                System.clearProperty(setting[0]);
            }
        }
    }

    @Test
    void aBadNodeIdOrLeaseIsAConfigurationErrorAndNothingIsClaimed() throws Exception {
        drop("rows.jsonl", new ObjectMapper().writeValueAsString(Rows.valid()) + "\n");

        CliResult badId = kt("--home", home.toString(), "--no-registry", "run", "--once", "--node-id", "two words");
        assertThat(badId.exit()).as(badId.err()).isEqualTo(ExitCode.CONFIG);
        assertThat(badId.err()).contains("khotam.node-id", "'two words' is not").doesNotContain("internal error");

        CliResult shortLease = kt("--home", home.toString(), "--no-registry", "--workspace-url",
                TestWorkspace.url(), "run", "--once", "--lease", "0s");
        assertThat(shortLease.exit()).as(shortLease.err()).isEqualTo(ExitCode.CONFIG);
        assertThat(shortLease.err()).contains("khotam.lease", "at least 1s");
        assertThat(runDirs()).isEmpty();
    }

    @Test
    void anUnknownSandboxWordIsAConfigurationErrorAndNothingIsClaimed() throws Exception {
        drop("rows.jsonl", new ObjectMapper().writeValueAsString(Rows.valid()) + "\n");

        CliResult r = kt("--home", home.toString(), "--no-registry", "run", "--once", "--producer", "exec:cat",
                "--producer-sandbox", "docker");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.CONFIG);
        assertThat(r.err()).contains("--producer-sandbox docker is not one of auto, bwrap, user, none");
        assertThat(runDirs()).isEmpty();
        assertThat(home.resolve("inbox/rows.jsonl")).exists();
    }

    @Test
    void eachRunNamesTheNodeThatRanIt() throws Exception {
        assertThat(kt("--home", home.toString(), "run", "--once", "--examples", "--node-id", "host-7").exit()).isZero();

        JsonNode listed = JSON.readTree(kt("--home", home.toString(), "list", "--json").out());
        assertThat(listed).hasSize(3).allSatisfy(run -> assertThat(run.path("node").asText()).isEqualTo("host-7"));
        String text = kt("--home", home.toString(), "list").out();
        assertThat(text.lines().findFirst().orElseThrow()).contains("NODE");
        assertThat(text).contains("host-7");
        for (Path dir : runDirs()) {
            assertThat(JSON.readTree(dir.resolve("evidence/manifest.json").toFile()).path("owner").path("node").asText())
                    .isEqualTo("host-7");
            assertThat(Files.readString(dir.resolve("evidence/report.html"))).contains("on node <code>host-7</code>");
        }
    }

    @Test
    void listAndShowDescribeTheRuns() throws Exception {
        assertThat(kt("--home", home.toString(), "run", "--once", "--examples").exit()).isZero();

        JsonNode listed = JSON.readTree(kt("--home", home.toString(), "list", "--json").out());
        assertThat(listed).hasSize(3);
        JsonNode flora = null;
        for (JsonNode run : listed) {
            assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
            if (run.path("file").asText().equals("flora-sample.json")) {
                flora = run;
            }
        }
        assertThat(flora).isNotNull();
        assertThat(flora.path("rows").asInt()).isEqualTo(7);
        assertThat(flora.path("dead_letters").asInt()).isEqualTo(4);
        String id = flora.path("run_id").asText();

        CliResult table = kt("--home", home.toString(), "list");
        assertThat(table.out()).contains("RUN", "STATUS", id, "flora-sample.json", "(oldest first");
        List<String> started = new ArrayList<>();
        listed.forEach(run -> started.add(run.path("started_at").asText()));
        assertThat(started).as("oldest first").isSortedAccordingTo(Comparator.comparing(Instant::parse));
        List<String> newestFirst = new ArrayList<>();
        JSON.readTree(kt("--home", home.toString(), "list", "--json", "--newest-first").out())
                .forEach(run -> newestFirst.add(run.path("run_id").asText()));
        List<String> reversed = new ArrayList<>();
        listed.forEach(run -> reversed.add(0, run.path("run_id").asText()));
        assertThat(newestFirst).containsExactlyElementsOf(reversed);

        CliResult shown = kt("--home", home.toString(), "show", id);
        assertThat(shown.exit()).isZero();
        assertThat(shown.out()).contains("COMPLETED", "scanned 7", "dead letters: 4 line(s)", "ENTITY_CODE_MALFORMED", "FORBIDDEN_FIELD")
                .containsPattern("skipped: \\d+ row\\(s\\); by code:");

        JsonNode manifest = JSON.readTree(kt("--home", home.toString(), "show", id, "--json").out());
        assertThat(manifest.path("run_id").asText()).isEqualTo(id);
        assertThat(manifest.path("counts").path("scanned").asInt()).isEqualTo(7);
    }

    @Test
    void showRefusesWhatIsNotARunId() {
        for (String bad : List.of("../etc", "/tmp", "20260101-000000-deadbeef/..", "staging")) {
            CliResult r = kt("--home", home.toString(), "show", bad);
            assertThat(r.exit()).as(bad).isEqualTo(ExitCode.USAGE);
            assertThat(r.err()).contains("is not a run id");
        }
        CliResult missing = kt("--home", home.toString(), "show", "20260101-000000-deadbeef");
        assertThat(missing.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("no run 20260101-000000-deadbeef");
    }

    @Test
    void aHomeThatIsNotADirectoryIsAConfigurationError() {
        CliResult r = kt("--home", home.resolve("missing").toString(), "run", "--once");
        assertThat(r.exit()).isEqualTo(ExitCode.CONFIG);
        assertThat(r.err()).contains("is not a directory");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(kt("--home", home.toString(), "run").exit()).as("run without --once").isEqualTo(ExitCode.USAGE);
        assertThat(kt("--bogus").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(kt("frobnicate").exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void helpNamesTheCommandsOptionsAndExitCodes() {
        CliResult r = kt("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("serve", "run", "list", "show", "--home", "--ruleset", "Exit codes", "REJECTED");
    }
}
