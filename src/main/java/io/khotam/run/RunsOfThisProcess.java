package io.khotam.run;

import io.khotam.evidence.Manifest;
import io.khotam.evidence.RunStatus;
import java.util.List;

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
     */
    public record Entry(String runId, String file, RunStatus status, String reason, long candidates, long deadLetters,
                        Manifest.Production production, String producerVerdict) {

        /** A registry is configured but the run cannot claim it untouched (changed, or not readable). */
        public boolean productionUnproven() {
            return production.configured() && !Boolean.TRUE.equals(production.untouched());
        }
    }

    /** Every finished run counted, kept or not; {@code notKept} are the oldest, left out of {@link #entries()}. */
    public record Tally(long runs, long completed, long rejected, long failed, long interrupted, long productionUnproven,
                        long notKept) {}

    /** How far the run in progress is: what a progress bar shows. */
    public record Progress(String runId, String file, long scanned, long expected) {}

    private final int kept;
    private final java.util.ArrayDeque<Entry> finished = new java.util.ArrayDeque<>();
    private final java.util.Map<RunStatus, Long> byStatus = new java.util.EnumMap<>(RunStatus.class);
    private long productionUnproven;
    private final java.util.concurrent.atomic.AtomicReference<StagingRun> current = new java.util.concurrent.atomic.AtomicReference<>();

    // only the runs in flight: a long-lived serve must not keep every run it ever had (and its buffers)
    private final java.util.Set<StagingRun> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public RunsOfThisProcess() {
        this(KEPT);
    }

    RunsOfThisProcess(int kept) {
        this.kept = kept;
    }

    void started(StagingRun run) {
        inFlight.add(run);
        current.set(run);
    }

    /** Runs this process started that never ended (their manifests still say RUNNING): a fault to report, never silence. */
    public List<String> unfinished() {
        return inFlight.stream().map(StagingRun::getId).sorted().toList();
    }

    /** The runs this process started and has not ended. */
    List<StagingRun> inFlight() {
        return List.copyOf(inFlight);
    }

    /** The run in progress, if any. */
    public java.util.Optional<Progress> current() {
        StagingRun run = current.get();
        return run == null ? java.util.Optional.empty() : java.util.Optional.of(new Progress(run.getId(),
                run.getInputFile().getFileName().toString(), run.counts().scanned(), run.expectedRows()));
    }

    /** How far this run is, while this process runs it (the console's live progress). */
    public java.util.Optional<Progress> progressOf(String runId) {
        return inFlight.stream().filter(run -> run.getId().equals(runId)).findFirst().map(run -> new Progress(run.getId(),
                run.getInputFile().getFileName().toString(), run.counts().scanned(), run.expectedRows()));
    }

    private volatile java.util.function.Consumer<String> onFinished = runId -> { };

    /** Called with the run id as a run ends, before its end line is logged (a progress bar closes its line first). */
    public void onFinished(java.util.function.Consumer<String> listener) {
        this.onFinished = listener;
    }

    void finished(StagingRun run, String file) {
        Entry entry = new Entry(run.getId(), file, run.status(), run.reason(), run.counts().candidates(),
                run.counts().deadLetters(), run.production(), run.producerUsed().verdict());
        synchronized (finished) {
            finished.addLast(entry);
            if (finished.size() > kept) {
                finished.removeFirst();
            }
            byStatus.merge(entry.status(), 1L, Long::sum);
            productionUnproven += entry.productionUnproven() ? 1 : 0;
        }
        inFlight.remove(run);
        current.compareAndSet(run, null);
        onFinished.accept(run.getId());
    }

    /** The newest finished runs, oldest first (at most {@link #KEPT}). */
    public List<Entry> entries() {
        synchronized (finished) {
            return List.copyOf(finished);
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
