package io.khotam.producer;

import io.khotam.Problems;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the workspace to the producers kho-tam runs there, and then proves it: a probe role made
 * as every run role is made tries what no run role may do (create in {@code public}, make a
 * temporary table, create a large object, take an advisory lock, connect to another database). A
 * workspace where one of those succeeds is refused, with each reason: the hardening is checked,
 * never assumed (a {@code REVOKE} that the workspace user may not make only warns).
 */
final class WorkspaceHardening {

    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceHardening.class);
    /** The script that installs the run-role functions and closes the database to every role but kho-tam's. */
    static final String SCRIPT = "workspace/run-roles.sql";
    static final String CREATE_ROLE = "SELECT khotam_admin.create_run_role(?, ?, ?)";
    static final String DROP_ROLE = "SELECT khotam_admin.drop_run_role(?)";
    /** Taken first by every change of run roles, to its transaction's end (run-roles.sql, 3.). */
    static final String LOCK_ROLE_CHANGES = "SELECT khotam_admin.lock_role_changes()";

    private WorkspaceHardening() {}

    /**
     * @param admin kho-tam's own connection to the workspace database
     * @throws WorkspaceUnsafeException naming every probe that succeeded, or what is missing
     */
    static void harden(Workspace workspace, Connection admin, long tempFileLimitKb) throws SQLException {
        List<String> encoding = strings(admin, "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()");
        if (!encoding.equals(List.of("UTF8"))) {
            throw new WorkspaceUnsafeException("the workspace database's encoding is " + encoding + ", not UTF8: rows are Unicode "
                    + "text, and a producer counts their characters; give kho-tam a database made with ENCODING 'UTF8' TEMPLATE template0");
        }
        boolean superuser;
        try (Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            superuser = rs.next() && rs.getBoolean(1);
        }
        boolean madeAdminSchema = false;
        if (superuser) {
            madeAdminSchema = strings(admin, "SELECT nspname FROM pg_namespace WHERE nspname = 'khotam_admin'").isEmpty();
            try (Statement s = admin.createStatement()) {
                s.execute(script());
            }
        } else if (!functionsInstalled(admin)) {
            throw new WorkspaceUnsafeException("the workspace user is no superuser, and the workspace database has no "
                    + "khotam_admin.create_run_role it may call: a superuser must run kho-tam's " + SCRIPT
                    + " in that database once (docs/operations.md \"The workspace\"; compose's init script does)");
        }
        // a run role may connect to the workspace database only: the others kho-tam's user owns are closed to PUBLIC
        for (String database : strings(admin, "SELECT datname FROM pg_database WHERE datdba = "
                + "(SELECT oid FROM pg_roles WHERE rolname = current_user) AND datallowconn AND datname <> current_database() "
                + "AND has_database_privilege('public', oid, 'CONNECT')")) {
            try (Statement s = admin.createStatement()) {
                s.execute("REVOKE CONNECT ON DATABASE " + SqlProducer.quote(database) + " FROM PUBLIC");
            }
        }
        List<String> reached = probe(workspace, admin, tempFileLimitKb);
        if (!reached.isEmpty()) {
            if (madeAdminSchema) {
                // refused: the schema made for it goes too (the grants it closed stay closed)
                try (Statement s = admin.createStatement()) {
                    s.execute("DROP SCHEMA khotam_admin CASCADE");
                }
            }
            throw new WorkspaceUnsafeException("a producer's role could reach past its own schema in this workspace: "
                    + String.join("; ", reached) + ". Have a superuser run kho-tam's " + SCRIPT
                    + " in the workspace database, and REVOKE CONNECT ... FROM PUBLIC on the cluster's other databases");
        }
        LOG.info("workspace: {} is hardened; a probe role could not reach past its own schema", workspace.database());
    }

    private static boolean functionsInstalled(Connection admin) throws SQLException {
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT to_regprocedure('khotam_admin.create_run_role(text,text,bigint)') IS NOT NULL "
                        + "AND has_function_privilege('khotam_admin.create_run_role(text,text,bigint)', 'EXECUTE') "
                        + "AND has_function_privilege('khotam_admin.drop_run_role(text)', 'EXECUTE') "
                        + "AND to_regprocedure('khotam_admin.lock_role_changes()') IS NOT NULL "
                        + "AND has_function_privilege('khotam_admin.lock_role_changes()', 'EXECUTE')")) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            return false; // no such schema, or no USAGE on it
        }
    }

    static String script() {
        try (InputStream in = WorkspaceHardening.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from kho-tam's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a run role could do that it must not: each one a sentence; empty when it could do none. */
    private static List<String> probe(Workspace workspace, Connection admin, long tempFileLimitKb) throws SQLException {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        String role = "khotam_probe_" + HexFormat.of().formatHex(random);
        String password = HexFormat.of().formatHex(random) + Long.toHexString(System.nanoTime());
        try (PreparedStatement create = admin.prepareStatement(CREATE_ROLE)) {
            create.setString(1, role);
            create.setString(2, password);
            create.setLong(3, tempFileLimitKb);
            create.execute();
        }
        List<String> reached = new ArrayList<>();
        try {
            try (Connection probe = workspace.as(role, password, null, "pg_catalog")) {
                attempt(probe, reached, "it can create tables in schema public", "CREATE TABLE public.khotam_probe (i int)");
                attempt(probe, reached, "it can make temporary tables", "CREATE TEMPORARY TABLE khotam_probe (i int)");
                attempt(probe, reached, "it can create large objects", "SELECT lo_from_bytea(0, '\\x00'::bytea)");
                attempt(probe, reached, "it can take advisory locks", "SELECT pg_advisory_xact_lock(0)");
            }
            for (String database : otherDatabases(admin)) {
                try (Connection elsewhere = workspace.as(role, password, database, "pg_catalog")) {
                    reached.add("it can connect to database " + database);
                } catch (SQLException expected) {
                    // refused: CONNECT is not granted to it
                }
            }
        } finally {
            clearProbe(admin, role);
        }
        return reached;
    }

    private static void attempt(Connection probe, List<String> reached, String what, String sql) {
        try (Statement s = probe.createStatement()) {
            s.execute(sql);
            reached.add(what);
        } catch (SQLException expected) {
            LOG.debug("workspace probe refused as it should be: {}", Problems.describe(expected));
        }
    }

    private static List<String> otherDatabases(Connection admin) throws SQLException {
        return strings(admin, "SELECT datname FROM pg_database WHERE datallowconn AND datname <> current_database() ORDER BY 1");
    }

    private static List<String> strings(Connection admin, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static void clearProbe(Connection admin, String role) throws SQLException {
        SqlProducer.endRole(admin, role, false); // whatever a probe managed to make goes with it
    }
}
