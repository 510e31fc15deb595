package io.khotam.producer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A workspace on the real PostgreSQL set up as docker/registry does it for compose: its owner a
 * login role with no superuser, no CREATEROLE, no pg_signal_backend, owning its database, where a
 * superuser ran kho-tam's run-roles.sql (the very file in the jar); the cluster's other databases
 * closed to PUBLIC. Made anew for each test class that asks, so a test sees only its own runs.
 */
public final class ComposeStyleWorkspace {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432";
    static final String OWNER = "khotam_ws_owner_test";
    static final String DATABASE = "khotam_workspace_owner_test";

    private ComposeStyleWorkspace() {}

    /** The URL kho-tam is given: the owner's, without a password (trust on this test server). */
    public static String fresh() {
        try (Connection admin = DriverManager.getConnection(SERVER + "/postgres?user=postgres"); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + OWNER + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE ROLE " + OWNER + " LOGIN");
                }
            }
            s.execute("ALTER ROLE " + OWNER + " NOSUPERUSER NOCREATEROLE NOCREATEDB");
            s.execute("REVOKE pg_signal_backend FROM " + OWNER);
            s.execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL is required by this test and is not reachable at " + SERVER
                    + " (.ci/run starts the local cluster): " + e.getMessage(), e);
        }
        try (Connection admin = superuser(); Statement s = admin.createStatement()) {
            s.execute(Files.readString(Path.of("src/main/resources", WorkspaceHardening.SCRIPT)));
        } catch (SQLException | IOException e) {
            throw new AssertionError("run-roles.sql did not run as the superuser: " + e.getMessage(), e);
        }
        TestWorkspace.closeOtherDatabases();
        return SERVER + "/" + DATABASE + "?user=" + OWNER;
    }

    /** A superuser's connection to the owner's database: what the test looks with, never what kho-tam uses. */
    public static Connection superuser() throws SQLException {
        return DriverManager.getConnection(superuserUrl());
    }

    public static String superuserUrl() {
        return SERVER + "/" + DATABASE + "?user=postgres";
    }
}
