package io.khotam.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * A workspace whose owner is no superuser and has no CREATEROLE, as compose makes it
 * (ComposeStyleWorkspace): a producer run still ends its schema and role, and a runaway producer
 * is still stopped. On the real PostgreSQL; fails when it is missing.
 */
class UnprivilegedWorkspaceOwnerTest extends StagingRouteTestSupport {

    private Path script;

    @Override
    protected void moreProperties(Properties properties) {
        script = home.resolve("producer.sql");
        SqlProducerRouteTest.write(script, "SELECT 1;");
        properties.setProperty("khotam.producer", "sql:" + script);
        properties.setProperty("khotam.producer.timeout", "3s");
        properties.setProperty("khotam.workspace.url", ComposeStyleWorkspace.fresh());
    }

    /** Run schemas and run roles left in the owner's database: none once a run has ended. */
    private static long leftBehind() throws SQLException {
        try (Connection admin = ComposeStyleWorkspace.superuser(); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'run\\_%') "
                     + "+ (SELECT count(*) FROM pg_roles WHERE rolname LIKE 'khotam\\_run\\_%')")) {
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

    @Test
    void theWorkspaceCredentialCanNeitherMakeARoleNorGrantItselfOne() throws Exception {
        try (Connection owner = DriverManager.getConnection(ComposeStyleWorkspace.SERVER + "/"
                + ComposeStyleWorkspace.DATABASE + "?user=" + ComposeStyleWorkspace.OWNER); Statement s = owner.createStatement()) {
            for (String escalation : new String[] {"CREATE ROLE evil LOGIN", "GRANT pg_write_all_data TO CURRENT_USER",
                    "SELECT khotam_admin.create_run_role('evil', 'x', 1)",
                    "SELECT khotam_admin.drop_run_role('postgres')"}) {
                assertThatThrownBy(() -> s.execute(escalation)).as(escalation)
                        .isInstanceOf(SQLException.class);
            }
        }
    }
}
