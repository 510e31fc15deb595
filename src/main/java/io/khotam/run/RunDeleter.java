package io.khotam.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import io.khotam.registry.ProductionProof;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Delete-fast (DESIGN.md): the run directory is renamed out of sight in one atomic move
 * ({@code staging/.trash/<run-id>}), removed without following any link, and checked to be gone.
 * A removal that cannot complete leaves its remains in the trash, says what they are, and the
 * next delete of the same id finishes the job.
 */
public class RunDeleter {

    public static final String TRASH = ".trash";
    private static final int LEFT_LISTED = 20;

    private final Path stagingRoot;
    private final Clock clock;
    private final ProductionProof proof;

    /** @param proof the registry whose fingerprint each receipt re-reads (seed §9: production unchanged after delete) */
    public RunDeleter(Path stagingRoot, Clock clock, ProductionProof proof) {
        this.stagingRoot = stagingRoot;
        this.clock = clock;
        this.proof = proof;
    }

    public DeleteReceipt delete(String runId, boolean force) {
        if (runId == null || !RunCatalog.RUN_ID.matcher(runId).matches()) {
            return refused(runId, "'" + runId + "' is not a run id; only a run directory directly under "
                    + stagingRoot + " can be deleted");
        }
        Path dir = stagingRoot.resolve(runId);
        Path trashed = stagingRoot.resolve(TRASH).resolve(runId);
        String startFingerprint = null; // from the run's manifest, read before the run is removed
        try {
            boolean inPlace = Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
            if (!inPlace && !Files.exists(trashed, LinkOption.NOFOLLOW_LINKS)) {
                return refused(runId, "no run " + runId + " under " + stagingRoot);
            }
            if (!inPlace) {
                startFingerprint = startFingerprint(readQuietly(trashed));
            }
            if (inPlace) {
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    return refused(runId, stagingRoot.resolve(runId) + " is not a run directory (a link or a file)");
                }
                JsonNode manifest = readQuietly(dir);
                startFingerprint = startFingerprint(manifest);
                if (manifest != null && "RUNNING".equals(manifest.path("status").asText()) && Owners.alive(manifest) && !force) {
                    return refused(runId, "run " + runId + " is RUNNING in process " + manifest.path("owner").path("pid").asText()
                            + " on " + manifest.path("owner").path("host").asText() + "; stop it first or use --force");
                }
                if (Files.exists(trashed, LinkOption.NOFOLLOW_LINKS)) {
                    DeleteReceipt earlier = removeTrashed(runId, trashed, startFingerprint);
                    if (!earlier.complete()) {
                        return earlier;
                    }
                }
                Files.createDirectories(trashed.getParent());
                Files.move(dir, trashed, StandardCopyOption.ATOMIC_MOVE);
            }
            return removeTrashed(runId, trashed, startFingerprint);
        } catch (IOException e) {
            Path remains = Files.exists(trashed, LinkOption.NOFOLLOW_LINKS) ? trashed : dir;
            return receipt(runId, DeleteReceipt.Outcome.INCOMPLETE, "delete failed: " + e, 0, 0, remains, startFingerprint);
        }
    }

    /** Finished runs (anything but RUNNING) that started longer ago than {@code age}, and unfinished deletes. */
    public List<DeleteReceipt> deleteOlderThan(Duration age) throws IOException {
        Instant cutoff = clock.instant().minus(age);
        List<DeleteReceipt> receipts = new ArrayList<>();
        for (RunCatalog.Entry run : new RunCatalog(stagingRoot).list()) {
            JsonNode m = run.manifest();
            String started = m == null ? null : m.path("started_at").asText(null);
            if (m != null && !"RUNNING".equals(run.status()) && started != null && Instant.parse(started).isBefore(cutoff)) {
                receipts.add(delete(run.runId(), false));
            }
        }
        for (String leftover : new RunCatalog(stagingRoot).unfinishedDeletes()) {
            receipts.add(delete(leftover, false));
        }
        return receipts;
    }

    /** Every run, and every unfinished delete; live RUNNING runs are refused unless forced. */
    public List<DeleteReceipt> deleteAll(boolean force) throws IOException {
        List<DeleteReceipt> receipts = new ArrayList<>();
        for (RunCatalog.Entry run : new RunCatalog(stagingRoot).list()) {
            receipts.add(delete(run.runId(), force));
        }
        for (String leftover : new RunCatalog(stagingRoot).unfinishedDeletes()) {
            receipts.add(delete(leftover, force));
        }
        return receipts;
    }

    private DeleteReceipt removeTrashed(String runId, Path trashed, String startFingerprint) throws IOException {
        long[] removed = new long[2]; // entries, bytes
        if (Files.exists(trashed, LinkOption.NOFOLLOW_LINKS)) {
            // walkFileTree without FOLLOW_LINKS: a link is visited as a file and deleted as a link
            Files.walkFileTree(trashed, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (deleteQuietly(file)) {
                        removed[0]++;
                        removed[1] += attrs.isRegularFile() ? attrs.size() : 0;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    if (deleteQuietly(dir)) {
                        removed[0]++;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        boolean gone = !Files.exists(trashed, LinkOption.NOFOLLOW_LINKS);
        return receipt(runId, gone ? DeleteReceipt.Outcome.DELETED : DeleteReceipt.Outcome.INCOMPLETE,
                gone ? "deleted" : "could not remove everything; what is left stays in " + trashed
                        + " and the next `delete " + runId + "` finishes the job", removed[0], removed[1], trashed, startFingerprint);
    }

    private static boolean deleteQuietly(Path path) {
        try {
            Files.delete(path);
            return true;
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            return false; // reported below as left behind
        }
    }

    /** @param remains where what is left of the run would be */
    private DeleteReceipt receipt(String runId, DeleteReceipt.Outcome outcome, String message, long entries, long bytes,
                                  Path remains, String startFingerprint) {
        List<String> left = new ArrayList<>();
        long leftCount = 0;
        if (Files.exists(remains, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> remaining = Files.walk(remains)) {
                for (Path path : (Iterable<Path>) remaining::iterator) {
                    leftCount++;
                    if (left.size() < LEFT_LISTED) {
                        left.add(stagingRoot.relativize(path).toString());
                    }
                }
            } catch (IOException e) {
                leftCount = Math.max(leftCount, 1);
                left.add(stagingRoot.relativize(remains) + " (could not be listed: " + e.getMessage() + ")");
            }
        }
        ProductionProof.Reading before = startFingerprint == null ? null : new ProductionProof.Reading(startFingerprint, null);
        Manifest.Production production = Manifest.Production.of(proof, before, proof.read());
        return new DeleteReceipt(runId, outcome, message, entries, bytes, leftCount, left, production, clock.instant());
    }

    private static String startFingerprint(JsonNode manifest) {
        return manifest == null ? null : manifest.path("production").path("fingerprint_before").asText(null);
    }

    private DeleteReceipt refused(String runId, String message) {
        return new DeleteReceipt(runId, DeleteReceipt.Outcome.REFUSED, message, 0, 0, 0, List.of(),
                Manifest.Production.notConfigured(), clock.instant());
    }

    private static JsonNode readQuietly(Path dir) {
        try {
            return Manifests.read(dir);
        } catch (IOException e) {
            return null;
        }
    }
}
