package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.KhotamProcess;
import io.khotam.Observe;
import io.khotam.Requires;
import io.khotam.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static io.khotam.Observe.check;
import static io.khotam.Observe.freePort;
import static io.khotam.Observe.get;

/** Health and metrics over real HTTP from a real `serve` process. */
class OperatorViewIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void healthTurnsDownWhenStagingIsNotWritableAndMetricsCountRuns() throws Exception {
        int port = freePort();
        try (KhotamProcess serve = KhotamProcess.start("OperatorViewIT-serve", "--home", home.toString(),
                "--http-port", Integer.toString(port), "--node-id", "op-1", "serve")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> get(port, "/observe/health").status() == 200);
            String health = get(port, "/observe/health").body();
            assertThat(JSON.readTree(health).path("status").asText()).isEqualTo("UP");
            assertThat(check(health, "staging-writable")).isEqualTo("UP");
            assertThat(check(health, "registry-reachable")).isEqualTo("UP");

            Path part = Files.writeString(home.resolve("inbox/m.jsonl.part"), new ObjectMapper().writeValueAsString(Rows.valid()) + "\n");
            Files.move(part, home.resolve("inbox/m.jsonl"));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    get(port, "/observe/metrics").body().contains("khotam_runs_total{node=\"op-1\",status=\"COMPLETED\"} 1.0"));
            String metrics = get(port, "/observe/metrics").body();
            assertThat(metrics).contains("khotam_rows_total{node=\"op-1\",stage=\"gate\",verdict=\"passed\"} 1.0",
                    "khotam_run_duration_seconds_count{node=\"op-1\",status=\"COMPLETED\"} 1");

            Path staging = home.resolve("staging");
            chattr("+i", staging); // not writable, even for root
            try {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    Observe.Answer down = get(port, "/observe/health");
                    assertThat(down.status()).isEqualTo(503);
                    assertThat(check(down.body(), "staging-writable")).isEqualTo("DOWN");
                });
            } finally {
                chattr("-i", staging);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/observe/health").status() == 200);
        }
    }

    @Test
    void healthIsDownWhileAConfiguredRegistryIsUnreachable() throws Exception {
        int port = freePort();
        try (KhotamProcess serve = KhotamProcess.start("OperatorViewIT-registry", "--home", home.toString(),
                "--registry-url", "jdbc:postgresql://127.0.0.1:1/registry", "--http-port", Integer.toString(port), "serve")) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Observe.Answer health = get(port, "/observe/health");
                assertThat(health.status()).isEqualTo(503);
                assertThat(check(health.body(), "registry-reachable")).isEqualTo("DOWN");
            });
        }
    }

    @Test
    void theServerListensOnLoopbackOnly() throws Exception {
        int port = freePort();
        try (KhotamProcess serve = KhotamProcess.start("OperatorViewIT-bind", "--home", home.toString(),
                "--http-port", Integer.toString(port), "serve")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> get(port, "/observe/health").status() == 200);
            String hexPort = String.format(":%04X ", port);
            List<String> listening = new ArrayList<>();
            for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
                Files.readAllLines(Path.of(table)).stream()
                        .filter(l -> l.contains(hexPort) && l.split("\\s+")[4].equals("0A"))
                        .forEach(l -> listening.add(l.trim().split("\\s+")[1]));
            }
            // 127.0.0.1, possibly as an IPv4-mapped IPv6 address; never a wildcard
            assertThat(listening).isNotEmpty().allSatisfy(local -> assertThat(local).matches("(0100007F|0{16}FFFF00000100007F):.*"));
        }
    }

    private static void chattr(String flag, Path file) throws Exception {
        Requires.root("makes the staging folder immutable with chattr +i");
        Process p = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("chattr %s %s (needs root and an ext4-like filesystem): %s", flag, file, output).isZero();
    }
}
