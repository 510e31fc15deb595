package io.khotam.catalogue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.khotam.PrivateFolders;
import io.khotam.nodes.HomeIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Where a home's catalogue lives: a SQLite file beside its runs on one host, the workspace PostgreSQL when nodes share it. */
public final class Catalogues {

    /** The catalogue's folder under the staging root (not a run id, so never taken for a run). */
    public static final String DIR = ".catalogue";

    private Catalogues() {}

    /**
     * {@code <staging>/.catalogue/runs.db}, in a folder only this user may enter; SQLite's native
     * library is unpacked into an owner-only cache rather than /tmp. Every kho-tam process of the
     * host opens it at once (write-ahead log: readers never wait for the writer).
     */
    public static CatalogueStore sqlite(Path stagingRoot) throws IOException, SQLException {
        if (System.getProperty("org.sqlite.tmpdir") == null) {
            System.setProperty("org.sqlite.tmpdir", PrivateFolders.cache("sqlite").toString());
        }
        Path dir = PrivateFolders.of(stagingRoot.resolve(DIR));
        HikariConfig config = new HikariConfig();
        config.setPoolName("catalogue");
        config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("runs.db"));
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "NORMAL"); // a cache of the files: a crash loses at most its last changes
        config.addDataSourceProperty("busy_timeout", "30000");
        // a write takes the lock when its transaction begins: the change time it then reads is its commit's, give or take
        config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        HikariDataSource pool = new HikariDataSource(config);
        return opened(new CatalogueStore(pool, pool, CatalogueStore.Dialect.SQLITE, "local"));
    }

    /**
     * Schema khotam_catalogue of the workspace PostgreSQL, this home's rows told apart by its id ({@link HomeIdentity}).
     *
     * @param owned closed with the store (the pool a command opened for it), or null when the pool lives on
     */
    public static CatalogueStore postgres(DataSource workspacePool, AutoCloseable owned, Path stagingRoot) throws IOException, SQLException {
        return opened(new CatalogueStore(workspacePool, owned, CatalogueStore.Dialect.POSTGRES, HomeIdentity.of(stagingRoot)));
    }

    private static CatalogueStore opened(CatalogueStore store) throws SQLException {
        try {
            store.open();
            return store;
        } catch (SQLException | RuntimeException e) {
            try {
                store.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }
}
