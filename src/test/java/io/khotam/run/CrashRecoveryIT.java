package io.khotam.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.khotam.KhotamProcess;
import io.khotam.Rows;
import io.khotam.Sha256;
import io.khotam.evidence.OutputFile;
import io.khotam.evidence.RunCounts;
import io.khotam.evidence.RunLayout;
import io.khotam.registry.ProductionProof;
import io.khotam.registry.RegistrySettings;
import io.khotam.store.DeleteReceipt;
import io.khotam.store.RunCatalog;
import io.khotam.store.RunDeleter;
import io.khotam.store.RunVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real kho-tam process, really killed with SIGKILL in the middle of a large run, then restarted. */
class CrashRecoveryIT {

    private static final int ROWS = 200_000;

    @TempDir
    Path home;

    @Test
    void aKilledRunIsInterruptedAndItsFileEndsInExactlyOneCompletedRun() throws Exception {
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Path part = inbox.resolve("large.jsonl.part");
        Rows.writeJsonl(part, ROWS);
        String sha = Sha256.ofFile(part);
        Files.move(part, inbox.resolve("large.jsonl"));
        Path staging = home.resolve("staging");

        try (KhotamProcess serve = KhotamProcess.start(getClass().getSimpleName() + "-serve", "--home", home.toString(), "serve")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> MidRun.reached(staging, 100_000));
            serve.kill();
        }
        List<RunCatalog.Entry> afterKill = new RunCatalog(staging).list();
        assertThat(afterKill).singleElement().satisfies(run -> {
            assertThat(run.status()).as("killed mid-run").isEqualTo("RUNNING");
            assertThat(run.dir().resolve("input/large.jsonl")).exists();
        });
        String interrupted = afterKill.get(0).runId();

        try (KhotamProcess restart = KhotamProcess.start(getClass().getSimpleName() + "-restart", "--home", home.toString(), "run", "--once")) {
            assertThat(restart.waitFor(120)).as(restart.log()).isZero();
        }

        List<RunCatalog.Entry> runs = new RunCatalog(staging).list();
        assertThat(runs).hasSize(2);
        RunCatalog.Entry old = runs.stream().filter(r -> r.runId().equals(interrupted)).findFirst().orElseThrow();
        RunCatalog.Entry fresh = runs.stream().filter(r -> !r.runId().equals(interrupted)).findFirst().orElseThrow();
        assertThat(old.status()).isEqualTo("INTERRUPTED");
        assertThat(old.manifest().detail()).contains("went back to the inbox");
        assertThat(old.dir().resolve("input/large.jsonl")).as("the file is in one place only").doesNotExist();
        assertThat(old.manifest().detail()).containsPattern("had written [1-9][0-9]* output line");
        assertThat(old.manifest().outputs()).extracting(OutputFile::path).contains(RunLayout.CANDIDATES);
        assertThat(old.manifest().outputs()).allMatch(o -> Boolean.TRUE.equals(o.partial()));
        RunVerifier.Report verified = RunVerifier.verify(new RunCatalog(staging).find(interrupted));
        assertThat(verified.ok()).as("its own partial outputs are not tampering: %s", verified.files()).isTrue();

        assertThat(fresh.status()).isEqualTo("COMPLETED");
        RunCounts counts = fresh.manifest().counts();
        assertThat(counts.scanned()).isEqualTo(ROWS);
        assertThat(counts.candidates()).isEqualTo(ROWS);
        assertThat(fresh.manifest().input().sha256()).isEqualTo(sha);
        assertThat(Sha256.ofFile(fresh.dir().resolve("input/large.jsonl"))).as("nothing lost, nothing changed").isEqualTo(sha);
        try (var left = Files.list(home.resolve("inbox"))) {
            assertThat(left).isEmpty();
        }
        try (var proof = new ProductionProof(RegistrySettings.of("demo",
                home.resolve("demo-registry"), Map.of()))) {
            DeleteReceipt receipt = new RunDeleter(staging, Clock.systemUTC(), proof).delete(interrupted, false);
            assertThat(receipt.complete()).as("the interrupted run can be deleted").isTrue();
            assertThat(receipt.production().untouched()).isTrue();
        }
    }
}
