package io.khotam.producer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.khotam.StagingRouteTestSupport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * A workspace whose owner is no superuser, as docker/registry/04-workspace.sql makes it (LOGIN
 * CREATEROLE, pg_signal_backend, owner of its database): a producer run still ends its schema and
 * role, and a runaway producer is still stopped. On the real PostgreSQL; fails when it is missing.
 */
class UnprivilegedWorkspaceOwnerTest extends StagingRouteTestSupport {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432";
    private static final String OWNER = "khotam_ws_owner_test";
    private static final String DATABASE = "khotam_workspace_owner_test";

    private Path script;

    @Override
    protected void moreProperties(Properties properties) {
        script = home.resolve("producer.sql");
        SqlProducerRouteTest.write(script, "SELECT 1;");
        properties.setProperty("khotam.producer", "sql:" + script);
        properties.setProperty("khotam.producer.timeout", "3s");
        properties.setProperty("khotam.workspace.url", freshWorkspace());
    }

    /** The owner role as compose makes it, and its database made anew: a test sees only its own runs. */
    private static String freshWorkspace() {
        try (Connection admin = DriverManager.getConnection(SERVER + "/postgres?user=postgres"); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + OWNER + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE ROLE " + OWNER + " LOGIN CREATEROLE");
                }
            }
            s.execute("GRANT pg_signal_backend TO " + OWNER);
            s.execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL is required by this test and is not reachable at " + SERVER
                    + " (.ci/run starts the local cluster): " + e.getMessage(), e);
        }
        return SERVER + "/" + DATABASE + "?user=" + OWNER;
    }

    /** Run schemas and run roles left in the owner's database: none once a run has ended. */
    private static long leftBehind() throws SQLException {
        try (Connection admin = DriverManager.getConnection(SERVER + "/" + DATABASE + "?user=postgres");
             Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'run\\_%') "
                     + "+ (SELECT count(*) FROM pg_roles r JOIN pg_auth_members m ON m.roleid = r.oid "
                     + "   JOIN pg_roles o ON o.oid = m.member WHERE o.rolname = '" + OWNER + "' AND r.rolname LIKE 'khotam\\_run\\_%')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theReferenceProducerConformsAndItsSchemaAndRoleAreDropped() throws Exception {
        SqlProducerRouteTest.write(script, SqlProducerRouteTest.readExample("reference.sql"));
        RunDir run = dropAndAwait("sample.jsonl", SqlProducerRouteTest.mixedSample());

        assertThat(run.status()).as(run.manifest().path("reason").asText()).isEqualTo("COMPLETED");
        JsonNode producer = run.manifest().path("producer");
        assertThat(producer.path("verdict").asText()).isEqualTo("CONFORMS");
        assertThat(producer.path("workspace").path("state").asText()).isEqualTo("dropped");
        assertThat(leftBehind()).isZero();
    }

    @Test
    void aRunawayProducerIsStoppedAtItsTimeoutByAnOwnerWithoutSuperuser() throws Exception {
        SqlProducerRouteTest.write(script, "SELECT pg_sleep(120);");
        RunDir run = dropAndAwait("sample.jsonl", SqlProducerRouteTest.mixedSample());

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.manifest().path("reason").asText()).contains("ran past its timeout of 3 s");
        assertThat(leftBehind()).isZero();
    }
}
