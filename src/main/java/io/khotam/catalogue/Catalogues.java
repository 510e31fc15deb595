package io.khotam.catalogue;

import io.khotam.PrivateFolders;
import io.khotam.nodes.HomeIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Where a home's catalogue lives: a SQLite file beside its runs on one host, the workspace PostgreSQL when nodes share it. */
public final class Catalogues {

    /** The catalogue's folder under the staging root (not a run id, so never taken for a run). */
    public static final String DIR = ".catalogue";

    private Catalogues() {}

    /**
     * {@code <staging>/.catalogue/runs.db}, in a folder only this user may enter; SQLite's native
     * library is unpacked into an owner-only cache rather than /tmp. Every kho-tam process of the
     * host opens it at once (write-ahead log: readers never wait for the writer), each connection
     * its own.
     */
    public static CatalogueStore sqlite(Path stagingRoot) throws IOException, SQLException {
        Path dir = PrivateFolders.of(stagingRoot.resolve(DIR));
        if (System.getProperty("org.sqlite.tmpdir") == null) {
            Path unpackTo;
            try {
                unpackTo = PrivateFolders.cache("sqlite");
            } catch (IOException noCache) {
                unpackTo = PrivateFolders.of(dir.resolve("native")); // a home without a writable cache (a container's)
            }
            System.setProperty("org.sqlite.tmpdir", unpackTo.toString());
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL); // a cache of the files: a crash loses at most its last changes
        config.setBusyTimeout(30_000);
        // a write takes the lock when its transaction begins: the change time it then reads is its commit's, give or take
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // no pool: a SQLite connection is a file opened, and a command that lists runs starts no pool's threads
        SQLiteDataSource file = new SQLiteDataSource(config);
        file.setUrl("jdbc:sqlite:" + dir.resolve("runs.db"));
        return opened(new CatalogueStore(file, null, CatalogueStore.Dialect.SQLITE, "local"));
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
