package io.khotam.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.KhotamProcess;
import io.khotam.Requires;
import io.khotam.Rows;
import io.khotam.Sha256;
import io.khotam.check.RunChecker;
import io.khotam.producer.TestWorkspace;
import io.khotam.store.RunCatalog;
import io.khotam.store.RunVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code serve} nodes, each in its own network namespace (its own host, as far as the
 * network goes), over one shared home and the host's PostgreSQL (reached through a relay on each
 * namespace's link). 2,000 files of mixed outcomes are dropped while one node is killed in the
 * middle of a run, a second is frozen (SIGSTOP) for longer than the lease, the third is cut off
 * from PostgreSQL (nft DROP inside its namespace) for longer than the lease, and PostgreSQL itself
 * is restarted once. Afterwards every file is in exactly one finished run with the status its
 * content deserves, the INTERRUPTED runs are exactly the taken-over ones, and no run was ended by
 * two nodes. Needs root, ip, nft, socat and PostgreSQL: without them it fails and says so.
 */
class MultiNodeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FILES = 2_000;
    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final String DATABASE = "khotam_multinode_it";
    private static final String PREFIX = "khmn";

    @TempDir
    Path home;

    private final List<Process> relays = new ArrayList<>();
    private final List<KhotamProcess> nodes = new ArrayList<>();
    private final Map<String, String> expected = new HashMap<>(); // input sha256 -> status it deserves
    private final AtomicInteger dropped = new AtomicInteger();
    private final List<String> takeovers = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (KhotamProcess node : nodes) {
            sh("kill -CONT " + node.pid() + " 2>/dev/null || true");
            node.close();
        }
        relays.forEach(Process::destroyForcibly);
        for (int n = 1; n <= 3; n++) {
            sh("ip netns del " + PREFIX + n + " 2>/dev/null || true; ip link del " + PREFIX + "h" + n + " 2>/dev/null || true");
        }
    }

    @Test
    void nodesDieFreezeAndLoseTheDatabaseAndNothingIsLostOrDoubled() throws Exception {
        Requires.root("makes network namespaces, veth links and nft rules");
        for (String tool : List.of("ip", "nft", "socat", "pg_ctlcluster")) {
            if (sh("command -v " + tool + " >/dev/null") != 0) {
                fail("MultiNodeIT needs `%s` on the PATH (.ci/run installs iproute2, nftables and socat)", tool);
            }
        }
        TestWorkspace.freshDatabase(DATABASE);
        Files.createDirectories(home.resolve("inbox"));
        for (int n = 1; n <= 3; n++) {
            host(n);
        }
        for (int n = 1; n <= 3; n++) {
            nodes.add(KhotamProcess.start("MultiNodeIT-node" + n, List.of("ip", "netns", "exec", PREFIX + n),
                    List.of("-Dkhotam.takeover.interval=1000", "-Dkhotam.inbox.delay=200"),
                    "--home", home.toString(), "--no-registry", "--node-id", "node" + n, "--http-port", "8080", "--lease", LEASE.toSeconds() + "s",
                    "--workspace-url", "jdbc:postgresql://10.231." + n + ".1:5432/" + DATABASE + "?user=postgres", "serve"));
        }
        for (int n = 0; n < 3; n++) {
            KhotamProcess node = nodes.get(n);
            await().atMost(Duration.ofSeconds(90)).until(() -> node.log().contains("is watching the inbox") || !node.alive());
            assertThat(node.alive()).as("node%d started; log: %s", n + 1, node.log()).isTrue();
        }
        Thread.sleep(LEASE.toMillis()); // every node has renewed for a whole lease: any of them may take over

        AtomicBoolean dropping = new AtomicBoolean(true);
        Thread dropper = new Thread(() -> dropSmallFiles(dropping), "dropper");
        dropper.start();
        try {
            // 1. SIGKILL node1 in the middle of a run
            String killed = bigRunOf("node1");
            Instant killedAt = Instant.now();
            nodes.get(0).kill();
            Instant killTaken = interruptedAt(killed);
            takeovers.add("SIGKILL node1: run " + killed + " taken over after " + Duration.between(killedAt, killTaken).toMillis() + " ms");

            // 2. SIGSTOP node2 for twice the lease, then SIGCONT
            String frozen = bigRunOf("node2");
            Instant stoppedAt = Instant.now();
            sh("kill -STOP " + nodes.get(1).pid());
            Instant frozenTaken = interruptedAt(frozen);
            takeovers.add("SIGSTOP node2: run " + frozen + " taken over after " + Duration.between(stoppedAt, frozenTaken).toMillis() + " ms");
            Thread.sleep(Math.max(0, LEASE.toMillis() * 2 - Duration.between(stoppedAt, Instant.now()).toMillis()));
            sh("kill -CONT " + nodes.get(1).pid());
            await().atMost(Duration.ofSeconds(30)).until(() -> nodes.get(1).log().contains("lost its lease on run " + frozen));
            Thread.sleep(LEASE.toMillis() + 1000); // node2 renews again for a whole lease before node3 is cut

            // 3. cut node3 from PostgreSQL for twice the lease, then restore
            String cut = bigRunOf("node3");
            Instant cutAt = Instant.now();
            assertThat(sh("ip netns exec " + PREFIX + "3 nft -f - <<'EOF'\ntable inet khmn_cut {\n chain out { type filter hook "
                    + "output priority 0; policy accept; tcp dport 5432 drop; }\n chain in { type filter hook input priority 0; "
                    + "policy accept; tcp sport 5432 drop; }\n}\nEOF")).isZero();
            Instant cutTaken = interruptedAt(cut);
            takeovers.add("cut node3: run " + cut + " taken over after " + Duration.between(cutAt, cutTaken).toMillis() + " ms");
            Thread.sleep(Math.max(0, LEASE.toMillis() * 2 - Duration.between(cutAt, Instant.now()).toMillis()));
            await().atMost(Duration.ofSeconds(10)).until(() -> nodes.get(2).log().contains("cannot renew its leases"));
            String health = health(3);
            assertThat(health).as("node3's health while cut off").startsWith("503 ").contains("node-leases")
                    .contains("cannot renew its leases");
            assertThat(sh("ip netns exec " + PREFIX + "3 nft delete table inet khmn_cut")).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> nodes.get(2).log().contains("renews its leases again"));

            // 4. restart PostgreSQL once, with nodes 2 and 3 at work
            Thread.sleep(2000);
            String version = new String(new ProcessBuilder("sh", "-c", "ls /etc/postgresql | sort -V | tail -n 1").start()
                    .getInputStream().readAllBytes()).strip();
            assertThat(sh("pg_ctlcluster --skip-systemctl-redirect " + version + " main restart")).isZero();
        } finally {
            dropping.set(false);
            dropper.join();
        }

        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2)).until(this::allFinished);
        Thread.sleep(LEASE.toMillis()); // a late takeover would show up now
        assertThat(allFinished()).isTrue();
        verifyEveryRun();
        takeovers.forEach(line -> System.out.println("MultiNodeIT takeover: " + line));
    }

    /** Each file's content is its own (its sha256 is its key), and its name says nothing of its outcome. */
    private void dropSmallFiles(AtomicBoolean dropping) {
        try {
            for (int i = 0; dropping.get() || dropped.get() < FILES; i++) {
                if (dropped.get() >= FILES) {
                    return;
                }
                String name = String.format("f%05d", i);
                switch (i % 10) {
                    case 0 -> drop(name + ".csv", "entity_code,name\nFLORA-" + i + ",x\n", "REJECTED");
                    case 1 -> drop(name + ".json", "[{\"entity_code\": \"FLORA-" + i + "\", ", "REJECTED");
                    default -> {
                        StringBuilder rows = new StringBuilder();
                        rows.append(JSON.writeValueAsString(Rows.valid(String.format("FLORA-%06d", i)))).append('\n');
                        Map<String, Object> bad = Rows.without("species_code");
                        bad.put("entity_code", String.format("FAUNA-%06d", i));
                        rows.append(JSON.writeValueAsString(bad)).append('\n');
                        drop(name + ".jsonl", rows.toString(), "COMPLETED");
                    }
                }
                Thread.sleep(dropping.get() ? 25 : 2);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void drop(String name, String content, String deserves) throws IOException {
        Path part = home.resolve("inbox").resolve(name + ".part");
        Files.writeString(part, content);
        Files.move(part, home.resolve("inbox").resolve(name));
        expected.put(Sha256.hex(content.getBytes(StandardCharsets.UTF_8)), deserves);
        dropped.incrementAndGet();
    }

    /** Drops big files until {@code node} is running one; @return that run */
    private String bigRunOf(String node) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int big = 0;
        while (System.nanoTime() < until) {
            for (JsonNode m : manifests()) {
                if ("RUNNING".equals(m.path("status").asText()) && node.equals(m.path("owner").path("node").asText())
                        && m.path("input").path("file").asText().startsWith("big-")) {
                    return m.path("run_id").asText();
                }
            }
            try (Stream<Path> waiting = Files.list(home.resolve("inbox"))) {
                if (waiting.noneMatch(p -> p.getFileName().toString().startsWith("big-"))) {
                    dropBig(node + "-" + big++);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(node + " ran no big file within 120 s");
    }

    private synchronized void dropBig(String tag) throws IOException {
        Path part = home.resolve("inbox").resolve("big-" + tag + ".jsonl.part");
        Rows.writeJsonl(part, 60_000);
        Files.writeString(part, JSON.writeValueAsString(Rows.valid("BIG-" + tag)) + "\n", StandardOpenOption.APPEND);
        expected.put(Sha256.ofFile(part), "COMPLETED");
        Files.move(part, home.resolve("inbox").resolve("big-" + tag + ".jsonl"));
        dropped.incrementAndGet();
    }

    /** When the run was ended INTERRUPTED by the node that took it over. */
    private Instant interruptedAt(String runId) {
        Path manifest = home.resolve("staging").resolve(runId).resolve("evidence/manifest.json");
        JsonNode[] seen = new JsonNode[1];
        await().atMost(LEASE.multipliedBy(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
            seen[0] = JSON.readTree(manifest.toFile());
            return !"RUNNING".equals(seen[0].path("status").asText());
        });
        assertThat(seen[0].path("status").asText()).as("run %s: %s", runId, seen[0]).isEqualTo("INTERRUPTED");
        return Instant.parse(seen[0].path("finished_at").asText());
    }

    private List<JsonNode> manifests() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(home.resolve("staging"))) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().matches("\\d{8}-\\d{6}-.*")).toList()) {
                Path manifest = dir.resolve("evidence/manifest.json");
                try {
                    all.add(JSON.readTree(manifest.toFile()));
                } catch (IOException e) {
                    // being replaced (temp + rename) or not yet written: seen at the next look
                }
            }
        }
        return all;
    }

    private boolean allFinished() throws IOException {
        if (dropped.get() < FILES) {
            return false;
        }
        try (Stream<Path> inbox = Files.list(home.resolve("inbox"))) {
            if (inbox.findAny().isPresent()) {
                return false;
            }
        }
        Path claims = home.resolve("staging/.claims");
        if (Files.isDirectory(claims)) {
            try (Stream<Path> building = Files.list(claims)) {
                if (building.findAny().isPresent()) {
                    return false;
                }
            }
        }
        return manifests().stream().noneMatch(m -> "RUNNING".equals(m.path("status").asText()));
    }

    private void verifyEveryRun() throws Exception {
        Map<String, List<String>> finishedBySha = new HashMap<>();
        Set<String> interrupted = new HashSet<>();
        Map<String, Integer> byStatus = new TreeMap<>();
        for (JsonNode m : manifests()) {
            String status = m.path("status").asText();
            byStatus.merge(status, 1, Integer::sum);
            String runId = m.path("run_id").asText();
            if ("INTERRUPTED".equals(status)) {
                interrupted.add(runId);
                assertThat(m.path("reason").asText()).as("run %s", runId).contains("took the run over")
                        .contains("node " + m.path("owner").path("node").asText());
                assertThat(m.path("owner").path("node").asText()).as("run %s names its node", runId).matches("node[123]");
            } else {
                finishedBySha.computeIfAbsent(m.path("input").path("sha256").asText(), k -> new ArrayList<>()).add(runId);
                assertThat(status).as("run %s (%s)", runId, m.path("input").path("file").asText())
                        .isEqualTo(expected.get(m.path("input").path("sha256").asText()));
            }
        }
        System.out.println("MultiNodeIT: " + dropped.get() + " files dropped, runs by status " + byStatus);
        assertThat(finishedBySha.keySet()).as("every dropped file ended in a finished run").isEqualTo(expected.keySet());
        assertThat(finishedBySha.values()).as("and in only one").allSatisfy(runs -> assertThat(runs).hasSize(1));

        Map<String, String> leaseStates = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DATABASE + "?user=postgres");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT run_id, state FROM khotam_nodes.run_lease")) {
            while (rs.next()) {
                leaseStates.put(rs.getString(1), rs.getString(2));
            }
        }
        Set<String> taken = new HashSet<>();
        leaseStates.forEach((run, state) -> {
            if ("taken".equals(state)) {
                taken.add(run);
            }
        });
        assertThat(leaseStates.values()).as("no lease is left running").doesNotContain("running");
        // every INTERRUPTED run was taken over; a taken lease without a run is a claim withdrawn before it was published
        assertThat(taken).containsAll(interrupted);
        for (JsonNode m : manifests()) {
            String runId = m.path("run_id").asText();
            boolean wasTaken = taken.contains(runId);
            assertThat(wasTaken).as("run %s is %s and its lease %s: ended by one node only", runId, m.path("status").asText(),
                    leaseStates.get(runId)).isEqualTo("INTERRUPTED".equals(m.path("status").asText()));
        }
        assertThat(interrupted).as("the runs of the killed, frozen and cut-off nodes").hasSizeGreaterThanOrEqualTo(3);

        RunCatalog catalog = new RunCatalog(home.resolve("staging"));
        List<String> broken = new ArrayList<>();
        for (RunCatalog.Entry run : catalog.list()) {
            // every file on disk is as its manifest lists it: a fenced node wrote nothing after the takeover
            RunVerifier.Report verified = RunVerifier.verify(run);
            if (!verified.ok()) {
                broken.add(run.runId() + " verify " + verified.files());
            }
            if (!interrupted.contains(run.runId())) { // an interrupted run's input is back in the inbox: nothing to check against
                RunChecker.Summary summary = RunChecker.check(run, violation -> { });
                if (!summary.conforms()) {
                    broken.add(run.runId() + " check " + summary.rules());
                }
            }
        }
        assertThat(broken).as("verify passes on every run, check on every finished one").isEmpty();
    }

    /** Namespace n: a veth link 10.231.n.1 (host) to 10.231.n.2 (node), and a relay on the host's end to PostgreSQL. */
    private void host(int n) throws Exception {
        String ns = PREFIX + n;
        String hostEnd = PREFIX + "h" + n;
        sh("ip netns del " + ns + " 2>/dev/null; ip link del " + hostEnd + " 2>/dev/null; true");
        assertThat(sh(String.join(" && ",
                "ip netns add " + ns,
                "ip link add " + hostEnd + " type veth peer name eth0 netns " + ns,
                "ip addr add 10.231." + n + ".1/24 dev " + hostEnd,
                "ip link set " + hostEnd + " up",
                "ip -n " + ns + " addr add 10.231." + n + ".2/24 dev eth0",
                "ip -n " + ns + " link set eth0 up",
                "ip -n " + ns + " link set lo up"))).as("namespace %s", ns).isZero();
        relays.add(new ProcessBuilder("socat", "TCP-LISTEN:5432,bind=10.231." + n + ".1,reuseaddr,fork", "TCP:127.0.0.1:5432")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        await().atMost(Duration.ofSeconds(10)).until(() -> sh("ip netns exec " + ns + " pg_isready -q -h 10.231." + n + ".1") == 0);
    }

    /** "STATUS BODY" of a node's /observe/health, asked on its own loopback (each namespace has one). */
    private static String health(int n) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "exec", PREFIX + n, "curl", "-s", "-w", "%{http_code}", "-o", "/dev/stderr",
                "http://127.0.0.1:8080/observe/health").start();
        String body = new String(p.getErrorStream().readAllBytes());
        String status = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return status + " " + body;
    }


    private static int sh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        if (rc != 0 && !out.isBlank()) {
            System.out.println("MultiNodeIT$ " + command + "\n" + out);
        }
        return rc;
    }
}
