package io.khotam.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.khotam.FileTrees;
import io.khotam.bench.RunHomes;
import io.khotam.producer.TestWorkspace;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue of a shared home in the workspace PostgreSQL (the real one on 127.0.0.1:5432; the
 * test fails when it is missing): what one node records, another reads and corrects; another home
 * kept in the same database is apart.
 */
class SharedCatalogueTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @TempDir
    Path otherHome;

    private static HikariDataSource pool() {
        return pool(TestWorkspace.url());
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(3);
        return new HikariDataSource(config);
    }

    private static List<String> listed(CatalogueStore store) throws Exception {
        List<String> ids = new ArrayList<>();
        Cursor after = null;
        do {
            Page<RunSummary> page = store.runs(RunFilter.ALL, after, null, 500);
            page.items().forEach(r -> ids.add(r.runId()));
            after = page.next();
        } while (after != null);
        return ids;
    }

    @Test
    void whatOneNodeRecordsAnotherReadsAndCorrectsAndAnotherHomeIsApart() throws Exception {
        RunHomes.write(home, 150, 4, Instant.parse("2026-12-07T00:00:00Z"), n -> { });
        RunHomes.write(otherHome, 20, 5, Instant.parse("2026-11-07T00:00:00Z"), n -> { });
        try (HikariDataSource poolA = pool(); HikariDataSource poolB = pool();
             CatalogueStore a = Catalogues.postgres(poolA, null, home); CatalogueStore b = Catalogues.postgres(poolB, null, home);
             CatalogueStore other = Catalogues.postgres(poolA, null, otherHome)) {
            a.clear();
            other.clear();
            new CatalogueKeeper(a, home, JSON, null, Duration.ZERO).rebuild(n -> { });
            new CatalogueKeeper(other, otherHome, JSON, null, Duration.ZERO).rebuild(n -> { });
            List<String> onDisk = ManifestsOnDisk.newestFirst(home).stream().map(ManifestsOnDisk.Run::id).toList();
            assertThat(listed(b)).as("node b reads what node a recorded").isEqualTo(onDisk);
            assertThat(b.counts()).containsEntry("all", 150L);

            long since = b.now();
            FileTrees.remove(home.resolve(onDisk.get(3)));
            new CatalogueKeeper(b, home, JSON, null, Duration.ZERO).quickSweep();
            assertThat(listed(a)).as("node a reads what node b corrected")
                    .isEqualTo(ManifestsOnDisk.newestFirst(home).stream().map(ManifestsOnDisk.Run::id).toList());
            assertThat(a.changes(since).gone()).containsExactly(onDisk.get(3));
            assertThat(other.counts()).as("another home in the same database").containsEntry("all", 20L);
            assertThat(listed(other)).doesNotContainAnyElementsOf(onDisk);
        }
    }

    /** Nodes starting at once on a database without a catalogue each find it whole (one dropped what another had just made). */
    @Test
    void nodesStartingAtOnceOnAFreshDatabaseAllFindTheCatalogue() throws Exception {
        TestWorkspace.url();
        String database = "khotam_catalogue_race_" + UUID.randomUUID().toString().replace("-", "");
        String server = TestWorkspace.URL.substring(0, TestWorkspace.URL.lastIndexOf('/'));
        try (Connection admin = DriverManager.getConnection(server + "/postgres?user=postgres"); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        int nodes = 6;
        ExecutorService starts = Executors.newFixedThreadPool(nodes);
        try (HikariDataSource pool = pool(server + "/" + database + "?user=postgres")) {
            for (int round = 0; round < 5; round++) {
                try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS khotam_catalogue CASCADE");
                }
                CyclicBarrier together = new CyclicBarrier(nodes);
                List<Future<Long>> counted = new ArrayList<>();
                for (int n = 0; n < nodes; n++) {
                    counted.add(starts.submit(() -> {
                        together.await();
                        try (CatalogueStore store = Catalogues.postgres(pool, null, home)) {
                            return store.counts().get("all");
                        }
                    }));
                }
                for (Future<Long> count : counted) {
                    assertThat(count.get()).as("round %d: every node reads its catalogue", round).isZero();
                }
            }
        } finally {
            starts.shutdownNow();
            try (Connection admin = DriverManager.getConnection(server + "/postgres?user=postgres"); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE " + database + " WITH (FORCE)");
            }
        }
    }
}
