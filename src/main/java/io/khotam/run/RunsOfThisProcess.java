package io.khotam.run;

import io.khotam.evidence.Manifest;
import io.khotam.evidence.RunStatus;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The runs this process finished, in order: what {@code run --once} reports and turns into its exit
 * code. A long-lived {@code serve} ends runs for months, so only the newest {@link #KEPT} are kept
 * whole; the tally counts every one.
 */
public class RunsOfThisProcess {

    /** Finished runs kept whole for the report; older ones are only counted. */
    public static final int KEPT = 10_000;

    /**
     * @param production the run's no-production-touch proof
     * @param producerVerdict the judge's verdict on a producer under test (CONFORMS, DIVERGES, BREAKS_CONTRACT), else null
     * @param producerWarnings what the run says of the producer though it ran (an empty script); empty when nothing
     */
    public record Entry(String runId, String file, RunStatus status, String reason, long candidates, long deadLetters,
                        Manifest.Production production, String producerVerdict, List<String> producerWarnings) {

        /** A registry is configured but the run cannot claim it untouched (changed, not readable, or not closed yet). */
        public boolean productionUnproven() {
            return production.configured() && !Boolean.TRUE.equals(production.untouched());
        }

        Entry proven(Manifest.Production now) {
            return new Entry(runId, file, status, reason, candidates, deadLetters, now, producerVerdict, producerWarnings);
        }
    }

    /** Every finished run counted, kept or not; {@code notKept} are the oldest, left out of {@link #entries()}. */
    public record Tally(long runs, long completed, long rejected, long failed, long interrupted, long productionUnproven,
                        long notKept) {}

    /** How far the run in progress is: what a progress bar shows. */
    public record Progress(String runId, String file, long scanned, long expected) {}

    private final int kept;
    private final LinkedHashMap<String, Entry> finished = new LinkedHashMap<>();
    private final Map<RunStatus, Long> byStatus = new EnumMap<>(RunStatus.class);
    private long productionUnproven;
    private final AtomicReference<StagingRun> current = new AtomicReference<>();

    // only the runs in flight, each with the thread it runs on: a long-lived serve must not keep every run it ever had
    private final Map<StagingRun, Thread> inFlight = new ConcurrentHashMap<>();

    public RunsOfThisProcess() {
        this(KEPT);
    }

    RunsOfThisProcess(int kept) {
        this.kept = kept;
    }

    /** The run begins on the calling thread. */
    void started(StagingRun run) {
        inFlight.put(run, Thread.currentThread());
        current.set(run);
        changed(run.getId());
    }

    private final List<Consumer<String>> changeListeners = new CopyOnWriteArrayList<>();

    /** Called with the run id whenever a run of this process began, ended or had its proof closed (the run catalogue listens). */
    public void onChanged(Consumer<String> listener) {
        changeListeners.add(listener);
    }

    private void changed(String runId) {
        changeListeners.forEach(listener -> listener.accept(runId));
    }

    /** Runs this process started that never ended (their manifests still say RUNNING): a fault to report, never silence. */
    public List<String> unfinished() {
        return inFlight.keySet().stream().map(StagingRun::getId).sorted().toList();
    }

    /** The runs this process started and has not ended. */
    public List<StagingRun> inFlight() {
        return List.copyOf(inFlight.keySet());
    }

    /** The runs in flight that began on this thread. */
    List<StagingRun> inFlightOn(Thread thread) {
        return inFlight.entrySet().stream().filter(e -> e.getValue() == thread).map(Map.Entry::getKey).toList();
    }

    /** The run in progress, if any. */
    public Optional<Progress> current() {
        StagingRun run = current.get();
        return run == null ? Optional.empty() : Optional.of(new Progress(run.getId(),
                run.getInputFile().getFileName().toString(), run.scannedSoFar(), run.expectedRows()));
    }

    /** How far each run in flight is (the console's live progress). */
    public List<Progress> inFlightProgress() {
        return inFlight.keySet().stream().map(run -> new Progress(run.getId(), run.getInputFile().getFileName().toString(),
                run.scannedSoFar(), run.expectedRows())).sorted(Comparator.comparing(Progress::runId)).toList();
    }

    /** How far this run is, while this process runs it (the console's live progress). */
    public Optional<Progress> progressOf(String runId) {
        return inFlight.keySet().stream().filter(run -> run.getId().equals(runId)).findFirst().map(run -> new Progress(run.getId(),
                run.getInputFile().getFileName().toString(), run.scannedSoFar(), run.expectedRows()));
    }

    private volatile Consumer<String> onFinished = runId -> { };

    /** Called with the run id as a run ends, before its end line is logged (a progress bar closes its line first). */
    public void onFinished(Consumer<String> listener) {
        this.onFinished = listener;
    }

    void finished(StagingRun run, String file) {
        record(run, new Entry(run.getId(), file, run.status(), run.reason(), run.counts().candidates(),
                run.counts().deadLetters(), run.production(), run.producerUsed().verdict(),
                run.producerUsed().warnings() == null ? List.of() : run.producerUsed().warnings()));
    }

    /** A run this process began but another node ended (it took the run over): counted INTERRUPTED here. */
    void lost(StagingRun run, String file) {
        record(run, new Entry(run.getId(), file, RunStatus.INTERRUPTED, "taken over by another node", run.counts().candidates(),
                run.counts().deadLetters(), Manifest.Production.notConfigured(), null, List.of()));
    }

    /** A run's production proof was closed by a later digest (RunProofs): its entry says the verdict. */
    void proven(String runId, Manifest.Production production) {
        synchronized (finished) {
            Entry entry = finished.get(runId);
            if (entry != null) {
                Entry now = entry.proven(production);
                productionUnproven += (now.productionUnproven() ? 1 : 0) - (entry.productionUnproven() ? 1 : 0);
                finished.put(runId, now);
            }
        }
        changed(runId);
    }

    private void record(StagingRun run, Entry entry) {
        synchronized (finished) {
            finished.put(entry.runId(), entry);
            if (finished.size() > kept) {
                finished.remove(finished.keySet().iterator().next());
            }
            byStatus.merge(entry.status(), 1L, Long::sum);
            productionUnproven += entry.productionUnproven() ? 1 : 0;
        }
        inFlight.remove(run);
        current.compareAndSet(run, null);
        onFinished.accept(run.getId());
        changed(run.getId());
    }

    /** The newest finished runs, oldest first (at most {@link #KEPT}). */
    public List<Entry> entries() {
        synchronized (finished) {
            return List.copyOf(finished.values());
        }
    }

    public Tally tally() {
        synchronized (finished) {
            long rejected = byStatus.getOrDefault(RunStatus.REJECTED, 0L);
            long failed = byStatus.getOrDefault(RunStatus.FAILED, 0L);
            long interrupted = byStatus.getOrDefault(RunStatus.INTERRUPTED, 0L);
            long runs = byStatus.values().stream().mapToLong(Long::longValue).sum();
            return new Tally(runs, byStatus.getOrDefault(RunStatus.COMPLETED, 0L), rejected, failed, interrupted,
                    productionUnproven, runs - finished.size());
        }
    }
}
