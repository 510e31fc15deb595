package io.khotam.catalogue;

import io.khotam.PrivateFolders;
import io.khotam.Sha256;
import io.khotam.nodes.HomeIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.util.OSInfo;

/** Where a home's catalogue lives: a SQLite file beside its runs on one host, the workspace PostgreSQL when nodes share it. */
public final class Catalogues {

    /** The catalogue's folder under the staging root (not a run id, so never taken for a run). */
    public static final String DIR = ".catalogue";

    private Catalogues() {}

    /**
     * {@code <staging>/.catalogue/runs.db}, in a folder only this user may enter; SQLite's native
     * library is unpacked once into an owner-only cache rather than /tmp at every start. Every kho-tam process of the
     * host opens it at once (write-ahead log: readers never wait for the writer), each connection
     * its own.
     */
    public static CatalogueStore sqlite(Path stagingRoot) throws IOException, SQLException {
        Path dir = PrivateFolders.of(stagingRoot.resolve(DIR));
        if (System.getProperty("org.sqlite.lib.path") == null) {
            Path libraries;
            try {
                libraries = PrivateFolders.cache("sqlite");
            } catch (IOException noCache) {
                libraries = PrivateFolders.of(dir.resolve("native")); // a home without a writable cache (a container's)
            }
            unpackNativeLibrary(libraries);
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

    /**
     * SQLite's native library, unpacked once into an owner-only folder under a name that is its
     * SHA-256, and loaded from there by every later process: sqlite-jdbc would otherwise write
     * a fresh copy (about 1 MB) into the temporary folder at each start, which a command that
     * only lists runs should not pay, and which fails under a file-size limit.
     */
    private static synchronized void unpackNativeLibrary(Path folder) throws IOException {
        String resource = "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/libsqlitejdbc.so";
        byte[] library;
        try (InputStream in = Catalogues.class.getResourceAsStream(resource)) {
            if (in == null) {
                return; // no bundled library for this platform: sqlite-jdbc looks for one of the system's
            }
            library = in.readAllBytes();
        }
        String name = "libsqlitejdbc-" + Sha256.hex(library).substring(0, 16) + ".so";
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) != library.length) {
            Path part = Files.createTempFile(folder, name, ".part");
            try {
                Files.write(part, library);
                Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(part);
            }
        }
        System.setProperty("org.sqlite.lib.path", folder.toString());
        System.setProperty("org.sqlite.lib.name", name);
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
