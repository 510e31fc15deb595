package io.khotam.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Problems;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.Manifests;
import io.khotam.evidence.RunIds;
import io.khotam.evidence.RunLayout;
import io.khotam.evidence.RunStatus;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the catalogue equal to the run directories, which stay the truth: a run this process
 * starts, ends or deletes is put right at once ({@link #changed}, {@link #gone}); a quick sweep
 * (the run ids on disk, and the manifests of runs not yet ended) catches what other processes and
 * hands did; a full sweep (every manifest's time and size) catches a manifest changed behind its
 * back; a missing catalogue is rebuilt. All of it on one thread, so this process never writes the
 * catalogue twice at once. A failure is logged and never fails a run: the next sweep corrects it.
 */
public class CatalogueKeeper extends ServiceSupport {

    /** Made when first used: a command that only reads the catalogue (list) logs nothing, and starts no logging. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(CatalogueKeeper.class);
    }

    /** What a sweep found and put right; {@code runs} the runs on disk, or -1 when the sweep did not count them. */
    public record Sweep(int added, int updated, int removed, int runs) {
        public boolean changedAnything() {
            return added + updated + removed > 0;
        }
    }

    private final CatalogueStore store;
    private final Path stagingRoot;
    private final LetterReader letters;
    private final ObjectMapper json;
    private final Duration quickEvery;
    private final Duration fullEvery;
    private final Set<String> pending = new LinkedHashSet<>();
    private ScheduledExecutorService worker;

    /**
     * @param quickEvery how often, once {@link #start()}ed, the quick sweep runs (null: never, nor the full one,
     *                   nor the sweep at start: a batch command records only its own runs)
     * @param fullEvery how often the full sweep runs
     */
    public CatalogueKeeper(CatalogueStore store, Path stagingRoot, ObjectMapper json, Duration quickEvery, Duration fullEvery) {
        this.store = store;
        this.stagingRoot = stagingRoot;
        this.json = json;
        this.letters = new LetterReader(json);
        this.quickEvery = quickEvery;
        this.fullEvery = fullEvery;
    }

    public CatalogueStore store() {
        return store;
    }

    /** A run's files changed (it started, ended, or its proof closed): put right at once, off the caller's thread. */
    public void changed(String runId) {
        synchronized (pending) {
            pending.add(runId);
        }
        ScheduledExecutorService w = worker;
        if (w != null) {
            w.execute(this::drain);
        }
    }

    /** A run's directory was deleted. */
    public void gone(String runId) {
        changed(runId); // its directory is gone: indexing it removes it
    }

    /** Everything told so far, put right now (a command's last step before it exits). */
    public void flush() {
        ScheduledExecutorService w = worker;
        if (w == null) {
            drain();
            return;
        }
        try {
            w.submit(this::drain).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            Log.LOG.warn("catalogue: {}", Problems.describe(e.getCause()));
        }
    }

    private void drain() {
        List<String> ids;
        synchronized (pending) {
            ids = new ArrayList<>(pending);
            pending.clear();
        }
        if (ids.isEmpty()) {
            return;
        }
        try {
            Map<String, CatalogueStore.Known> known = store.known();
            List<String> departed = new ArrayList<>();
            for (String id : ids) {
                if (!index(id, known.get(id), true)) {
                    departed.add(id);
                }
            }
            store.remove(departed);
        } catch (SQLException | IOException | RuntimeException e) {
            Log.LOG.warn("catalogue: could not record {} run(s) ({}); the next sweep corrects it", ids.size(), Problems.describe(e));
        }
    }

    /**
     * Ready for questions: rebuilt when empty while runs are on disk, else quickly swept. For a
     * command that answers from the catalogue ({@code list}).
     */
    public void ensureCurrent(LongConsumer progress) throws SQLException, IOException {
        if (store.empty() && !runIdsOnDisk().isEmpty()) {
            rebuild(progress);
        } else {
            quickSweep();
        }
    }

    /**
     * The run ids on disk against the catalogue's: a new one indexed, a missing one removed; and the
     * runs the catalogue holds as not ended (RUNNING, UNKNOWN) read again when their manifest changed.
     */
    public Sweep quickSweep() throws SQLException, IOException {
        return sweep(false);
    }

    /** As the quick sweep, and every manifest's time and size compared: one changed behind the catalogue's back is read again. */
    public Sweep fullSweep() throws SQLException, IOException {
        return sweep(true);
    }

    private Sweep sweep(boolean full) throws SQLException, IOException {
        long folder = folderTime();
        if (!full && folder >= 0 && Long.toString(folder).equals(store.note(FOLDER_TIME))) {
            // no run added or removed since the last sweep (the staging folder unchanged): only the runs not yet ended
            Map<String, CatalogueStore.Known> known = store.unended();
            int updated = 0;
            List<String> departed = new ArrayList<>();
            for (Map.Entry<String, CatalogueStore.Known> k : known.entrySet()) {
                if (!ended(k.getValue().status()) && stale(k.getKey(), k.getValue())) {
                    if (index(k.getKey(), k.getValue(), false)) {
                        updated++;
                    } else {
                        departed.add(k.getKey());
                    }
                }
            }
            store.remove(departed);
            return new Sweep(0, updated, departed.size(), -1);
        }
        Set<String> onDisk = runIdsOnDisk();
        Map<String, CatalogueStore.Known> known = store.known();
        int added = 0;
        int updated = 0;
        List<String> departed = new ArrayList<>();
        for (String id : onDisk) {
            CatalogueStore.Known k = known.get(id);
            if (k == null) {
                if (index(id, null, false)) {
                    added++;
                }
            } else if ((full || !ended(k.status())) && stale(id, k)) {
                if (index(id, k, false)) {
                    updated++;
                } else {
                    departed.add(id);
                }
            }
        }
        for (String id : known.keySet()) {
            if (!onDisk.contains(id)) {
                departed.add(id);
            }
        }
        store.remove(departed);
        store.note(FOLDER_TIME, Long.toString(folder));
        return new Sweep(added, updated, departed.size(), onDisk.size());
    }

    private static final String FOLDER_TIME = "staging-folder-time";

    /**
     * The staging folder's modification time (ns), which every run added or removed changes; -1 when
     * it changed within the last 2 s, so a change in the same tick as this sweep is never taken for
     * none (filesystems whose times are coarse), or when there is no folder.
     */
    private long folderTime() {
        try {
            long time = Files.getLastModifiedTime(stagingRoot, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.NANOSECONDS);
            return System.currentTimeMillis() * 1_000_000L - time > 2_000_000_000L ? time : -1;
        } catch (IOException none) {
            return -1;
        }
    }

    private static boolean ended(String status) {
        return !RunStatus.RUNNING.name().equals(status) && !RunSummary.UNKNOWN.equals(status);
    }

    /** Whether the run's manifest is no longer the one the catalogue read. */
    private boolean stale(String id, CatalogueStore.Known k) {
        long[] file = manifestFile(stagingRoot.resolve(id));
        return file[0] != k.manifestMtime() || file[1] != k.manifestSize();
    }

    /** Every run dropped from the catalogue and read again from its directory. */
    public Sweep rebuild(LongConsumer progress) throws SQLException, IOException {
        long folder = folderTime();
        store.clear();
        Set<String> onDisk = runIdsOnDisk();
        int added = 0;
        for (String id : onDisk) {
            if (index(id, null, false)) {
                added++;
            }
            progress.accept(added);
        }
        store.analyze();
        store.note(FOLDER_TIME, Long.toString(folder));
        return new Sweep(added, 0, 0, added);
    }

    /**
     * Puts one run as its directory says; its dead letters are read once it has ended (and again
     * when its manifest changes after).
     *
     * @return false when its directory is gone (the caller removes it)
     */
    private boolean index(String runId, CatalogueStore.Known known, boolean always) throws SQLException, IOException {
        if (!RunIds.is(runId)) {
            return false;
        }
        Path dir = stagingRoot.resolve(runId);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        long[] file = manifestFile(dir);
        if (!always && known != null && file[0] == known.manifestMtime() && file[1] == known.manifestSize()) {
            return true;
        }
        Manifest manifest;
        try {
            manifest = Manifests.read(dir);
        } catch (IOException unreadable) {
            manifest = null; // UNKNOWN, as `list` shows it: a broken manifest never hides the others
        }
        RunSummary summary = RunSummary.of(runId, manifest, file[0], file[1], json);
        boolean lettersDue = summary.ended() && (known == null || known.lettersFor() != file[0]);
        store.put(summary, lettersDue ? letters.read(dir, runId, summary.startedMicros()) : null, lettersDue ? file[0] : -1);
        return true;
    }

    /** The manifest's modification time (ns) and size; -1, -1 when there is none. */
    private static long[] manifestFile(Path runDir) {
        try {
            BasicFileAttributes a = Files.readAttributes(runDir.resolve(RunLayout.MANIFEST), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return new long[] {a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.size()};
        } catch (IOException none) {
            return new long[] {-1, -1};
        }
    }

    /** The names under the staging root that are run ids (whether each is a directory is asked when it is indexed). */
    private Set<String> runIdsOnDisk() throws IOException {
        Set<String> ids = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(stagingRoot)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (RunIds.is(name)) {
                    ids.add(name);
                }
            }
        } catch (NoSuchFileException none) {
            return ids;
        }
        return ids;
    }

    /** The letter a search found, read back from its file; null when it is no longer there. */
    public JsonNode letter(IndexedLetter letter) {
        return letters.at(stagingRoot.resolve(letter.runId()), letter);
    }

    @Override
    protected void doStart() {
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "khotam-catalogue");
            t.setDaemon(true);
            return t;
        });
        if (quickEvery == null) {
            return;
        }
        worker.execute(() -> {
            try {
                long started = System.nanoTime();
                if (store.empty() && !runIdsOnDisk().isEmpty()) {
                    Sweep built = rebuild(n -> { });
                    Log.LOG.info("catalogue: rebuilt from {} run directories in {} ms", built.runs(), (System.nanoTime() - started) / 1_000_000);
                } else {
                    report("start-up", fullSweep());
                }
            } catch (SQLException | IOException | RuntimeException e) {
                Log.LOG.warn("catalogue: the first sweep failed ({}); it is tried again every {}", Problems.describe(e), quickEvery);
            }
        });
        worker.scheduleWithFixedDelay(() -> sweepQuietly(false), quickEvery.toMillis(), quickEvery.toMillis(), TimeUnit.MILLISECONDS);
        worker.scheduleWithFixedDelay(() -> sweepQuietly(true), fullEvery.toMillis(), fullEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweepQuietly(boolean full) {
        try {
            report(full ? "full sweep" : "quick sweep", sweep(full));
        } catch (SQLException | IOException | RuntimeException e) {
            Log.LOG.warn("catalogue: the {} sweep failed ({}); tried again in {}", full ? "full" : "quick", Problems.describe(e),
                    full ? fullEvery : quickEvery);
        }
    }

    private static void report(String what, Sweep sweep) {
        if (sweep.changedAnything()) {
            Log.LOG.info("catalogue: {} put right {} new, {} changed and {} gone run(s)", what, sweep.added(), sweep.updated(), sweep.removed());
        }
    }

    @Override
    protected void doStop() throws Exception {
        ScheduledExecutorService w = worker;
        if (w != null) {
            flush();
            w.shutdownNow();
            w.awaitTermination(10, TimeUnit.SECONDS);
            worker = null;
        }
        store.close();
    }
}
