package io.khotam.producer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The real PostgreSQL on 127.0.0.1:5432 as a producer workspace (database khotam_workspace_test,
 * made when missing), and a snapshot of everything in it a producer must not leave behind. When
 * the server is not there the test fails, loudly: these tests never skip.
 */
public final class TestWorkspace {

    private static final String SERVER = System.getenv().getOrDefault("KHOTAM_TEST_PG_SERVER", "jdbc:postgresql://127.0.0.1:5432");
    public static final String DATABASE = "khotam_workspace_test";
    public static final String URL = SERVER + "/" + DATABASE + "?user=postgres";

    private TestWorkspace() {}

    /**
     * The workspace URL, its database made first if missing and emptied of every run's schema and
     * role no run is using (a test that failed half-way must not fail the next ones), so a test sees
     * only its own.
     */
    public static String url() {
        try (Connection admin = connect(SERVER + "/postgres?user=postgres"); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new AssertionError("could not make the test workspace database: " + e.getMessage(), e);
        }
        closeOtherDatabases();
        try (Connection admin = admin(); Statement s = admin.createStatement()) {
            for (String schema : leftOverRunSchemas(s)) {
                s.execute("DROP SCHEMA \"" + schema + "\" CASCADE");
            }
            List<String> roles = new ArrayList<>();
            // a role whose schema is still there, or that has a session, belongs to a run going on in another process
            try (ResultSet rs = s.executeQuery("SELECT rolname FROM pg_roles r WHERE rolname LIKE 'khotam\\_run\\_%' "
                    + "AND NOT EXISTS (SELECT 1 FROM pg_namespace n WHERE 'khotam_' || n.nspname = r.rolname) "
                    + "AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.usename = r.rolname)")) {
                while (rs.next()) {
                    roles.add(rs.getString(1));
                }
            }
            for (String role : roles) {
                s.execute("DROP OWNED BY \"" + role + "\"");
                s.execute("DROP ROLE \"" + role + "\"");
            }
        } catch (SQLException e) {
            throw new AssertionError("could not empty the test workspace database: " + e.getMessage(), e);
        }
        return URL;
    }

    /**
     * A database of the test server of its own, made afresh (what an earlier run left is dropped),
     * for a test whose nodes share one: its URL.
     */
    public static String freshDatabase(String name) {
        try (Connection admin = connect(SERVER + "/postgres?user=postgres"); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new AssertionError("could not make the test database " + name + ": " + e.getMessage(), e);
        }
        return SERVER + "/" + name + "?user=postgres";
    }

    public static Connection admin() {
        return connect(URL);
    }

    private static Connection connect(String url) {
        try {
            return DriverManager.getConnection(url);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL is required by this test and is not reachable at " + url
                    + " (start it: pg_ctlcluster --skip-systemctl-redirect <version> main start): " + e.getMessage(), e);
        }
    }

    /**
     * Closes every database of the test server but template0 to PUBLIC, as the operator of a cluster
     * holding a workspace does (docs/contract.md "What the producer can and cannot reach"): a run
     * role may then connect to the workspace only. The tests connect as the superuser.
     */
    public static void closeOtherDatabases() {
        try (Connection admin = connect(SERVER + "/postgres?user=postgres"); Statement s = admin.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datallowconn")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String name : names) {
                s.execute("REVOKE CONNECT ON DATABASE \"" + name.replace("\"", "\"\"") + "\" FROM PUBLIC");
            }
        } catch (SQLException e) {
            throw new AssertionError("could not close the test server's databases to PUBLIC: " + e.getMessage(), e);
        }
    }

    /** The schemas, roles, relations, routines, extensions and grants of the workspace, one line each. */
    public static List<String> catalog() throws SQLException {
        return catalog(URL);
    }

    /**
     * Everything in a workspace database a run could leave behind, one line each: schemas, roles,
     * relations, routines, extensions, grants, role settings, large objects, default privileges,
     * prepared transactions, shared dependencies, and sessions of run roles.
     */
    public static List<String> catalog(String url) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection admin = connect(url); Statement s = admin.createStatement()) {
            for (String query : List.of(
                    "SELECT 'schema ' || nspname || ' ' || coalesce(nspacl::text, '') FROM pg_namespace ORDER BY 1",
                    "SELECT 'role ' || rolname FROM pg_roles ORDER BY 1",
                    "SELECT 'relation ' || n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                            + "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1",
                    "SELECT 'routine ' || n.nspname || '.' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                            + "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
                    "SELECT 'extension ' || extname FROM pg_extension ORDER BY 1",
                    "SELECT 'database ' || datname || ' ' || coalesce(datacl::text, '') FROM pg_database ORDER BY 1",
                    "SELECT 'setting ' || coalesce(setrole::text, '') || ' ' || array_to_string(setconfig, ',') FROM pg_db_role_setting ORDER BY 1",
                    "SELECT 'largeobject ' || oid || ' ' || lomowner::regrole FROM pg_largeobject_metadata ORDER BY 1",
                    "SELECT 'default privileges ' || defaclrole::regrole || ' ' || defaclacl::text FROM pg_default_acl ORDER BY 1",
                    "SELECT 'prepared ' || gid || ' ' || owner FROM pg_prepared_xacts ORDER BY 1",
                    "SELECT 'shared dependency ' || classid::regclass || ' ' || objid || ' on ' || refclassid::regclass || ' '"
                            + " || refobjid || ' ' || deptype::text FROM pg_shdepend ORDER BY 1",
                    "SELECT 'session ' || usename FROM pg_stat_activity WHERE usename ~ '^khotam_(run|probe)_' ORDER BY 1")) {
                try (ResultSet rs = s.executeQuery(query)) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
            }
        }
        return lines;
    }

    /**
     * The run schemas no run is using: none of their tables locked (a run loads, reads back, or
     * its producer works on them under a lock) and no session of their run's role. A run going on
     * in another process (another suite, a kho-tam started by hand) is left alone.
     */
    private static List<String> leftOverRunSchemas(Statement s) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT n.nspname FROM pg_namespace n WHERE n.nspname LIKE 'run\\_%' "
                + "AND NOT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relnamespace = n.oid) "
                + "AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.usename = 'khotam_' || n.nspname) ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The schemas named run_* in the workspace now. */
    public static List<String> runSchemas() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection admin = admin(); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'run\\_%' ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
