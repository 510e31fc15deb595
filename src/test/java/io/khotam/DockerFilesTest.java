package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker/ checked without an engine, on every build and in seconds: the properties that decide
 * whether the container can claim a file, stop cleanly and start without a hard-coded password.
 * The reader role's SQL is run for real with psql. DockerIT runs the whole deployment under a real
 * Docker engine.
 */
class DockerFilesTest {

    private static final Path DOCKER = Path.of("docker");

    private static JsonNode compose() throws Exception {
        return new YAMLMapper().readTree(DOCKER.resolve("compose.yaml").toFile());
    }

    private static List<String> dockerfile() throws Exception {
        return Files.readAllLines(DOCKER.resolve("Dockerfile"));
    }

    @Test
    void theHomeIsOneVolumeSoAClaimIsOneRename() throws Exception {
        assertThat(dockerfile()).filteredOn(l -> l.startsWith("VOLUME")).containsExactly("VOLUME [\"/srv/kho-tam\"]");
        JsonNode volumes = compose().path("services").path("kho-tam").path("volumes");
        assertThat(volumes).hasSize(1);
        assertThat(volumes.get(0).asText()).endsWith(":/srv/kho-tam");
        assertThat(dockerfile()).anyMatch(l -> l.contains("\"--home\", \"/srv/kho-tam\""));
    }

    @Test
    void itRunsAsANonRootUserWhoseIdsCanMatchTheHost() throws Exception {
        assertThat(dockerfile()).filteredOn(l -> l.startsWith("USER ")).singleElement().isNotEqualTo("USER root");
        assertThat(dockerfile()).contains("ARG KHOTAM_UID=10001", "ARG KHOTAM_GID=10001");
        assertThat(compose().path("services").path("kho-tam").path("user").asText())
                .isEqualTo("${KHOTAM_UID:-10001}:${KHOTAM_GID:-10001}");
    }

    @Test
    void stopGraceIsLongerThanTheShutdownTimeout() throws Exception {
        String grace = compose().path("services").path("kho-tam").path("stop_grace_period").asText();
        assertThat(grace).matches("[0-9]+s");
        Duration camelShutdownTimeout = Duration.ofSeconds(30); // KhotamConfiguration.bootstrap
        assertThat(Duration.ofSeconds(Long.parseLong(grace.replace("s", "")))).isGreaterThan(camelShutdownTimeout);
    }

    @Test
    void healthIsAskedWhereServeAnswersIt() throws Exception {
        JsonNode service = compose().path("services").path("kho-tam");
        List<String> command = new YAMLMapper().convertValue(service.path("command"), List.class);
        String port = command.get(command.indexOf("--http-port") + 1);
        assertThat(command).as("the console reachable from the host").containsSubsequence("--http-host", "0.0.0.0");
        assertThat(service.path("environment").path("KHOTAM_CONSOLE_TOKEN_FILE").asText())
                .as("off loopback kho-tam needs a token: a secret file, which compose refuses to start without")
                .isEqualTo("/run/secrets/console_token");
        assertThat(compose().path("secrets").path("console_token").path("file").asText()).isEqualTo("${KHOTAM_SECRETS:-./secrets}/console_token");
        assertThat(service.path("healthcheck").path("test").toString()).contains("http://127.0.0.1:" + port + "/observe/health");
        assertThat(dockerfile()).anyMatch(l -> l.contains("http://127.0.0.1:8080/observe/health"));
        assertThat(dockerfile()).anyMatch(l -> l.contains("\"--http-port\", \"8080\""));
    }

    @Test
    void theRegistryIsHealthyOnlyOnceItListensOnTcp() throws Exception {
        assertThat(compose().path("services").path("registry").path("healthcheck").path("test").toString())
                .contains("pg_isready -h 127.0.0.1");
    }

    @Test
    void noPasswordIsWrittenDownOrInTheEnvironmentAndEachIsASecretFile() throws Exception {
        try (var files = Files.walk(DOCKER)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain("change-me");
            }
        }
        JsonNode services = compose().path("services");
        // a password in the environment shows in `docker inspect` and /proc/<pid>/environ: each is a file instead
        assertThat(services.path("kho-tam").path("environment").path("KHOTAM_REGISTRY_PASSWORD_FILE").asText())
                .isEqualTo("/run/secrets/registry_password");
        assertThat(services.path("kho-tam").path("environment").path("KHOTAM_WORKSPACE_PASSWORD_FILE").asText())
                .isEqualTo("/run/secrets/workspace_password");
        assertThat(services.path("registry").path("environment").path("KHOTAM_READER_PASSWORD_FILE").asText())
                .isEqualTo("/run/secrets/registry_password");
        assertThat(services.path("registry").path("environment").path("POSTGRES_PASSWORD_FILE").asText())
                .isEqualTo("/run/secrets/registry_owner_password");
        for (JsonNode service : services) {
            service.path("environment").fieldNames().forEachRemaining(name ->
                    assertThat(name).as("no password by value").doesNotEndWith("PASSWORD").doesNotEndWith("TOKEN"));
        }
        compose().path("secrets").forEach(secret -> assertThat(secret.path("file").asText()).startsWith("${KHOTAM_SECRETS:-./secrets}/"));
    }

    /** The role SQL as the container runs it (psql with the password as a variable), on the real local PostgreSQL. */
    @Test
    void theReaderRoleGetsItsPasswordFromTheEnvironmentAndMayOnlySelect() throws Exception {
        String database = "kt_role_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String admin = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
        boolean roleExisted;
        try (Connection c = connect(admin); Statement sql = c.createStatement()) {
            sql.execute("CREATE DATABASE " + database);
            try (ResultSet r = sql.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = 'khotam_reader'")) {
                roleExisted = r.next();
            }
        }
        try {
            for (String file : List.of("01-schema.sql", "02-readonly-role.sql", "03-demo-rows.sql")) {
                psql(database, DOCKER.resolve("registry").resolve(file));
            }
            String reader = "jdbc:postgresql://127.0.0.1:5432/" + database + "?user=khotam_reader&password=s3cret-from-env";
            try (Connection c = connect(reader); Statement sql = c.createStatement()) {
                try (ResultSet r = sql.executeQuery("SELECT count(*) FROM birth_registry")) {
                    assertThat(r.next()).isTrue();
                    assertThat(r.getInt(1)).isPositive();
                }
                assertThatThrownBy(() -> sql.executeUpdate("UPDATE birth_registry SET name = 'x'"))
                        .hasMessageContaining("read-only");
            }
            try (Connection c = connect("jdbc:postgresql://127.0.0.1:5432/" + database + "?user=postgres");
                 Statement sql = c.createStatement()) {
                sql.execute("SET ROLE khotam_reader");
                sql.execute("SET default_transaction_read_only = off"); // even then, the grants refuse a write
                assertThatThrownBy(() -> sql.executeUpdate("DELETE FROM birth_registry")).hasMessageContaining("permission denied");
            }
        } finally {
            try (Connection c = connect(admin); Statement sql = c.createStatement()) {
                sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                if (!roleExisted) {
                    sql.execute("DROP ROLE IF EXISTS khotam_reader");
                }
            }
        }
    }

    private static Connection connect(String url) {
        try {
            return DriverManager.getConnection(url);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL is required by this test and is not reachable at 127.0.0.1:5432 "
                    + "(.ci/run starts the local cluster): " + e.getMessage(), e);
        }
    }

    private static void psql(String database, Path file) throws Exception {
        Process p = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", "reader_password=s3cret-from-env",
                "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-f", file.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("psql -f %s: %s", file, output).isZero();
    }
}
