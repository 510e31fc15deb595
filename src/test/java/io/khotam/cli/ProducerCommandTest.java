package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.khotam.evidence.Manifest;
import io.khotam.evidence.Manifests;
import io.khotam.producer.TestWorkspace;
import io.khotam.store.RunCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/producer.md as a registry engineer types it: the bundled examples, the example
 * producers, the embedded workspace of the README's first command, and the exit code each verdict
 * gives; then a kept workspace schema, and a workspace that would be the registry.
 */
class ProducerCommandTest {

    private static final String PRODUCERS = "examples/producers/";

    @TempDir
    Path home;

    private CliResult kt(String... args) {
        return CliResult.in(home, List.of(), args);
    }

    /** The first run of this input (run ids of one second sort by the input's hash, not by time). */
    private String firstRunOf(String input) throws Exception {
        return runsOf(input).get(0);
    }

    private String newestRunOf(String input) throws Exception {
        List<String> runs = runsOf(input);
        return runs.get(runs.size() - 1);
    }

    private List<String> runsOf(String input) throws Exception {
        return new RunCatalog(home.resolve("staging")).list().stream()
                .filter(r -> r.manifest().input().file().equals(input))
                .sorted(Comparator.comparing(r -> r.manifest().startedAt())).map(RunCatalog.Entry::runId).toList();
    }

    @Test
    void eachExampleProducerGetsItsVerdictAndExitCode_andDiffShowsWhereOneDisagrees() throws Exception {
        CliResult reference = kt("run", "--once", "--examples", "--producer", "sql:" + PRODUCERS + "reference.sql");
        assertThat(reference.exit()).as(reference.err()).isEqualTo(ExitCode.OK);
        assertThat(reference.out().lines().filter(l -> l.contains("COMPLETED"))).hasSize(3)
                .allMatch(l -> l.endsWith("producer: CONFORMS"));
        String flora = firstRunOf("flora-sample.json");

        CliResult builtin = kt("rerun", flora);
        assertThat(builtin.exit()).as(builtin.err()).isEqualTo(ExitCode.OK);
        String builtinRun = newestRunOf("flora-sample.json");
        CliResult lenient = kt("rerun", flora, "--producer", "sql:" + PRODUCERS + "lenient-gate.sql");
        assertThat(lenient.exit()).as(lenient.out() + lenient.err()).isEqualTo(ExitCode.PRODUCER_DIVERGES);
        assertThat(lenient.out()).contains("producer: DIVERGES");
        String lenientRun = newestRunOf("flora-sample.json");
        CliResult fused = kt("rerun", flora, "--producer", "sql:" + PRODUCERS + "fused-shortcut.sql");
        assertThat(fused.exit()).as(fused.out() + fused.err()).isEqualTo(ExitCode.CHECK_VIOLATED);
        assertThat(fused.out()).contains("producer: BREAKS_CONTRACT");
        CliResult certifies = kt("rerun", flora, "--producer", "sql:" + PRODUCERS + "certifies.sql");
        assertThat(certifies.exit()).isEqualTo(ExitCode.CHECK_VIOLATED);
        CliResult python = kt("rerun", flora, "--producer", "exec:python3 " + PRODUCERS + "reference.py");
        assertThat(python.exit()).as(python.out() + python.err()).isEqualTo(ExitCode.OK);
        assertThat(python.out()).contains("producer: CONFORMS");

        CliResult diff = kt("diff", builtinRun, lenientRun, "--json");
        assertThat(diff.out()).contains("\"changed_rows\":1").contains("\"entity_code\":\"FLORA-000105\"");
        CliResult same = kt("diff", builtinRun, flora);
        assertThat(same.out()).as("the reference producer and the built-in inspectors agree").contains("no row changed");
    }

    @Test
    void aKeptWorkspaceSchemaStaysUntilItsRunIsDeleted() throws Exception {
        String workspace = TestWorkspace.url();
        CliResult kept = CliResult.in(home, List.of("--workspace-url", workspace), "run", "--once", "--examples", "--producer",
                "sql:" + PRODUCERS + "reference.sql", "--keep-workspace");
        assertThat(kept.exit()).as(kept.err()).isEqualTo(ExitCode.OK);
        String run = firstRunOf("flora-sample.json");
        Manifest manifest = Manifests.read(home.resolve("staging").resolve(run));
        String schema = manifest.producer().workspace().schema();
        assertThat(manifest.producer().workspace().state()).isEqualTo("kept");
        assertThat(TestWorkspace.runSchemas()).contains(schema);
        assertThat(TestWorkspace.catalog()).as("the run's role is gone even so").noneMatch(l -> l.startsWith("role khotam_run_"));

        CliResult elsewhere = kt("delete", run);
        assertThat(elsewhere.exit()).as("the default (embedded) workspace does not hold that schema").isEqualTo(ExitCode.REFUSED);
        assertThat(elsewhere.out()).contains("in localhost:5432/" + TestWorkspace.DATABASE + ", which is not the workspace "
                + "configured here");
        assertThat(TestWorkspace.runSchemas()).as("never said dropped where it was not").contains(schema);
        assertThat(home.resolve("staging").resolve(run)).as("refused: nothing was moved or removed").exists();

        CliResult deleted = CliResult.in(home, List.of("--workspace-url", workspace), "delete", run);
        assertThat(deleted.exit()).as(deleted.err()).isEqualTo(ExitCode.OK);
        assertThat(deleted.out()).contains("its workspace schema " + schema + " was dropped");
        assertThat(TestWorkspace.runSchemas()).doesNotContain(schema);
        CliResult rest = CliResult.in(home, List.of("--workspace-url", workspace), "delete", "--all");
        assertThat(rest.exit()).as(rest.err()).isEqualTo(ExitCode.OK);
        assertThat(TestWorkspace.runSchemas()).isEmpty();
    }

    @Test
    void aWorkspaceThatIsTheRegistrysDatabaseIsAConfigurationErrorBeforeAnythingIsClaimed() throws Exception {
        Files.createDirectories(home.resolve("inbox"));
        Files.writeString(home.resolve("inbox/rows.jsonl"), "{}\n");
        CliResult r = kt("--registry-url", "jdbc:postgresql://127.0.0.1:5432/test", "run", "--once",
                "--workspace-url", "jdbc:postgresql://localhost/test?user=postgres", "--producer", "sql:" + PRODUCERS + "reference.sql");
        assertThat(r.exit()).isEqualTo(ExitCode.CONFIG);
        assertThat(r.err()).contains("the workspace URL names the registry's database (localhost:5432/test)");
        assertThat(home.resolve("inbox/rows.jsonl")).as("nothing was claimed").exists();
    }

    @Test
    void aProducerThatCannotBeRunIsAConfigurationErrorNamingIt() {
        CliResult missing = kt("run", "--once", "--producer", "sql:no/such/script.sql");
        assertThat(missing.exit()).isEqualTo(ExitCode.CONFIG);
        assertThat(missing.err()).contains("no/such/script.sql: no such file");
        CliResult unknown = kt("run", "--once", "--producer", "python:x.py");
        assertThat(unknown.exit()).isEqualTo(ExitCode.CONFIG);
        assertThat(unknown.err()).contains("is not one of builtin, sql:FILE, exec:");
        CliResult timeout = kt("run", "--once", "--producer-timeout", "soon");
        assertThat(timeout.exit()).isEqualTo(ExitCode.CONFIG);
    }
}
