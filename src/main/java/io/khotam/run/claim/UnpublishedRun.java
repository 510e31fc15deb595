package io.khotam.run.claim;

import io.khotam.Sha256;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.ManifestReserve;
import io.khotam.evidence.Manifests;
import io.khotam.evidence.RunIds;
import io.khotam.evidence.RunLayout;
import io.khotam.intake.InputFormat;
import io.khotam.run.InboxReturn;
import io.khotam.store.RunDeleter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * A run under construction in {@code staging/.claims/<run-id>/}, out of sight of {@code list},
 * {@code delete} and retention until one rename publishes it. Shared by the two ways a run is
 * claimed: a dropped file ({@link InboxClaim}) and a rerun ({@link RerunClaim}).
 */
public final class UnpublishedRun {

    /** Where runs are built before they are published; hidden, and never a run id. */
    public static final String CLAIMS = ".claims";


    private UnpublishedRun() {}

    /** What was received, never following a link (a link's own text is what is hashed). */
    public static Manifest.Input describe(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (Files.isSymbolicLink(file)) {
            return new Manifest.Input(name, Sha256.hex(Files.readSymbolicLink(file).toString().getBytes(StandardCharsets.UTF_8)),
                    0, "symlink");
        }
        InputFormat format = InputFormat.of(name);
        return new Manifest.Input(name, Sha256.ofFile(file), Files.size(file), format == null ? "unsupported" : format.label());
    }

    /**
     * Reserves a run id by creating its build directory (exclusive), skipping ids that a published
     * run or an unfinished delete already holds, then lays out its folders, its RUNNING manifest
     * and the room its final manifest will need.
     */
    public static Path reserve(Path stagingRoot, Instant startedAt, String inputSha256) throws IOException {
        String baseId = RunIds.of(startedAt, inputSha256, 1);
        Path claims = Files.createDirectories(stagingRoot.resolve(CLAIMS));
        for (int n = 1; n <= RunIds.MAX_SAME_SECOND; n++) {
            String id = RunIds.of(startedAt, inputSha256, n);
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
        throw new IOException("more than " + RunIds.MAX_SAME_SECOND + " runs named " + baseId + " in one second");
    }

    /** The folders, the RUNNING manifest and the room kept for the final one; the input is not there yet. */
    public static void layOut(Path building, Manifest starting) throws IOException {
        Files.createDirectory(building.resolve(RunLayout.INPUT_DIR));
        Files.createDirectory(building.resolve(RunLayout.EVIDENCE_DIR));
        Manifests.write(building, starting);
        ManifestReserve.reserve(building);
    }

    /** Publishes the whole run by one rename; its id is reserved in .claims, so the target cannot exist. */
    public static Path publish(Path building, Path stagingRoot) throws IOException {
        Path dir = stagingRoot.resolve(building.getFileName().toString());
        Files.move(building, dir, StandardCopyOption.ATOMIC_MOVE);
        return dir;
    }

    /**
     * Removes an unpublished run. An input already moved in goes back to the inbox first; with no
     * inbox (a rerun's input is a link to another run's) it is only unlinked.
     */
    public static void withdraw(Path building, Path inbox) throws IOException {
        Path input = building.resolve(RunLayout.INPUT_DIR);
        if (Files.isDirectory(input, LinkOption.NOFOLLOW_LINKS)) {
            try (var files = Files.list(input)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (inbox == null) {
                        Files.deleteIfExists(file);
                    } else {
                        InboxReturn.toInbox(file, inbox);
                    }
                }
            }
        }
        Path evidence = building.resolve(RunLayout.EVIDENCE_DIR);
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
