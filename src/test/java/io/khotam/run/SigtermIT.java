package io.khotam.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.khotam.KhotamProcess;
import io.khotam.Rows;
import io.khotam.Sha256;
import io.khotam.cli.KhotamCli;
import io.khotam.evidence.RunLayout;
import io.khotam.store.RunCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real `serve` stopped with SIGTERM, as systemd, docker stop or kill stop it. */
class SigtermIT {

    @TempDir
    Path home;

    @Test
    void anIdleServeStopsCleanlyExitsZeroAndLogsToTheEnd() throws Exception {
        try (KhotamProcess serve = KhotamProcess.start("SigtermIT-idle", "--home", home.toString(), "--no-registry", "serve")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> serve.log().contains("is watching the inbox"));
            assertThat(serve.log()).contains("  home      " + home.toRealPath(), "  inbox     ", "  rule-set  dieu-0g 2026.06-demo",
                    "  registry  none", "  health    off", "  stop      Ctrl-C or kill " + serve.pid());
            serve.terminate();
            assertThat(serve.waitFor(60)).as(serve.log()).isZero();
            assertThat(serve.log()).contains("SIGTERM received: stopping");
        }
    }

    @Test
    void aRunCutOffByTheShutdownTimeoutIsInterruptedNamedAndItsInputGoesBack() throws Exception {
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Rows.writeJsonl(inbox.resolve("large.jsonl.part"), 400_000);
        String sha = Sha256.ofFile(inbox.resolve("large.jsonl.part"));
        Files.move(inbox.resolve("large.jsonl.part"), inbox.resolve("large.jsonl"));
        Path staging = home.resolve("staging");

        try (KhotamProcess serve = KhotamProcess.start("SigtermIT-cut-off", List.of(),
                List.of("-Dcamel.main.shutdown-timeout=1"), "--home", home.toString(), "--no-registry", "serve")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> MidRun.reached(staging, 200_000));
            serve.terminate();
            assertThat(serve.waitFor(60)).as("a run had to be interrupted: " + serve.log()).isEqualTo(5);
            String log = serve.log();
            List<RunCatalog.Entry> runs = new RunCatalog(staging).list();
            assertThat(runs).singleElement().satisfies(run -> {
                assertThat(run.status()).isEqualTo("INTERRUPTED");
                assertThat(log).contains("run " + run.runId() + " INTERRUPTED at shutdown after");
                assertThat(run.manifest().detail()).contains("went back to the inbox as large.jsonl");
                long written = Files.lines(run.dir().resolve(RunLayout.CANDIDATES)).count();
                assertThat(written).as("the rows it had written").isPositive()
                        .isEqualTo(run.manifest().counts().candidates());
                assertThat(run.dir().resolve("input/large.jsonl")).doesNotExist();
            });
            assertThat(Sha256.ofFile(inbox.resolve("large.jsonl"))).as("the input is back, unchanged").isEqualTo(sha);

            StringWriter out = new StringWriter();
            int verified = KhotamCli.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                    "--home", home.toString(), "verify", runs.get(0).runId());
            assertThat(verified).as("its own partial outputs are not tampering: " + out).isZero();
        }
    }
}
