package io.khotam.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real PostgreSQL: writes fail at the connection and at the role; the fingerprint sees every change. */
class PostgresRegistryTest {

    private PostgresSchema schema;
    private ReadOnlyRegistry registry;

    @BeforeEach
    void open() throws Exception {
        schema = new PostgresSchema();
        registry = ReadOnlyRegistry.open(RegistrySettings.of(schema.url(), Path.of("unused"), Map.of()));
    }

    @AfterEach
    void close() throws Exception {
        registry.close();
        schema.close();
    }

    @Test
    void insertUpdateAndDeleteFailThroughTheApplicationsDataSource() throws Exception {
        String before = registry.fingerprint();
        for (String write : new String[] {
                "INSERT INTO birth_registry (entity_code) VALUES ('FLORA-000999')",
                "UPDATE birth_registry SET inspect_pen = now()",
                "DELETE FROM birth_registry"}) {
            try (Connection connection = registry.dataSource().getConnection(); Statement sql = connection.createStatement()) {
                assertThat(connection.isReadOnly()).isTrue();
                assertThatThrownBy(() -> sql.executeUpdate(write)).as(write)
                        .isInstanceOf(SQLException.class).hasMessageContaining("read-only transaction");
                connection.rollback();
            }
        }
        assertThat(registry.fingerprint()).isEqualTo(before);
    }

    @Test
    void aSelectOnlyRoleCannotWriteEvenWhenTheSessionIsMadeWritable() throws Exception {
        String role = schema.name() + "_reader";
        schema.update("CREATE ROLE " + role + " LOGIN");
        try {
            // as 02-readonly-role.sql grants it: the cluster's databases are closed to PUBLIC (a workspace's neighbours are)
            schema.update("GRANT CONNECT ON DATABASE " + schema.database() + " TO " + role);
            schema.update("GRANT USAGE ON SCHEMA " + schema.name() + " TO " + role);
            schema.update("GRANT SELECT ON birth_registry TO " + role);
            String url = schema.url().replace("user=postgres", "user=" + role);
            try (Connection reader = DriverManager.getConnection(url); Statement sql = reader.createStatement()) {
                sql.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE"); // what a client could undo
                assertThat(sql.executeQuery("SELECT count(*) FROM birth_registry").next()).isTrue();
                assertThatThrownBy(() -> sql.executeUpdate("UPDATE birth_registry SET certified = true"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            }
        } finally {
            schema.update("DROP OWNED BY " + role);
            schema.update("DROP ROLE " + role);
        }
    }

    @Test
    void theFingerprintCountsRowsIsOrderIndependentAndSeesEveryChange() throws Exception {
        String original = registry.fingerprint();
        // read in parts on PostgreSQL, in one go on H2: the same demo rows give the same digest (DemoRegistryTest)
        assertThat(original).isEqualTo("6:d7d542982c856c34c4255280e4623609c57b844cfe1a89d752d15cdd3fd8c6b7");

        try (PostgresSchema reversed = new PostgresSchema();
             ReadOnlyRegistry other = ReadOnlyRegistry.open(RegistrySettings.of(reversed.url(), Path.of("unused"), Map.of()))) {
            // the same rows, stored in another physical order
            reversed.update("CREATE TABLE copy AS SELECT * FROM birth_registry ORDER BY entity_code DESC");
            reversed.update("DELETE FROM birth_registry");
            reversed.update("INSERT INTO birth_registry SELECT * FROM copy");
            reversed.update("DROP TABLE copy");
            assertThat(other.fingerprint()).isEqualTo(original);
        }

        schema.update("UPDATE birth_registry SET jsonb_profile = '{\"k\": 1}' WHERE entity_code = 'FLORA-900001'");
        String changed = registry.fingerprint();
        assertThat(changed).startsWith("6:").isNotEqualTo(original);
        schema.update("UPDATE birth_registry SET jsonb_profile = NULL WHERE entity_code = 'FLORA-900001'");
        assertThat(registry.fingerprint()).isEqualTo(original);

        schema.update("UPDATE birth_registry SET inspect_gate = '2026-01-01 00:00:00.000001+00' WHERE entity_code = 'FAUNA-900004'");
        assertThat(registry.fingerprint()).isNotEqualTo(original);
    }

    @Test
    void theRecordedSourceNeverCarriesCredentials() {
        RegistrySettings settings = RegistrySettings.of(
                "jdbc:postgresql://alice:pw@db:5432/registry?user=alice&password=s3cret&ssl=true", Path.of("x"),
                Map.of("KHOTAM_REGISTRY_USER", "bob", "KHOTAM_REGISTRY_PASSWORD", "hunter2"));
        assertThat(settings.source()).isEqualTo("jdbc:postgresql://db:5432/registry?ssl=true");
        assertThat(settings.toString()).doesNotContain("s3cret", "hunter2", "pw@");
        assertThat(settings.password()).isEqualTo("hunter2");
    }
}
