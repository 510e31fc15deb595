package io.khotam.run;

import static io.khotam.Observe.check;
import static io.khotam.Observe.freePort;
import static io.khotam.Observe.get;
import static io.khotam.Observe.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.KhotamProcess;
import io.khotam.Requires;
import io.khotam.Rows;
import io.khotam.Sha256;
import io.khotam.cli.KhotamCli;
import io.khotam.store.RunCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A really full disk: the home is a 16 MB tmpfs (root mounts it; where that is not allowed the
 * test fails and says so) and a run's outputs need more than is left. The run must end FAILED
 * with "no space left", keep its input, turn health DOWN, and once space returns the next file is
 * processed and health is UP again.
 */
class FullTmpfsIT {

    @TempDir
    Path mountPoint;

    @BeforeEach
    void mountTmpfs() throws Exception {
        Requires.root("mounts a 16 MB tmpfs as a real full disk");
        run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mountPoint.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        run("umount", "-l", mountPoint.toString());
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("`%s` must succeed: this test needs root to mount a small tmpfs as a real full "
                + "disk: %s", String.join(" ", command), output).isZero();
    }

    @Test
    void aFullDiskEndsTheRunFailedAndHealthDownUntilSpaceReturns() throws Exception {
        Path home = mountPoint;
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Rows.writeJsonl(inbox.resolve("big.jsonl.part"), 28_000); // about 8 MB in; the candidates alone need more than is left
        String sha = Sha256.ofFile(inbox.resolve("big.jsonl.part"));
        int port = freePort();
        try (KhotamProcess serve = KhotamProcess.start("FullTmpfsIT-serve", "--home", home.toString(), "--no-registry",
                "--http-port", Integer.toString(port), "serve")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> get(port, "/observe/health").status() == 200);
            Files.move(inbox.resolve("big.jsonl.part"), inbox.resolve("big.jsonl"));

            await().atMost(Duration.ofSeconds(90)).until(() -> finished(home));
            List<RunCatalog.Entry> runs = new RunCatalog(home.resolve("staging")).list();
            assertThat(runs).singleElement().satisfies(run -> {
                assertThat(run.status()).isEqualTo("FAILED");
                assertThat(run.manifest().reason()).startsWith("no space left on device in the staging folder");
                assertThat(Sha256.ofFile(run.dir().resolve("input/big.jsonl"))).as("the input is kept").isEqualTo(sha);
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/observe/health").status() == 503);
            String down = get(port, "/observe/health").body();
            assertThat(check(down, "staging-writable")).isEqualTo("DOWN");
            assertThat(message(down, "staging-writable")).contains("No space left on device");

            // a file arriving while the disk is full stays in the inbox, and health says why
            Files.writeString(inbox.resolve("small.jsonl.part"), new ObjectMapper()
                    .writeValueAsString(Rows.valid()) + "\n");
            Files.move(inbox.resolve("small.jsonl.part"), inbox.resolve("small.jsonl"));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    check(get(port, "/observe/health").body(), "inbox-claims").equals("DOWN"));
            assertThat(message(get(port, "/observe/health").body(), "inbox-claims")).contains("small.jsonl", "No space left");
            assertThat(inbox.resolve("small.jsonl")).exists();
            Thread.sleep(1000); // several polls: the failure is still logged once
            assertThat(serve.log().split("could not claim " + inbox.resolve("small.jsonl"), -1)).hasSize(2);

            // space returns: the operator deletes the failed run; the waiting file is processed
            StringWriter out = new StringWriter();
            assertThat(KhotamCli.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                    "--home", home.toString(), "--no-registry", "delete", runs.get(0).runId())).as(out.toString()).isZero();
            await().atMost(Duration.ofSeconds(60)).until(() -> new RunCatalog(home.resolve("staging")).list().stream()
                    .anyMatch(r -> r.status().equals("COMPLETED")));
            await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/observe/health").status() == 200);
            assertThat(serve.log()).contains("no longer fails to be claimed");
        }
    }

    private static boolean finished(Path home) throws Exception {
        List<RunCatalog.Entry> runs = new RunCatalog(home.resolve("staging")).list();
        return !runs.isEmpty() && runs.stream().noneMatch(r -> r.status().equals("RUNNING"));
    }
}
