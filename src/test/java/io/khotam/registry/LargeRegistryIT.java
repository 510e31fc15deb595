package io.khotam.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.khotam.KhotamProcess;
import io.khotam.Rows;
import io.khotam.bench.ScratchRegistry;
import io.khotam.evidence.Manifest;
import io.khotam.store.RunCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof at registry scale: a batch of small files against a PostgreSQL registry of 2,000,000
 * rows, in a real kho-tam process. The registry is digested once before the batch and once after
 * it, whatever the number of runs, and each run still reads its own write counters. Fails (never
 * skips) without PostgreSQL on 127.0.0.1:5432 (or $KHOTAM_TEST_PG_URL).
 */
class LargeRegistryIT {

    private static final long REGISTRY_ROWS = 2_000_000;
    private static final int FILES = 100;
    private static final String ADMIN_URL = System.getenv().getOrDefault("KHOTAM_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    @TempDir
    Path home;

    @Test
    void aBatchOfSmallFilesDigestsTheRegistryTwice() throws Exception {
        ScratchRegistry registry;
        try {
            registry = ScratchRegistry.create(RegistrySettings.of(ADMIN_URL, home, System.getenv()), REGISTRY_ROWS);
        } catch (SQLException e) {
            throw new AssertionError("LargeRegistryIT needs PostgreSQL at " + ADMIN_URL + " (start it, or set "
                    + "KHOTAM_TEST_PG_URL): " + e.getMessage(), e);
        }
        try (registry) {
            Path inbox = Files.createDirectories(home.resolve("inbox"));
            for (int f = 0; f < FILES; f++) {
                Rows.writeJsonl(inbox.resolve(String.format("f%03d.jsonl", f)), 10);
            }
            long started = System.nanoTime();
            int exit;
            String log;
            try (KhotamProcess run = KhotamProcess.start("LargeRegistryIT", "--home", home.toString(), "--registry-url",
                    registry.url(), "run", "--once", "--no-progress")) {
                exit = run.waitFor(300);
                log = run.log();
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - started);

            assertThat(exit).as(log).isZero();
            List<Manifest> manifests = new RunCatalog(home.resolve("staging")).list().stream().map(RunCatalog.Entry::manifest)
                    .toList();
            assertThat(manifests).hasSize(FILES).allSatisfy(m -> {
                assertThat(m.production().untouched()).isTrue();
                assertThat(m.production().fingerprintBefore()).startsWith(REGISTRY_ROWS + ":");
                assertThat(m.production().countersBefore()).isNotNull();
            });
            assertThat(manifests.stream().map(m -> m.production().digestBefore()).distinct()).hasSize(1);
            assertThat(manifests.stream().map(m -> m.production().digestAfter()).distinct()).hasSize(1);
            assertThat(log.lines().filter(line -> line.contains("production digest")).count())
                    .as("the registry was digested once before the batch and once after").isEqualTo(2);
            System.out.printf("LargeRegistryIT: %d ten-row files against a %,d-row registry in %.1f s (%.0f files/s, "
                    + "JVM start and both digests included)%n", FILES, REGISTRY_ROWS, wall.toMillis() / 1000.0,
                    FILES / (wall.toMillis() / 1000.0));
        }
    }
}
