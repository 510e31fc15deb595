package io.khotam.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.KhotamProcess;
import io.khotam.Requires;
import io.khotam.Rows;
import io.khotam.producer.TestWorkspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes as containers on host networking are: each in a pid namespace of its own with java as
 * pid 1, both with one host name, over one home and one workspace database. The second node starts,
 * and is restarted, while the first runs a large file: the first's run completes, untouched, since
 * only an expired lease lets a node recover or take over a run, never a host name and a pid that
 * happen to match (before: each start of the second node interrupted the first's live run).
 */
class SameHostNameNodesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATABASE = "khotam_samehost_it";

    @TempDir
    Path home;

    private final List<KhotamProcess> nodes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (KhotamProcess node : nodes) {
            node.close();
        }
    }

    private KhotamProcess node(String id, int start) throws Exception {
        // `hostname` inside a UTS namespace of its own, java as pid 1 of a pid namespace of its own
        KhotamProcess node = KhotamProcess.start("SameHostNameNodesIT-" + id + "-" + start,
                List.of("unshare", "--pid", "--fork", "--mount-proc", "--uts", "sh", "-c", "hostname khnode && exec \"$0\" \"$@\""),
                List.of("-Dkhotam.takeover.interval=1000"),
                "--home", home.toString(), "--no-registry", "--node-id", id, "--lease", "5s",
                "--workspace-url", "jdbc:postgresql://127.0.0.1:5432/" + DATABASE + "?user=postgres", "serve");
        nodes.add(node);
        await().atMost(Duration.ofSeconds(90)).until(() -> node.log().contains("is watching the inbox") || !node.alive());
        assertThat(node.alive()).as("node %s started; log: %s", id, node.log()).isTrue();
        return node;
    }

    @Test
    void aNodeStartingWithTheSameHostNameAndPidNeverTouchesAnotherNodesLiveRun() throws Exception {
        Requires.root("makes pid and UTS namespaces (unshare)");
        if (new ProcessBuilder("sh", "-c", "command -v unshare").start().waitFor() != 0) {
            fail("SameHostNameNodesIT needs unshare (util-linux) on the PATH");
        }
        TestWorkspace.freshDatabase(DATABASE);
        Files.createDirectories(home.resolve("inbox"));
        node("a", 1);
        Path part = home.resolve("inbox/big.jsonl.part");
        Rows.writeJsonl(part, 600_000);
        Files.move(part, home.resolve("inbox/big.jsonl"));
        JsonNode running = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(this::bigRun, m -> m != null && "RUNNING".equals(m.path("status").asText()));
        String runId = running.path("run_id").asText();
        assertThat(running.path("owner").path("pid").asLong()).as("java is pid 1 in its namespace").isEqualTo(1);
        String host = running.path("owner").path("host").asText(); // khnode, or "unknown" where it does not resolve: one for both

        KhotamProcess b = node("b", 1); // its start-up recovery sees a RUNNING run of its own host name and pid 1
        b.close();
        node("b", 2);

        JsonNode ended = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(this::bigRun, m -> m != null && !"RUNNING".equals(m.path("status").asText()));
        assertThat(ended.path("run_id").asText()).isEqualTo(runId);
        assertThat(ended.path("status").asText()).as("%s", ended.path("reason")).isEqualTo("COMPLETED");
        assertThat(ended.path("owner").path("node").asText()).isEqualTo("a");
        assertThat(ended.path("counts").path("scanned").asLong()).isEqualTo(600_000);
        assertThat(nodes.get(1).log() + nodes.get(2).log()).doesNotContain("was interrupted");
        System.out.printf("SameHostNameNodesIT: run %s of node a (host %s, pid 1) completed while node b started twice beside it%n",
                runId, host);
    }

    private JsonNode bigRun() throws Exception {
        try (var dirs = Files.list(home.resolve("staging"))) {
            for (Path dir : dirs.toList()) {
                Path manifest = dir.resolve("evidence/manifest.json");
                if (Files.isRegularFile(manifest)) {
                    try {
                        JsonNode m = JSON.readTree(manifest.toFile());
                        if ("big.jsonl".equals(m.path("input").path("file").asText())) {
                            return m;
                        }
                    } catch (IOException replacedMeanwhile) {
                        // read again at the next look
                    }
                }
            }
        }
        return null;
    }
}
