package io.khotam.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.khotam.Rows;
import io.khotam.Sha256;
import io.khotam.registry.ProductionProof;
import io.khotam.registry.RegistrySettings;
import io.khotam.store.RunCatalog;
import io.khotam.store.RunDeleter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes fail mid-run in a real process: RLIMIT_FSIZE (ulimit -f) makes every write past 512 KB
 * fail with "File too large", as a full disk would. The run must end FAILED with that reason,
 * keep its input, say so in the exit code, and delete completely.
 */
class FileSizeLimitIT {

    @TempDir
    Path home;

    @Test
    void aWriteFailureEndsTheRunFailedAndKeepsItsInput() throws Exception {
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Rows.writeJsonl(inbox.resolve("big.jsonl.part"), 8_000); // about 3 MB of candidates to write
        String sha = Sha256.ofFile(inbox.resolve("big.jsonl.part"));
        Files.move(inbox.resolve("big.jsonl.part"), inbox.resolve("big.jsonl"));
        Path jar = Path.of("target", "kho-tam.jar").toAbsolutePath();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder("bash", "-c", "ulimit -f 1000; exec \"$0\" \"$@\"", javaBin,
                "-Dkhotam.inbox.read-lock-min-age=0", "-jar", jar.toString(), "--home", home.toString(), "--no-registry",
                "run", "--once").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes()); // a pipe: not limited by ulimit -f
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isEqualTo(5);
        assertThat(output).contains("FAILED", "File too large");
        List<RunCatalog.Entry> runs = new RunCatalog(home.resolve("staging")).list();
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.status()).isEqualTo("FAILED");
            assertThat(run.manifest().reason()).contains("File too large");
            assertThat(Sha256.ofFile(run.dir().resolve("input/big.jsonl"))).as("the input is kept, intact").isEqualTo(sha);
        });
        try (var left = Files.list(inbox)) {
            assertThat(left).isEmpty();
        }
        try (var proof = new ProductionProof(RegistrySettings.of("none", home, Map.of()))) {
            assertThat(new RunDeleter(home.resolve("staging"), Clock.systemUTC(), proof)
                    .delete(runs.get(0).runId(), false).complete()).isTrue();
        }
    }
}
