package io.khotam.run;

import io.khotam.Sha256;
import io.khotam.intake.InputFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims a dropped file for a new run: creates {@code staging/<run-id>/} with a RUNNING manifest,
 * then moves the file into its {@code input/} with one atomic rename. At every instant the file is
 * either in the inbox or in exactly one run's input; when another process renamed it first, this
 * claim withdraws its empty run directory and yields nothing.
 */
public class InboxClaim {

    private static final Logger LOG = LoggerFactory.getLogger(InboxClaim.class);
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int MAX_SAME_SECOND = 1000;

    private final Path stagingRoot;
    private final Clock clock;
    private final Manifest.Owner owner;

    public InboxClaim(Path stagingRoot, Clock clock) {
        this.stagingRoot = stagingRoot;
        this.clock = clock;
        this.owner = Owners.self();
    }

    /** @return the new run, or null when the file is no longer in the inbox (claimed elsewhere) */
    public StagingRun claim(String droppedFile) throws IOException {
        Path dropped = Path.of(droppedFile);
        String name = dropped.getFileName().toString();
        boolean link = Files.isSymbolicLink(dropped);
        String sha256;
        long bytes;
        Object fileKey;
        try {
            fileKey = Files.readAttributes(dropped, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            // a link is never followed: what was received is the link itself
            sha256 = link ? Sha256.hex(Files.readSymbolicLink(dropped).toString().getBytes(StandardCharsets.UTF_8))
                    : Sha256.ofFile(dropped);
            bytes = link ? 0 : Files.size(dropped);
        } catch (NoSuchFileException gone) {
            return null;
        }
        InputFormat format = InputFormat.of(name);
        Manifest.Input input = new Manifest.Input(name, sha256, bytes,
                link ? "symlink" : format == null ? "unsupported" : format.label());
        Instant startedAt = clock.instant();
        Path dir = createRunDir(RUN_TIME.format(startedAt) + "-" + sha256.substring(0, 8));
        StagingRun run = new StagingRun(dir.getFileName().toString(), dir, input, startedAt, owner);
        Files.createDirectory(dir.resolve("input"));
        Manifests.write(dir, run.manifest());
        try {
            Files.move(dropped, run.getInputFile(), StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException gone) {
            withdraw(dir);
            return null;
        } catch (AtomicMoveNotSupportedException e) {
            withdraw(dir);
            throw new IOException("the inbox and the staging folder must be on one filesystem, so that a claim is one "
                    + "atomic rename; " + e.getMessage(), e);
        }
        Object movedKey = Files.readAttributes(run.getInputFile(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        if (fileKey != null && !fileKey.equals(movedKey)) {
            // another process claimed the hashed file and a new one took its name meanwhile: not ours to keep
            InboxReturn.toInbox(run.getInputFile(), dropped.getParent());
            withdraw(dir);
            return null;
        }
        LOG.debug("claimed {} as run {}", name, run.getId());
        return run;
    }

    private Path createRunDir(String baseId) throws IOException {
        Files.createDirectories(stagingRoot);
        for (int n = 1; n <= MAX_SAME_SECOND; n++) {
            Path dir = stagingRoot.resolve(n == 1 ? baseId : baseId + "-" + n);
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException taken) {
                // the same input claimed twice in one second: the next suffix
            }
        }
        throw new IOException("more than " + MAX_SAME_SECOND + " runs named " + baseId + " in one second");
    }

    /** Removes a run directory this claim created and that never received its input. */
    private static void withdraw(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(Manifests.PATH));
        Files.deleteIfExists(dir.resolve("evidence"));
        Files.deleteIfExists(dir.resolve("input"));
        Files.deleteIfExists(dir);
    }
}
