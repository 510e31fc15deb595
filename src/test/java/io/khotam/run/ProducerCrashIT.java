package io.khotam.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.khotam.KhotamProcess;
import io.khotam.evidence.Manifest;
import io.khotam.store.RunCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kho-tam, really killed with SIGKILL while its SQL producer runs in the embedded
 * workspace, then started again: the run is INTERRUPTED, its schema dropped, the embedded
 * PostgreSQL the dead process left running stopped, and the file ends in one COMPLETED run.
 */
class ProducerCrashIT {

    @TempDir
    Path home;

    @Test
    void aKillMidProducerLeavesNoSchemaAndNoPostgresBehindAfterTheRestart() throws Exception {
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Files.copy(Path.of("examples/flora-sample.json"), inbox.resolve("flora-sample.json"));
        Path sleeper = Files.writeString(home.resolve("sleeper.sql"), "SELECT pg_sleep(120);");
        Path staging = home.resolve("staging");

        try (KhotamProcess serve = KhotamProcess.start("ProducerCrashIT-serve", "--home", home.toString(), "--no-registry",
                "serve", "--producer", "sql:" + sleeper)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> serve.log().contains("producer " + sleeper + " starts"));
            serve.kill();
        }
        List<RunCatalog.Entry> afterKill = new RunCatalog(staging).list();
        assertThat(afterKill).singleElement().satisfies(run -> assertThat(run.status()).isEqualTo("RUNNING"));
        String killed = afterKill.get(0).runId();
        assertThat(postgresOf(home)).as("the dead process's embedded PostgreSQL is still running").isNotEmpty();

        try (KhotamProcess restart = KhotamProcess.start("ProducerCrashIT-restart", "--home", home.toString(), "--no-registry",
                "run", "--once")) {
            assertThat(restart.waitFor(120)).as(restart.log()).isZero();
            assertThat(restart.log()).contains("left running by a kho-tam that was killed");
        }

        Manifest interrupted = new RunCatalog(staging).find(killed).manifest();
        assertThat(interrupted.status().name()).isEqualTo("INTERRUPTED");
        assertThat(interrupted.producer().workspace().state()).as("its schema was dropped at the restart").isEqualTo("dropped");
        List<RunCatalog.Entry> runs = new RunCatalog(staging).list();
        assertThat(runs).hasSize(2).filteredOn(r -> !r.runId().equals(killed)).singleElement()
                .satisfies(run -> assertThat(run.status()).isEqualTo("COMPLETED"));
        assertThat(postgresOf(home)).as("no PostgreSQL of this home is left once kho-tam has stopped").isEmpty();
    }

    /** The postgres processes serving this home's workspace. */
    private static List<ProcessHandle> postgresOf(Path home) {
        String dataDir = home.resolve(".workspace").toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("-D " + dataDir)).toList();
    }
}
