package io.khotam.run;

import io.khotam.Sha256;
import io.khotam.intake.InputFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims a dropped file for a new run. The run is built out of sight in
 * {@code staging/.claims/<run-id>/} (RUNNING manifest, room for the final manifest, the input moved
 * in by one atomic rename) and only then published as {@code staging/<run-id>/} by a second
 * rename. So {@code list}, {@code delete}, {@code verify} and retention never see half a run, and
 * at every instant the file is in the inbox or in exactly one run's input. When another process
 * renamed the file first, this claim withdraws its unpublished run and yields nothing.
 */
public class InboxClaim {

    /** Where runs are built before they are published; hidden, and never a run id. */
    public static final String CLAIMS = ".claims";

    private static final Logger LOG = LoggerFactory.getLogger(InboxClaim.class);
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int MAX_SAME_SECOND = 1000;

    private final Path stagingRoot;
    private final Clock clock;
    private final ClaimFailures failures;
    private final Manifest.Owner owner;

    public InboxClaim(Path stagingRoot, Clock clock, ClaimFailures failures) {
        this.stagingRoot = stagingRoot;
        this.clock = clock;
        this.failures = failures;
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
            failures.resolved(droppedFile);
            return null;
        }
        InputFormat format = InputFormat.of(name);
        Manifest.Input input = new Manifest.Input(name, sha256, bytes,
                link ? "symlink" : format == null ? "unsupported" : format.label());
        Instant startedAt = clock.instant();
        Path building = reserveRunId(RUN_TIME.format(startedAt) + "-" + sha256.substring(0, 8));
        String runId = building.getFileName().toString();
        Path claimedInput = building.resolve("input").resolve(name);
        try {
            Files.createDirectory(building.resolve("input"));
            Files.createDirectory(building.resolve("evidence"));
            Manifests.write(building, StagingRun.startingManifest(runId, input, startedAt, owner));
            ManifestRoom.reserve(building);
            Files.move(dropped, claimedInput, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException gone) {
            withdraw(building, dropped.getParent());
            failures.resolved(droppedFile);
            return null;
        } catch (AtomicMoveNotSupportedException e) {
            withdraw(building, dropped.getParent());
            throw new IOException("the inbox and the staging folder must be on one filesystem, so that a claim is one "
                    + "atomic rename (" + dropped.getParent() + " and " + stagingRoot + " are not)", e);
        } catch (IOException | RuntimeException e) {
            withdraw(building, dropped.getParent());
            throw e;
        }
        Object movedKey = Files.readAttributes(claimedInput, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        if (fileKey != null && !fileKey.equals(movedKey)) {
            // another process claimed the hashed file and a new one took its name meanwhile: not ours to keep
            withdraw(building, dropped.getParent());
            return null;
        }
        Path dir = stagingRoot.resolve(runId);
        // the run id is reserved in .claims, so nobody else publishes this name; the target cannot exist
        Files.move(building, dir, StandardCopyOption.ATOMIC_MOVE);
        failures.resolved(droppedFile);
        LOG.debug("claimed {} as run {}", name, runId);
        return new StagingRun(runId, dir, input, startedAt, owner);
    }

    /**
     * Reserves a run id by creating its build directory in {@code .claims} (exclusive), skipping
     * ids that a published run or an unfinished delete already holds.
     */
    private Path reserveRunId(String baseId) throws IOException {
        Path claims = Files.createDirectories(stagingRoot.resolve(CLAIMS));
        for (int n = 1; n <= MAX_SAME_SECOND; n++) {
            String id = n == 1 ? baseId : baseId + "-" + n;
            Path building;
            try {
                building = Files.createDirectory(claims.resolve(id));
            } catch (FileAlreadyExistsException taken) {
                continue; // the same input claimed twice in one second: the next suffix
            }
            if (!Files.exists(stagingRoot.resolve(id), LinkOption.NOFOLLOW_LINKS)
                    && !Files.exists(stagingRoot.resolve(RunDeleter.TRASH).resolve(id), LinkOption.NOFOLLOW_LINKS)) {
                return building;
            }
            Files.delete(building);
        }
        throw new IOException("more than " + MAX_SAME_SECOND + " runs named " + baseId + " in one second");
    }

    /** Removes an unpublished run; an input already moved in goes back to the inbox first. */
    static void withdraw(Path building, Path inbox) throws IOException {
        Path input = building.resolve("input");
        if (Files.isDirectory(input, LinkOption.NOFOLLOW_LINKS)) {
            try (var files = Files.list(input)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    InboxReturn.toInbox(file, inbox);
                }
            }
        }
        Path evidence = building.resolve("evidence");
        if (Files.isDirectory(evidence, LinkOption.NOFOLLOW_LINKS)) {
            try (var files = Files.list(evidence)) { // the manifest, its temp file, the reserved room
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(file);
                }
            }
        }
        Files.deleteIfExists(evidence);
        Files.deleteIfExists(input);
        Files.deleteIfExists(building);
    }
}
