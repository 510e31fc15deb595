package io.khotam.bench;

import io.khotam.registry.RegistrySettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * A PostgreSQL registry of many rows in a scratch schema of its own, for {@code bench
 * --registry-rows} and the tests at registry scale: the production table of the bundled
 * {@code registry/01-schema.sql} filled by one statement, then dropped, schema and all, when
 * closed. The URL it is given must be allowed to create a schema; kho-tam itself is then pointed
 * at {@link #url()} and reads it as any registry, read-only.
 */
public final class ScratchRegistry implements AutoCloseable {

    private final RegistrySettings admin;
    private final String schema = "khotam_scratch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private ScratchRegistry(RegistrySettings admin) {
        this.admin = admin;
    }

    /**
     * A registry of {@code rows} rows (all uncertified, governed, of the demo collections), made now.
     *
     * @param admin a PostgreSQL URL and the user that may create a schema there (from the environment, as kho-tam's)
     */
    public static ScratchRegistry create(RegistrySettings admin, long rows) throws SQLException, IOException {
        ScratchRegistry registry = new ScratchRegistry(admin);
        try (Connection connection = registry.connect(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE SCHEMA " + registry.schema);
            sql.execute("SET search_path TO " + registry.schema);
            sql.execute(bundled("registry/01-schema.sql"));
            try (PreparedStatement fill = connection.prepareStatement("INSERT INTO birth_registry (entity_code, collection_name, "
                    + "species_code, dot_origin, governance_role, born_at, name, description, status, certified, jsonb_profile, "
                    + "inspect_pen) SELECT 'BULK-' || lpad(g::text, 9, '0'), CASE WHEN g % 2 = 0 THEN 'flora' ELSE 'fauna' END, "
                    + "CASE WHEN g % 2 = 0 THEN 'PLANTAE-TREE' ELSE 'AVES-PASSER' END, 'DOT-IMPORT', 'governed', "
                    + "timestamptz '2020-01-01 00:00:00+00' + g * interval '1 second', 'bulk row ' || g, "
                    + "'a registry row of the scratch bench registry, number ' || g, 'active', false, "
                    + "jsonb_build_object('source', 'bench', 'n', g), CASE WHEN g % 3 = 0 THEN timestamptz "
                    + "'2026-01-01 00:00:00+00' END FROM generate_series(1, ?) AS g")) {
                fill.setLong(1, rows);
                fill.executeUpdate();
            }
            // as a registry in service is: its rows' hint bits set and nothing left for autovacuum, which would
            // otherwise rewrite the fresh table during the measure (the first digest and autovacuum both did)
            sql.execute("VACUUM (FREEZE, ANALYZE) birth_registry");
        } catch (SQLException | IOException | RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /** The URL kho-tam is given: the scratch schema; the user comes from the environment, never the command line. */
    public String url() {
        return admin.url() + (admin.url().contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private Connection connect() throws SQLException {
        Properties credentials = new Properties();
        if (admin.user() != null) {
            credentials.setProperty("user", admin.user());
        }
        if (admin.password() != null) {
            credentials.setProperty("password", admin.password());
        }
        return DriverManager.getConnection(admin.url(), credentials);
    }

    public String schema() {
        return schema;
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            sql.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static String bundled(String name) throws IOException {
        try (InputStream in = ScratchRegistry.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("the bundled " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
