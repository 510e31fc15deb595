package io.khotam.run;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The runs this process finished, in order: what {@code run --once} reports and turns into its exit code. */
public class RunsOfThisProcess {

    /** @param production the run's no-production-touch proof */
    public record Entry(String runId, String file, RunStatus status, String reason, long candidates, long deadLetters,
                        Manifest.Production production) {

        /** A registry is configured but the run cannot claim it untouched (changed, or not readable). */
        public boolean productionUnproven() {
            return production.configured() && !Boolean.TRUE.equals(production.untouched());
        }
    }

    /** How far the run in progress is: what a progress bar shows. */
    public record Progress(String runId, String file, long scanned, long expected) {}

    private final List<Entry> finished = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicReference<StagingRun> current = new java.util.concurrent.atomic.AtomicReference<>();

    // only the runs in flight: a long-lived serve must not keep every run it ever had (and its buffers)
    private final java.util.Set<StagingRun> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
        finished.add(new Entry(run.getId(), file, run.status(), run.reason(), run.counts().candidates(),
                run.counts().deadLetters(), run.production()));
        inFlight.remove(run);
        current.compareAndSet(run, null);
        onFinished.accept(run.getId());
    }

    public List<Entry> entries() {
        return List.copyOf(finished);
    }
}
