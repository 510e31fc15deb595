package io.khotam.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A schema of its own in the real PostgreSQL (127.0.0.1:5432, database test, or
 * $KHOTAM_TEST_PG_URL), holding the registry table of docker/registry with its demo rows. When
 * the server is not there the test fails, loudly: these tests never skip.
 */
public final class PostgresSchema implements AutoCloseable {

    private static final String ADMIN_URL = System.getenv().getOrDefault("KHOTAM_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private final String name = "kt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    public PostgresSchema() throws Exception {
        try (Connection admin = admin(); Statement sql = admin.createStatement()) {
            sql.execute("CREATE SCHEMA " + name);
            sql.execute("SET search_path TO " + name);
            sql.execute(Files.readString(Path.of("docker/registry/01-schema.sql")));
            sql.execute(Files.readString(Path.of("docker/registry/03-demo-rows.sql")));
        }
    }

    /** A connection as the test's administrator, in this schema: what "another client" does. */
    public Connection admin() throws SQLException {
        Connection connection;
        try {
            connection = DriverManager.getConnection(ADMIN_URL);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL is required by this test and is not reachable at " + ADMIN_URL
                    + " (start it: pg_ctlcluster --skip-systemctl-redirect <version> main start, or set KHOTAM_TEST_PG_URL): "
                    + e.getMessage(), e);
        }
        try (Statement sql = connection.createStatement()) {
            sql.execute("SET search_path TO " + name);
        }
        return connection;
    }

    public String name() {
        return name;
    }

    /** The database the schema lies in. */
    public String database() throws SQLException {
        try (Connection admin = admin()) {
            return admin.getCatalog();
        }
    }

    /** The URL kho-tam is given: this schema, as the administrator (kho-tam opens it read-only). */
    public String url() {
        return ADMIN_URL + (ADMIN_URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    public int update(String statement) throws SQLException {
        try (Connection admin = admin(); Statement sql = admin.createStatement()) {
            return sql.executeUpdate(statement);
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = admin(); Statement sql = admin.createStatement()) {
            sql.execute("DROP SCHEMA " + name + " CASCADE");
        }
    }
}
