package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The container deployment as ops run it: docker/Dockerfile built on local stand-ins for the
 * upstream bases (docker/bases/build.sh, reused by tag), docker/compose.yaml brought up under a real
 * Docker engine with docker-compose, a file dropped into the bind-mounted inbox as a non-root host
 * user, then a clean stop and a `down -v` that leaves nothing. The steps share one compose project,
 * in order, because each is a later moment of the same deployment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerIT {

    /** A host user that is not root and has no account on the host or in the base images: only its ids. */
    private static final int HOST_UID = 23456;
    private static final int HOST_GID = 23456;
    private static final Duration GRACE = Duration.ofSeconds(45); // compose.yaml's stop_grace_period
    private static final Path COMPOSE_FILE = Path.of("docker", "compose.yaml").toAbsolutePath();
    private static final Path NODES_FILE = Path.of("docker", "compose.nodes.yaml").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String project = "khotam-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final String token = UUID.randomUUID().toString();
    private final String readerPassword = UUID.randomUUID().toString();
    private final String workspacePassword = UUID.randomUUID().toString();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> env = new HashMap<>();
    private Path home;
    private Path secrets;
    private int port;
    private String firstRun;

    @BeforeAll
    void requirements() throws Exception {
        Requires.root("gives the bind-mounted home to a host user that is not root and drops files as that user");
        for (String tool : List.of("docker", "docker-compose", "setpriv")) {
            if (run(Duration.ofSeconds(30), "sh", "-c", "command -v " + tool).exit() != 0) {
                fail("DockerIT needs `%s` on the PATH (.ci/run installs docker.io, docker-compose and debootstrap)", tool);
            }
        }
        Result info = run(Duration.ofSeconds(30), "docker", "info", "--format", "{{.ServerVersion}}");
        if (info.exit() != 0) {
            fail("DockerIT needs a running Docker engine (.ci/run starts `dockerd --storage-driver=vfs`): %s", info.output());
        }
        Result bases = run(Duration.ofMinutes(15), "docker/bases/build.sh");
        assertThat(bases.exit()).as("docker/bases/build.sh: %s", bases.output()).isZero();

        home = Files.createTempDirectory("khotam-docker-home");
        Files.setAttribute(home, "unix:uid", HOST_UID);
        Files.setAttribute(home, "unix:gid", HOST_GID);
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // the secrets as compose takes them: files in a folder only root enters, each readable by the containers' users
        secrets = Files.createTempDirectory("khotam-docker-secrets");
        for (Map.Entry<String, String> secret : Map.of("registry_owner_password", UUID.randomUUID().toString(),
                "registry_password", readerPassword, "workspace_password", workspacePassword, "console_token", token).entrySet()) {
            Path file = Files.writeString(secrets.resolve(secret.getKey()), secret.getValue() + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        }
        env.put("KHOTAM_SECRETS", secrets.toString());
        env.put("KHOTAM_UID", String.valueOf(HOST_UID));
        env.put("KHOTAM_GID", String.valueOf(HOST_GID));
        env.put("KHOTAM_HOME", home.toString());
        env.put("KHOTAM_CONSOLE_PUBLISH", "127.0.0.1:" + port);
        env.put("KHOTAM_CONSOLE_PUBLISH_A", "127.0.0.1:" + port);
        env.put("KHOTAM_CONSOLE_PUBLISH_B", "127.0.0.1:0");
        env.put("KHOTAM_LEASE", "5s");
        env.put("KHOTAM_PROOF_INTERVAL", "2s");
        env.put("KHOTAM_IMAGE", "kho-tam:it");
        env.put("KHOTAM_BUILD_IMAGE", "khotam-base/maven:17");
        env.put("KHOTAM_RUNTIME_IMAGE", "khotam-base/jre:17");
        env.put("KHOTAM_POSTGRES_IMAGE", "khotam-base/postgres:15");
        env.put("KHOTAM_EXTRA_CA_CERTS", hostAddedCertificates());
    }

    @AfterAll
    void leaveNothing() throws Exception {
        if (home != null) {
            compose(Duration.ofMinutes(2), "down", "-v", "--remove-orphans");
            run(Duration.ofMinutes(2), nodesCommand("down", "-v", "--remove-orphans"));
            for (Path dir : List.of(home, secrets)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    @Order(1)
    void composeBuildsTheImageAndStartsBothServicesHealthy() throws Exception {
        Result up = compose(Duration.ofMinutes(20), "up", "--build", "-d");
        assertThat(up.exit()).as("compose up: %s", up.output()).isZero();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(health("kho-tam")).as("kho-tam's health check; log:\n%s", logs()).isEqualTo("healthy"));
        assertThat(health("registry")).isEqualTo("healthy");
        Result user = run(Duration.ofSeconds(30), "docker", "image", "inspect", "-f", "{{.Config.User}} {{.Size}}", "kho-tam:it");
        String[] userAndSize = user.output().trim().split(" ");
        assertThat(userAndSize[0]).isEqualTo("khotam");
        System.out.printf("DockerIT: image kho-tam:it is %d MB%n", Long.parseLong(userAndSize[1]) / 1_000_000);
    }

    @Test
    @Order(2)
    void aFileDroppedByTheHostUserBecomesARunOwnedByThatUser() throws Exception {
        Path sample = Path.of("examples", "flora-sample.json").toAbsolutePath();
        Path inbox = home.resolve("inbox");
        Result drop = run(Duration.ofSeconds(30), "setpriv", "--reuid=" + HOST_UID, "--regid=" + HOST_GID, "--clear-groups",
                "sh", "-c", "cp \"$0\" \"$1/flora.json.part\" && mv \"$1/flora.json.part\" \"$1/flora.json\"",
                sample.toString(), inbox.toString());
        assertThat(drop.exit()).as("drop as uid %d: %s", HOST_UID, drop.output()).isZero();

        JsonNode manifest = await().atMost(Duration.ofMinutes(1)).until(() -> finishedRun(null), m -> m != null);
        firstRun = manifest.path("run_id").asText();
        assertThat(manifest.path("status").asText()).isEqualTo("COMPLETED");
        JsonNode counts = manifest.path("counts");
        assertThat(counts.path("scanned").asInt()).isEqualTo(7);
        assertThat(counts.path("candidates").asInt()).isEqualTo(5);
        assertThat(counts.path("dead_letters").asInt()).isEqualTo(4);
        assertThat(counts.path("skipped").asInt()).isEqualTo(1);
        assertThat(manifest.path("production").path("source").asText()).isEqualTo("jdbc:postgresql://registry:5432/registry");
        assertThat(manifest.path("production").path("untouched").asBoolean()).isTrue();
        assertThat(inbox.resolve("flora.json")).doesNotExist();

        try (Stream<Path> written = Files.walk(home.resolve("staging").resolve(firstRun))) {
            for (Path p : written.toList()) {
                assertThat(Files.getAttribute(p, "unix:uid")).as("owner of %s", p).isEqualTo(HOST_UID);
                assertThat(Files.getAttribute(p, "unix:gid")).as("group of %s", p).isEqualTo(HOST_GID);
            }
        }
    }

    @Test
    @Order(3)
    void theConsoleAnswersTheHostWithTheTokenAndRefusesWithoutIt() throws Exception {
        HttpResponse<String> without = get("/api/runs", null);
        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(without.body()).contains("Authorization: Bearer");
        HttpResponse<String> wrong = get("/api/runs", "Bearer not-" + token);
        assertThat(wrong.statusCode()).isEqualTo(403);
        HttpResponse<String> with = get("/api/runs", "Bearer " + token);
        assertThat(with.statusCode()).isEqualTo(200);
        assertThat(with.body()).contains(firstRun);
        assertThat(logs()).as("the token is never logged").doesNotContain(token);
    }

    @Test
    @Order(4)
    void theReaderRoleCannotWriteTheRegistry() throws Exception {
        Result update = psqlAsReader("UPDATE birth_registry SET name = 'x'");
        assertThat(update.exit()).as(update.output()).isNotZero();
        assertThat(update.output()).contains("read-only transaction");
        // each -c its own transaction: even a session that turns read-only off is refused by the grants
        Result delete = psqlAsReader("SET default_transaction_read_only = off", "DELETE FROM birth_registry");
        assertThat(delete.exit()).as(delete.output()).isNotZero();
        assertThat(delete.output()).contains("permission denied for table birth_registry");
        Result select = psqlAsReader("SELECT count(*) FROM birth_registry");
        assertThat(select.exit()).as(select.output()).isZero();
        assertThat(select.output().trim()).isEqualTo("6");
    }

    /** The compose PostgreSQL also holds kho-tam's workspace, owned by a role that is no superuser. */
    @Test
    @Order(5)
    void aSqlProducerRerunFromTheConsoleRunsInTheComposeWorkspace() throws Exception {
        Path producers = home.resolve("producers");
        Result copy = run(Duration.ofSeconds(30), "setpriv", "--reuid=" + HOST_UID, "--regid=" + HOST_GID, "--clear-groups",
                "sh", "-c", "mkdir -p \"$1\" && cp \"$0\" \"$1/reference.sql\"",
                Path.of("examples", "producers", "reference.sql").toAbsolutePath().toString(), producers.toString());
        assertThat(copy.exit()).as(copy.output()).isZero();
        String rerunId = rerunFromConsole("reference.sql");

        JsonNode manifest = await().atMost(Duration.ofMinutes(1)).until(() -> finishedRun(rerunId), m -> m != null);
        assertThat(manifest.path("status").asText()).as("%s; log:\n%s", manifest.path("reason"), logs()).isEqualTo("COMPLETED");
        JsonNode producer = manifest.path("producer");
        assertThat(producer.path("kind").asText()).isEqualTo("sql");
        assertThat(producer.path("verdict").asText()).isEqualTo("CONFORMS");
        assertThat(producer.path("workspace").path("database").asText()).contains("khotam_workspace");
        assertThat(producer.path("workspace").path("state").asText()).isEqualTo("dropped");
        Result leftovers = run(Duration.ofSeconds(30), composeCommand("exec", "-T", "registry", "psql", "-X", "-qAt",
                "-U", "registry_owner", "-d", "khotam_workspace", "-c",
                "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'run\\_%'; SELECT count(*) FROM pg_roles WHERE rolname LIKE 'khotam\\_run\\_%'"));
        assertThat(leftovers.output().trim().split("\\s+")).as(leftovers.output()).containsExactly("0", "0");
    }

    /** From kho-tam's own network namespace, with the workspace credential: no registry write, no role, no escalation. */
    @Test
    @Order(6)
    void theWorkspaceCredentialCanNeitherWriteTheRegistryNorGrantItselfARoleThatCan() throws Exception {
        // {database, statement}: each refused
        List<List<String>> attempts = List.of(
                List.of("registry", "UPDATE birth_registry SET name = 'x'"),
                List.of("khotam_workspace", "GRANT pg_write_all_data TO khotam_workspace"),
                List.of("khotam_workspace", "CREATE ROLE escalated LOGIN SUPERUSER"),
                List.of("khotam_workspace", "SET ROLE registry_owner"),
                List.of("khotam_workspace", "SELECT khotam_admin.create_run_role('escalated', 'x', 1)"),
                List.of("postgres", "SELECT 1"));
        for (List<String> attempt : attempts) {
            Result r = run(Duration.ofSeconds(60), "docker", "run", "--rm", "--network", "container:" + container("kho-tam"),
                    "-e", "PGPASSWORD=" + workspacePassword, "--entrypoint", "psql", "khotam-base/postgres:15", "-X", "-qAt",
                    "-v", "ON_ERROR_STOP=1", "-h", "registry", "-U", "khotam_workspace", "-d", attempt.get(0),
                    "-c", attempt.get(1));
            assertThat(r.exit()).as("%s in %s: %s", attempt.get(1), attempt.get(0), r.output()).isNotZero();
            assertThat(r.output()).as(attempt.get(1)).containsPattern("permission denied|must be|must have admin option|not allowed|not a run role");
        }
    }

    /** An exec producer from the console's producers folder runs in bubblewrap inside the container. */
    @Test
    @Order(7)
    void anExecProducerRerunFromTheConsoleRunsSandboxedInTheContainer() throws Exception {
        Path producers = home.resolve("producers");
        String nulls = "#!/bin/sh\n"
                + "ls /run/secrets >/dev/null 2>&1 && echo 'GOT the secrets' >&2\n"
                + "[ -n \"$(ls -A /srv/kho-tam/staging 2>/dev/null)\" ] && echo 'GOT the staging folder' >&2\n"
                + "cat /proc/1/environ >/dev/null 2>&1 && echo 'GOT an environment' >&2\n"
                + "echo \"ran as $(id -u) in $(pwd)\" >&2\n"
                + "sed -E 's/^\\{\"row_no\":([0-9]+).*/{\"row_no\":\\1,\"inspect_pen\":null,\"inspect_stamp\":null,\"inspect_gate\":null}/'\n";
        Path source = Files.writeString(Files.createTempFile("nulls", ".sh"), nulls);
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-r--r--")); // the host user copies it
        Result copy = run(Duration.ofSeconds(30), "setpriv", "--reuid=" + HOST_UID, "--regid=" + HOST_GID, "--clear-groups",
                "sh", "-c", "mkdir -p \"$1\" && cp \"$0\" \"$1/nulls.sh\" && chmod 755 \"$1/nulls.sh\"",
                source.toString(), producers.toString());
        Files.delete(source);
        assertThat(copy.exit()).as(copy.output()).isZero();
        String rerunId = rerunFromConsole("nulls.sh");

        JsonNode manifest = await().atMost(Duration.ofMinutes(1)).until(() -> finishedRun(rerunId), m -> m != null);
        assertThat(manifest.path("status").asText()).as("%s; log:\n%s", manifest.path("reason"), logs()).isEqualTo("COMPLETED");
        JsonNode producer = manifest.path("producer");
        assertThat(producer.path("kind").asText()).isEqualTo("exec");
        assertThat(producer.path("sandbox").asText()).as("auto, under compose's security options").isEqualTo("bwrap");
        // it stamps nothing, and clears the stamp one row came with
        assertThat(producer.path("counts").path("FALSE_FAIL").asLong()).isPositive();
        assertThat(producer.path("counts").path("NOT_IDEMPOTENT").asLong()).isEqualTo(1);
        String log = Files.readString(home.resolve("staging").resolve(rerunId).resolve("evidence/producer.log"));
        assertThat(log).doesNotContain("GOT ").contains("ran as " + HOST_UID + " in /srv/kho-tam");
    }

    @Test
    @Order(8)
    void composeStopEndsKhoTamCleanlyWithinItsGracePeriod() throws Exception {
        long started = System.nanoTime();
        Result stop = compose(GRACE.plusSeconds(30), "stop", "kho-tam");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(stop.exit()).as(stop.output()).isZero();
        assertThat(took).as("stop took %s", took).isLessThan(GRACE);
        Result state = run(Duration.ofSeconds(30), "docker", "inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", container("kho-tam"));
        assertThat(state.output().trim()).isEqualTo("exited 0");
        String log = logs();
        assertThat(log).contains("SIGTERM received: stopping").contains("run " + firstRun + " COMPLETED");
        try (Stream<Path> runs = Files.list(home.resolve("staging"))) {
            for (Path run : runs.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                String status = JSON.readTree(run.resolve("evidence/manifest.json").toFile()).path("status").asText();
                assertThat(status).as(run.toString()).isEqualTo("COMPLETED");
            }
        }
        System.out.printf("DockerIT: compose stop ended kho-tam in %d ms%n", took.toMillis());
    }

    @Test
    @Order(9)
    void composeDownWithVolumesLeavesNothing() throws Exception {
        Result down = compose(Duration.ofMinutes(2), "down", "-v");
        assertThat(down.exit()).as(down.output()).isZero();
        String label = "label=com.docker.compose.project=" + project;
        assertThat(run(Duration.ofSeconds(30), "docker", "ps", "-aq", "--filter", label).output()).isBlank();
        assertThat(run(Duration.ofSeconds(30), "docker", "volume", "ls", "-q", "--filter", label).output()).isBlank();
        assertThat(run(Duration.ofSeconds(30), "docker", "network", "ls", "-q", "--filter", label).output()).isBlank();
        assertThat(home.resolve("staging").resolve(firstRun)).as("the bind-mounted home is the user's: kept").isDirectory();
    }

    /** docker/compose.nodes.yaml: two nodes over the same home and the same workspace database. */
    @Test
    @Order(10)
    void twoNodesStartHealthyOverOneHome() throws Exception {
        Result up = run(Duration.ofMinutes(20), nodesCommand("up", "--build", "-d"));
        assertThat(up.exit()).as("compose up: %s", up.output()).isZero();
        for (String node : List.of("node-a", "node-b")) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThat(nodeHealth(node)).as("%s's health check", node).isEqualTo("healthy"));
        }
    }

    /** The node running a run is killed (docker kill: SIGKILL); the other takes the run over and runs its file again. */
    @Test
    @Order(11)
    void whenANodeIsKilledTheOtherTakesItsRunOver() throws Exception {
        Path drop = home.resolve("drop");
        Files.createDirectories(drop);
        Path big = drop.resolve("big.jsonl");
        Rows.writeJsonl(big, 400_000);
        for (Path p : List.of(drop, big)) {
            Files.setAttribute(p, "unix:uid", HOST_UID);
            Files.setAttribute(p, "unix:gid", HOST_GID);
        }
        Files.move(big, home.resolve("inbox/big.jsonl"));
        JsonNode running = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> runningOf("big.jsonl"),
                m -> m != null);
        String runId = running.path("run_id").asText();
        String victim = running.path("owner").path("node").asText();
        assertThat(victim).isIn("node-a", "node-b");
        String survivor = victim.equals("node-a") ? "node-b" : "node-a";
        Result kill = run(Duration.ofSeconds(30), "docker", "kill", nodeContainer(victim));
        assertThat(kill.exit()).as(kill.output()).isZero();
        long killed = System.nanoTime();

        JsonNode interrupted = await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                .until(() -> finishedRun(runId), m -> m != null);
        long took = Duration.ofNanos(System.nanoTime() - killed).toMillis();
        assertThat(interrupted.path("status").asText()).isEqualTo("INTERRUPTED");
        assertThat(interrupted.path("reason").asText()).contains("node " + victim, "node " + survivor + " took the run over");
        JsonNode again = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            try (Stream<Path> runs = Files.list(home.resolve("staging"))) {
                for (Path run : runs.filter(p -> !p.getFileName().toString().equals(runId)).toList()) {
                    Path manifest = run.resolve("evidence/manifest.json");
                    if (Files.isRegularFile(manifest)) {
                        JsonNode m = JSON.readTree(manifest.toFile());
                        if ("big.jsonl".equals(m.path("input").path("file").asText()) && !"RUNNING".equals(m.path("status").asText())) {
                            return m;
                        }
                    }
                }
            }
            return null;
        }, m -> m != null);
        assertThat(again.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(again.path("owner").path("node").asText()).isEqualTo(survivor);
        assertThat(again.path("counts").path("scanned").asLong()).isEqualTo(400_000);
        System.out.printf("DockerIT: %s killed, %s took its run over in %d ms (KHOTAM_LEASE=5s)%n", victim, survivor, took);
    }

    @Test
    @Order(12)
    void twoNodesComeDownLeavingNothing() throws Exception {
        Result down = run(Duration.ofMinutes(2), nodesCommand("down", "-v"));
        assertThat(down.exit()).as(down.output()).isZero();
        String label = "label=com.docker.compose.project=" + project;
        assertThat(run(Duration.ofSeconds(30), "docker", "ps", "-aq", "--filter", label).output()).isBlank();
        assertThat(run(Duration.ofSeconds(30), "docker", "volume", "ls", "-q", "--filter", label).output()).isBlank();
    }

    /** Reruns the first run from the console under a producer of its producers folder; the new run's id. */
    private String rerunFromConsole(String producer) throws Exception {
        Matcher csrf = Pattern.compile("name=\"khotam-token\" content=\"([0-9a-f]+)\"").matcher(get("/", "Bearer " + token).body());
        assertThat(csrf.find()).as("the console page carries its POST token").isTrue();
        HttpResponse<String> rerun = http.send(HttpRequest.newBuilder(uri("/api/runs/" + firstRun + "/rerun?producer=" + producer))
                .header("Authorization", "Bearer " + token).header("X-Khotam-Token", csrf.group(1))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(rerun.statusCode()).as(rerun.body()).isEqualTo(200);
        return JSON.readTree(rerun.body()).path("run_id").asText();
    }

    private JsonNode runningOf(String file) throws IOException {
        try (Stream<Path> runs = Files.list(home.resolve("staging"))) {
            for (Path run : runs.toList()) {
                Path manifest = run.resolve("evidence/manifest.json");
                if (Files.isRegularFile(manifest)) {
                    JsonNode m = JSON.readTree(manifest.toFile());
                    if (file.equals(m.path("input").path("file").asText()) && "RUNNING".equals(m.path("status").asText())) {
                        return m;
                    }
                }
            }
        }
        return null;
    }

    private String nodeHealth(String service) throws Exception {
        return health(NODES_FILE, service);
    }

    private String nodeContainer(String service) throws Exception {
        return container(NODES_FILE, service);
    }

    private String[] nodesCommand(String... args) {
        return composeIn(NODES_FILE, args);
    }

    /** The run named (or, with null, any run) once its manifest says it has ended; null until then. */
    private JsonNode finishedRun(String runId) throws IOException {
        Path staging = home.resolve("staging");
        if (!Files.isDirectory(staging)) {
            return null;
        }
        try (Stream<Path> runs = Files.list(staging)) {
            for (Path run : runs.filter(p -> runId == null || p.getFileName().toString().equals(runId)).toList()) {
                Path manifest = run.resolve("evidence/manifest.json");
                if (Files.isRegularFile(manifest)) {
                    JsonNode m = JSON.readTree(manifest.toFile());
                    if (!"RUNNING".equals(m.path("status").asText()) && !m.path("production").path("pending").asBoolean()) {
                        return m; // ended, and its production proof closed by the digest after it
                    }
                }
            }
        }
        return null;
    }

    private Result psqlAsReader(String... statements) throws Exception {
        List<String> command = new ArrayList<>(List.of("exec", "-T", "-e", "PGPASSWORD=" + readerPassword, "registry",
                "psql", "-X", "-qAt", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", "khotam_reader", "-d", "registry"));
        for (String sql : statements) {
            command.addAll(List.of("-c", sql));
        }
        return run(Duration.ofSeconds(30), composeCommand(command.toArray(String[]::new)));
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private String health(String service) throws Exception {
        return health(COMPOSE_FILE, service);
    }

    private String health(Path file, String service) throws Exception {
        return run(Duration.ofSeconds(30), "docker", "inspect", "-f", "{{.State.Health.Status}}", container(file, service)).output().trim();
    }

    private String container(String service) throws Exception {
        return container(COMPOSE_FILE, service);
    }

    private String container(Path file, String service) throws Exception {
        return run(Duration.ofSeconds(30), composeIn(file, "ps", "-q", service)).output().trim();
    }

    private String logs() throws Exception {
        return run(Duration.ofSeconds(30), composeCommand("logs", "--no-color", "kho-tam")).output();
    }

    private Result compose(Duration timeout, String... args) throws Exception {
        return run(timeout, composeCommand(args));
    }

    private String[] composeCommand(String... args) {
        return composeIn(COMPOSE_FILE, args);
    }

    private String[] composeIn(Path file, String... args) {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-p", project, "-f", file.toString()));
        command.addAll(List.of(args));
        return command.toArray(String[]::new);
    }

    /**
     * Certificates added to this host's trust (a TLS-inspecting proxy's CA, for one): the image's
     * Maven build must trust what the host trusts to download its dependencies. Empty when none.
     */
    private static String hostAddedCertificates() throws IOException {
        Path added = Path.of("/usr/local/share/ca-certificates");
        if (!Files.isDirectory(added)) {
            return "";
        }
        StringBuilder pem = new StringBuilder();
        try (Stream<Path> files = Files.walk(added)) {
            for (Path crt : files.filter(p -> p.toString().endsWith(".crt")).sorted().toList()) {
                pem.append(Files.readString(crt, StandardCharsets.US_ASCII)).append('\n');
            }
        }
        return pem.toString();
    }

    private record Result(int exit, String output) {}

    private Result run(Duration timeout, String... command) throws Exception {
        Path out = Files.createTempFile("khotam-docker-it", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("%s did not finish within %s: %s", String.join(" ", command), timeout, Files.readString(out));
            }
            return new Result(process.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
