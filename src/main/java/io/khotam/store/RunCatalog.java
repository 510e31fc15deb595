package io.khotam.store;

import io.khotam.evidence.RunIds;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.Manifests;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** The runs under a staging root, found without ever following a link out of it. */
public final class RunCatalog {


    /** @param manifest null when missing or unreadable */
    public record Entry(String runId, Path dir, Manifest manifest) {
        public String status() {
            return manifest == null ? "UNKNOWN" : manifest.status().name();
        }

        /**
         * @param action what is to be done with the run (verify, check, export), for the message
         * @throws IllegalArgumentException when the run has no readable manifest or has not ended
         */
        public Manifest endedManifest(String action) {
            if (manifest == null) {
                throw new IllegalArgumentException("run " + runId + " has no readable evidence/manifest.json");
            }
            if (manifest.running()) {
                throw new IllegalArgumentException("run " + runId + " is RUNNING; " + action + " it once it has ended");
            }
            return manifest;
        }
    }

    private final Path stagingRoot;

    public RunCatalog(Path stagingRoot) {
        this.stagingRoot = stagingRoot;
    }

    /**
     * When a run started, oldest first: the manifest's {@code started_at} (a run id says only the
     * second, so runs claimed within one second would otherwise come in no particular order), then
     * the run id; a run without a readable manifest goes by the second its id names.
     */
    public static final Comparator<Entry> BY_START = Comparator.comparing(RunCatalog::startedAt).thenComparing(Entry::runId);

    /** Every run, oldest first ({@link #BY_START}). */
    public List<Entry> list() throws IOException {
        List<Entry> runs = new ArrayList<>();
        if (!Files.isDirectory(stagingRoot)) {
            return runs;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(stagingRoot)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (RunIds.is(name) && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    runs.add(new Entry(name, dir, readQuietly(dir)));
                }
            }
        }
        runs.sort(BY_START);
        return runs;
    }

    /** Every run, newest first. */
    public List<Entry> newestFirst() throws IOException {
        List<Entry> runs = list();
        Collections.reverse(runs);
        return runs;
    }

    private static Instant startedAt(Entry entry) {
        if (entry.manifest() != null && entry.manifest().startedAt() != null) {
            return entry.manifest().startedAt();
        }
        return RunIds.second(entry.runId());
    }


    /** Run ids whose delete started but did not finish. */
    public List<String> unfinishedDeletes() throws IOException {
        Path trash = stagingRoot.resolve(RunDeleter.TRASH);
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(trash, LinkOption.NOFOLLOW_LINKS)) {
            return ids;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(trash)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (RunIds.is(name) && !Files.exists(stagingRoot.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                    ids.add(name);
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    /**
     * A run id names a run to delete: a run directory, or the remains of an unfinished delete.
     *
     * @throws IllegalArgumentException with a message for the user otherwise
     */
    public void requireKnown(String runId) {
        checkId(runId);
        if (!Files.exists(stagingRoot.resolve(runId), LinkOption.NOFOLLOW_LINKS)
                && !Files.exists(stagingRoot.resolve(RunDeleter.TRASH).resolve(runId), LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("no run " + runId + " under " + stagingRoot);
        }
    }

    private static void checkId(String runId) {
        if (runId == null || !RunIds.is(runId)) {
            throw new IllegalArgumentException("'" + runId + "' is not a run id (expected " + RunIds.SHAPE + ", "
                    + "as `list` prints)");
        }
    }

    /**
     * @throws IllegalArgumentException with a message for the user when the id is not a run
     *         directory directly under the staging root
     */
    public Entry find(String runId) throws IOException {
        checkId(runId);
        Path dir = stagingRoot.resolve(runId);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("no run " + runId + " under " + stagingRoot);
        }
        return new Entry(runId, dir, readQuietly(dir));
    }

    static Manifest readQuietly(Path dir) {
        try {
            return Manifests.read(dir);
        } catch (IOException e) {
            return null; // listed as UNKNOWN: a broken manifest must not hide the other runs
        }
    }
}
