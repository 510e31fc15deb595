package io.khotam.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only code in kho-tam that writes a registry: it creates and seeds the embedded DEMO
 * registry once, from the bundled demo rows. It is reached only when the registry is DEMO,
 * never when a real one is configured.
 */
final class DemoRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(DemoRegistry.class);

    private DemoRegistry() {}

    static void seedOnce(RegistrySettings settings) throws IOException, SQLException {
        if (settings.kind() != RegistrySettings.Kind.DEMO) {
            throw new IllegalStateException("only the DEMO registry is ever seeded");
        }
        if (Files.exists(settings.demoDir().resolve("registry.mv.db"))) {
            return;
        }
        Files.createDirectories(settings.demoDir());
        try (Connection connection = DriverManager.getConnection(settings.url());
             Statement statement = connection.createStatement()) {
            statement.execute(resource("registry-h2/schema.sql"));
            statement.execute(resource("registry/03-demo-rows.sql"));
        }
        LOG.info("seeded the DEMO registry in {} from the bundled demo rows", settings.demoDir());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DemoRegistry.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("the bundled " + name + " is missing from the build");
            }
            StringBuilder sql = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.strip().startsWith("--")) {
                    sql.append(line).append('\n');
                }
            }
            return sql.toString().strip().replaceAll(";$", "");
        }
    }
}
