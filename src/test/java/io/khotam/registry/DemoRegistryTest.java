package io.khotam.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded DEMO registry: seeded once, then only ever opened read-only. */
class DemoRegistryTest {

    @TempDir
    Path home;

    @Test
    void seededOnceFromTheBundledRowsAndReadOnlyAfterwards() throws Exception {
        RegistrySettings demo = RegistrySettings.of("demo", home.resolve("demo-registry"), Map.of());
        assertThat(demo.source()).startsWith("DEMO ");
        String first;
        try (ReadOnlyRegistry registry = ReadOnlyRegistry.open(demo)) {
            first = registry.fingerprint();
            // the bundled demo rows' digest: a change to what the digest covers or how it is computed shows here
            assertThat(first).isEqualTo("6:d7d542982c856c34c4255280e4623609c57b844cfe1a89d752d15cdd3fd8c6b7");
            for (String write : new String[] {
                    "INSERT INTO birth_registry (entity_code) VALUES ('FLORA-000999')",
                    "UPDATE birth_registry SET inspect_pen = CURRENT_TIMESTAMP",
                    "DELETE FROM birth_registry"}) {
                try (Connection connection = registry.dataSource().getConnection(); Statement sql = connection.createStatement()) {
                    assertThatThrownBy(() -> sql.executeUpdate(write)).as(write)
                            .isInstanceOf(SQLException.class).hasMessageContaining("read only");
                }
            }
        }
        long size = Files.size(home.resolve("demo-registry/registry.mv.db"));
        try (ReadOnlyRegistry again = ReadOnlyRegistry.open(demo)) {
            assertThat(again.fingerprint()).as("not seeded twice").isEqualTo(first);
        }
        assertThat(Files.size(home.resolve("demo-registry/registry.mv.db"))).isEqualTo(size);
    }

    @Test
    void noRegistryMeansNothingIsRead() {
        ProductionProof none = new ProductionProof(RegistrySettings.of("none", home, Map.of()));
        assertThat(none.configured()).isFalse();
        assertThat(none.digest().ok()).isFalse();
        assertThat(none.counters().ok()).isFalse();
    }
}
