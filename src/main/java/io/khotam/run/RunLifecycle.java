package io.khotam.run;

import io.khotam.CheckCode;
import io.khotam.Problems;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.Manifests;
import io.khotam.evidence.ProducerUsed;
import io.khotam.evidence.RunCounts;
import io.khotam.evidence.RunLayout;
import io.khotam.evidence.RunStatus;
import io.khotam.inspection.RuleSetLoader;
import io.khotam.inspection.RuleSetUnavailableException;
import io.khotam.intake.FileRejectedException;
import io.khotam.nodes.LeaseLostException;
import io.khotam.nodes.RunLeases;
import io.khotam.producer.ProducerSpec;
import io.khotam.report.RunReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Begins and ends runs: loads the run's rule-set, and writes the final manifest for each way a run can end. */
public class RunLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RunLifecycle.class);
    /**
     * A built-in run of a file this small ends within moments: its RUNNING manifest stays the
     * claim's until then (no rule-set, no proof yet) instead of being written once more at its
     * start. A bigger one, or a producer run, says both while it runs.
     */
    static final long SHORT_RUN_BYTES = 256 * 1024;

    private final RuleSetLoader ruleSets;
    private final RunsOfThisProcess runs;
    private final RunProofs proofs;
    private final RunMetrics metrics;
    private final Path inbox;
    private final Clock clock;
    private final RunReport report;
    private final ProducerSpec producer;
    private final ProducerRuns producerRuns;
    private final RunLeases leases;

    /**
     * @param producer the producer under test that stamps the runs begun here (BUILTIN: the inspectors)
     * @param producerRuns runs it ({@link ProducerStep}; NONE where no producer can run, as in the bench's floor)
     * @param leases runs end under their lease: one another node took over is published by nobody here
     */
    public RunLifecycle(RuleSetLoader ruleSets, RunsOfThisProcess runs, RunProofs proofs, RunMetrics metrics,
                        RunReport report, Path inbox, Clock clock, ProducerSpec producer, ProducerRuns producerRuns,
                        RunLeases leases) {
        this.report = report;
        this.ruleSets = ruleSets;
        this.runs = runs;
        this.proofs = proofs;
        this.metrics = metrics;
        this.inbox = inbox;
        this.clock = clock;
        this.producer = producer;
        this.producerRuns = producerRuns;
        this.leases = leases;
    }

    /**
     * Begins the production proof (the shared digest taken before the run, the write counters
     * now), then reads the rule-set this run will use (a rerun's own, else the active one); without
     * one the run stamps nothing.
     */
    public void begin(StagingRun run) throws FileRejectedException, IOException {
        runs.started(run);
        run.production(proofs.begin(run.openingDigest()));
        RuleSetLoader loader = run.ruleSetFile() == null ? ruleSets : ruleSets.forFile(run.ruleSetFile());
        try {
            run.useRules(loader.load());
        } catch (RuleSetUnavailableException e) {
            run.ruleSetUnavailable(loader.location());
            throw new FileRejectedException(CheckCode.SOURCE_RECOVERY_REQUIRED, e.getMessage());
        }
        ProducerSpec spec = run.requestedProducer() != null ? run.requestedProducer() : producer;
        run.useProducer(spec, spec.builtin() ? ProducerUsed.BUILTIN : producerRuns.planned(run, spec));
        if (!spec.builtin() || run.inputBytes() > SHORT_RUN_BYTES) {
            run.beforeWrite(); // a node that lost the run's lease (frozen since its claim) writes nothing over the taker's
            Manifests.update(run.getDir(), run.manifest());
        }
        LOG.info("run {} started: input={} rule-set={} {}{}{}", run.getId(), run.getInputFile().getFileName(),
                run.rules().id(), run.rules().version(), run.rerunOf() == null ? "" : " rerun_of=" + run.rerunOf(),
                spec.builtin() ? "" : " producer=" + spec.kind().label() + ":" + spec.source());
    }

    /** How a run ends: its status, and the reason and detail of one that did not complete. */
    public record Ending(RunStatus status, String reason, String detail) {}

    /** The end of a run's rows (route run, step settle-run): every line written, or the one that could not be is a fault of the run. */
    public void settle(StagingRun run) throws IOException {
        run.settle();
    }

    /**
     * How a settled run ends (step reconcile-run): COMPLETED when no row had a fault and its counts
     * reconcile, else FAILED with the first fault or the count that does not add up.
     */
    public Ending reconcile(StagingRun run) {
        String problem = run.faults().isEmpty() ? run.reconciliationProblem() : Problems.reason(run.faults().get(0));
        return problem == null ? new Ending(RunStatus.COMPLETED, null, null)
                : new Ending(RunStatus.FAILED, problem, String.join("; ", run.faults()));
    }

    /** A run's end in one call: the route's steps settle-run, reconcile-run, end-under-lease and record-end, in order. */
    public void complete(StagingRun run) throws IOException {
        settle(run);
        Ending ending = reconcile(run);
        end(run, ending.status(), ending.reason(), ending.detail());
    }

    public void reject(StagingRun run, FileRejectedException rejection) throws IOException {
        run.fileDeadLetter(rejection.code(), rejection.getMessage(), clock.instant());
        end(run, RunStatus.REJECTED, rejection.code().name(), rejection.getMessage());
    }

    /**
     * An unexpected failure of the run: it ends FAILED and its input stays in input/. The reason is
     * the first fault a row recorded (the split stopped on it), else the failure itself.
     */
    public void fail(StagingRun run, Exception cause) {
        if (!run.hasFaults()) {
            run.fault(Problems.describe(cause));
        }
        String reason = Problems.reason(run.faults().get(0));
        try {
            end(run, RunStatus.FAILED, reason, String.join("; ", run.faults()));
        } catch (IOException | RuntimeException e) {
            // Camel's dead-letter channel would swallow this: say it here; the run stays RUNNING and is recovered at the next start
            LOG.error("run {} FAILED ({}) and its manifest could not be written either: {}", run.getId(), reason,
                    Problems.describe(e));
        }
    }

    /**
     * The work on this thread was cut off by an error inside Camel (out of memory in its own
     * machinery): the run it was in can no longer end by itself. It ends FAILED, its input kept in
     * input/ (not sent back to the inbox, where it would break the next poll again). Runs on other
     * threads go on.
     *
     * @return how many runs were cut off
     */
    public int failCutOff(Thread thread) {
        List<StagingRun> cut = runs.inFlightOn(thread);
        for (StagingRun run : cut) {
            run.stopReading(); // the rows it read ahead would keep the heap full while it ends
            fail(run, new IllegalStateException("an error inside Camel cut the run off (its message is in the log)"));
        }
        return cut.size();
    }

    /**
     * Shutdown could not wait for this run any longer: it stops recording, its input goes back to
     * the inbox (where the next start makes it a new run), and it ends INTERRUPTED with the rows it
     * had written.
     */
    public void interrupt(StagingRun run, Duration waited) {
        try {
            // a rerun's input is a link to its source run's: it stays, and a rerun is retried by asking again
            Path returned = run.rerunOf() != null ? null : InboxReturn.toInbox(run.getInputFile(), inbox);
            if (returned != null) {
                run.inputReturnedAs(returned.getFileName().toString());
            }
            String detail = "kho-tam was stopped and the run did not finish within " + waited.toSeconds() + " s; "
                    + (run.rerunOf() != null ? "a rerun of " + run.rerunOf() + ": its input stays in input/; rerun again to retry"
                    : returned == null ? "its input was not there to return"
                    : "its input went back to the inbox as " + returned.getFileName() + " and becomes a new run at the next start")
                    + "; the outputs written so far are kept as evidence (partial)";
            if (end(run, RunStatus.INTERRUPTED, "stopped before the run finished", detail)) {
                LOG.warn("run {} INTERRUPTED at shutdown after {} rows: {}", run.getId(), run.counts().scanned(), detail);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("run {} could not be marked INTERRUPTED at shutdown ({}); the next start recovers it", run.getId(),
                    Problems.describe(e));
        }
    }

    /** A run whose manifest someone else already ended (a takeover whose lease record did not commit) is not this node's to end. */
    private static void requireStillRunning(StagingRun run) throws LeaseLostException {
        Manifest onDisk;
        try {
            onDisk = Manifests.read(run.getDir());
        } catch (IOException e) {
            return; // unreadable: this node's own final manifest replaces it
        }
        if (onDisk != null && !onDisk.running()) {
            throw new LeaseLostException("its manifest was already ended " + onDisk.status() + " by another node");
        }
    }

    /** The run's page; a page that cannot be written is said, and the run ends as it would have without it. */
    private void writeReport(StagingRun run) {
        try {
            run.written(report.writeInto(run.getDir(), run.manifest()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("run {}: {} could not be written ({}); the run's outputs and manifest are complete without it; "
                    + "`kho-tam report {}` makes one later", run.getId(), RunLayout.REPORT, Problems.describe(e), run.getId());
        }
    }

    /** @return false when the run had already ended, or another node had it (nothing is written twice) */
    private boolean end(StagingRun run, RunStatus status, String reason, String detail) throws IOException {
        if (!endUnderLease(run, new Ending(status, reason, detail))) {
            return false;
        }
        recordEnd(run);
        return true;
    }

    /**
     * Ends the run as {@code ending} says and publishes it under its lease (step end-under-lease):
     * the end of its production proof, then, while the lease is still this node's, its page (when
     * the proof is not pending) and its final manifest, written over the room kept since the claim.
     *
     * @return whether this node published it: false when it had already ended, or another node had
     *         taken it over (then counted INTERRUPTED here, and nothing written)
     */
    public boolean endUnderLease(StagingRun run, Ending ending) throws IOException {
        producerRuns.abandon(run); // a SQL producer's load its producer never took
        if (!run.finish(ending.status(), ending.reason(), ending.detail(), clock.instant())) {
            return false;
        }
        boolean published;
        try {
            run.production(proofs.end(run.production()));
            published = leases.end(run.getId(), () -> {
                if (leases.shared()) {
                    requireStillRunning(run);
                }
                if (!run.production().pending()) {
                    writeReport(run); // else the page comes with the verdict, when the next shared digest closes the proof
                }
                Manifests.writeFinal(run.getDir(), run.manifest()); // over the room kept since the claim: fits on a full disk
            });
        } catch (LeaseLostException e) {
            LOG.error("run {} ended {} on node {}, but {}; nothing was published, and the node that takes the run over "
                    + "marks it INTERRUPTED and sends its input back to the inbox", run.getId(), ending.status(), leases.node(),
                    e.getMessage());
            runs.lost(run, run.getInputFile().getFileName().toString());
            return false;
        } catch (IOException | RuntimeException | Error e) {
            // the run counts as ended from here on (a later fail() does nothing), so this is the one place to say it
            LOG.error("run {} ended {} but its end could not be recorded ({}); its manifest still says RUNNING and the next "
                    + "start marks it", run.getId(), ending.status(), Problems.describe(e));
            throw e;
        }
        if (!published) {
            LOG.warn("run {} ended {} on node {}, but another node had taken it over: this node published nothing for it "
                    + "(the run is INTERRUPTED and its input back in the inbox)", run.getId(), ending.status(), leases.node());
            runs.lost(run, run.getInputFile().getFileName().toString());
        }
        return published;
    }

    /**
     * What follows a published end (step record-end): the run counted in this process's tally, its
     * proof waiting for the next shared digest, its metrics, and its end line in the log.
     */
    public void recordEnd(StagingRun run) {
        runs.finished(run, run.getInputFile().getFileName().toString());
        proofs.waitFor(run.getDir(), run.production());
        Duration took = Duration.between(run.startedAt(), run.finishedAt());
        metrics.ended(run, took);
        RunCounts c = run.counts();
        String line = String.format("run %s %s%s: input=%s scanned=%d admitted=%d rejected=%d skipped=%d candidates=%d "
                        + "dead_letters=%d production_untouched=%s duration=%dms", run.getId(), run.status(),
                run.reason() == null ? "" : " (" + run.reason() + ")", run.getInputFile().getFileName(), c.scanned(),
                c.admitted(), c.rejected(), c.skipped(), c.candidates(), c.deadLetters(),
                !run.production().configured() ? "not-configured" : run.production().pending() ? "pending"
                        : run.production().untouched(),
                took.toMillis());
        if (run.status() == RunStatus.COMPLETED && !Boolean.FALSE.equals(run.production().untouched())) {
            LOG.info(line);
        } else {
            LOG.warn(line);
        }
    }
}
