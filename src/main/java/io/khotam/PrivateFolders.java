package io.khotam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Folders only this user may enter, for what another local user must neither read nor replace. */
public final class PrivateFolders {

    private PrivateFolders() {}

    /**
     * A folder made (or taken) owner-only; a link there is refused, never followed.
     *
     * @throws IOException when it is a link or cannot be made
     */
    public static Path of(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new IOException(dir + " is a link; kho-tam keeps what it puts there only in a folder of its own");
        }
        Files.createDirectories(dir);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a folder");
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    /**
     * {@code <cache>/kho-tam/<name>}, owner-only, where libraries unpack what they run (PostgreSQL's
     * binaries, SQLite's native library): their default is a world-writable folder in /tmp, where
     * another local user could put files of their own.
     */
    public static Path cache(String name) throws IOException {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return of(of(base.resolve("kho-tam")).resolve(name));
    }
}
