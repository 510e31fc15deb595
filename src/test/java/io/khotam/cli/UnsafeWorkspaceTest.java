package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Rows;
import io.khotam.producer.ComposeStyleWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace where a run role could reach past its schema is refused before anything is claimed:
 * the hardening is probed, not assumed (a superuser reopened public to everyone after it was closed).
 * A refused workspace is left as it was found: neither the run catalogue nor the leases, nor the
 * admin schema kho-tam made to harden it, stay behind.
 */
class UnsafeWorkspaceTest {

    @TempDir
    Path home;

    @Test
    void aWorkspaceWhereARunRoleCouldCreateInPublicIsRefusedWithTheReason() throws Exception {
        String url = ComposeStyleWorkspace.fresh();
        try (Connection superuser = ComposeStyleWorkspace.superuser(); Statement s = superuser.createStatement()) {
            s.execute("GRANT CREATE ON SCHEMA public TO PUBLIC");
        }
        Files.createDirectories(home.resolve("inbox"));
        Files.writeString(home.resolve("inbox/rows.jsonl"), new ObjectMapper()
                .writeValueAsString(Rows.valid()) + "\n");
        Path script = Files.writeString(home.resolve("p.sql"), "SELECT 1;");

        CliResult r = CliResult.in(home, List.of("--no-registry", "--workspace-url", url, "--producer", "sql:" + script),
                "run", "--once");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.CONFIG);
        assertThat(r.err()).contains("a producer's role could reach past its own schema", "it can create tables in schema public");
        assertThat(home.resolve("inbox/rows.jsonl")).as("nothing claimed").exists();
        try (Connection superuser = ComposeStyleWorkspace.superuser()) {
            assertThat(schemas(superuser)).as("no catalogue made in a refused workspace").doesNotContain("khotam_catalogue");
            assertThat(tables(superuser, "khotam_admin")).as("no lease table made in a refused workspace").doesNotContain("run_lease");
        }
    }

    /**
     * Given as a superuser, kho-tam installs its admin schema to harden the database; refused (another
     * database, not kho-tam's user's to close, is open to every role), it takes that schema away again.
     */
    @Test
    void aRefusedWorkspaceGivenAsASuperuserKeepsNoSchemaOfKhotams() throws Exception {
        try (Connection server = DriverManager.getConnection(SERVER + "/postgres?user=postgres"); Statement s = server.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + REFUSED + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + REFUSED + " ENCODING 'UTF8' TEMPLATE template0");
            s.execute("DROP DATABASE IF EXISTS " + OPEN + " WITH (FORCE)");
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + OTHER_OWNER + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE ROLE " + OTHER_OWNER + " NOLOGIN");
                }
            }
            s.execute("CREATE DATABASE " + OPEN + " OWNER " + OTHER_OWNER); // PUBLIC may connect, as by default
        }
        String url = SERVER + "/" + REFUSED + "?user=postgres";
        Files.createDirectories(home.resolve("inbox"));
        Path script = Files.writeString(home.resolve("p.sql"), "SELECT 1;");
        try {
            CliResult r = CliResult.in(home, List.of("--no-registry", "--workspace-url", url, "--producer", "sql:" + script),
                    "run", "--once");

            assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.CONFIG);
            assertThat(r.err()).contains("it can connect to database " + OPEN);
            try (Connection superuser = DriverManager.getConnection(url)) {
                assertThat(schemas(superuser)).doesNotContain("khotam_admin", "khotam_catalogue");
            }
        } finally {
            // open to every role, it would have every other workspace of this server refused
            try (Connection server = DriverManager.getConnection(SERVER + "/postgres?user=postgres"); Statement s = server.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + OPEN + " WITH (FORCE)");
            }
        }
    }

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432";
    private static final String REFUSED = "khotam_refused_workspace_test";
    private static final String OPEN = "khotam_open_to_public_test";
    private static final String OTHER_OWNER = "khotam_other_owner_test";

    private static List<String> schemas(Connection c) throws SQLException {
        return strings(c, "SELECT nspname FROM pg_namespace");
    }

    private static List<String> tables(Connection c, String schema) throws SQLException {
        return strings(c, "SELECT tablename FROM pg_tables WHERE schemaname = '" + schema + "'");
    }

    private static List<String> strings(Connection c, String query) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                found.add(rs.getString(1));
            }
        }
        return found;
    }
}
