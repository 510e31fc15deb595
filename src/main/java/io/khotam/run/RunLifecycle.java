package io.khotam.run;

import io.khotam.inspection.RuleSetLoader;
import io.khotam.registry.ProductionProof;
import io.khotam.inspection.RuleSetUnavailableException;
import io.khotam.intake.FileRejectedException;
import io.khotam.CheckCode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Begins and ends runs: loads the run's rule-set, and writes the final manifest for each way a run can end. */
public class RunLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RunLifecycle.class);

    private final RuleSetLoader ruleSets;
    private final RunJournal journal;
    private final ProductionProof proof;
    private final RunMetrics metrics;
    private final Clock clock;

    public RunLifecycle(RuleSetLoader ruleSets, RunJournal journal, ProductionProof proof, RunMetrics metrics, Clock clock) {
        this.ruleSets = ruleSets;
        this.journal = journal;
        this.proof = proof;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Takes the production fingerprint, then reads the rule-set this run will use; without one the run stamps nothing. */
    public void begin(StagingRun run) throws FileRejectedException, IOException {
        journal.started(run);
        ProductionProof.Reading before = proof.read();
        run.production(Manifest.Production.of(proof, before, null), before);
        try {
            run.useRules(ruleSets.load());
        } catch (RuleSetUnavailableException e) {
            run.ruleSetUnavailable(ruleSets.location());
            throw new FileRejectedException(CheckCode.SOURCE_RECOVERY_REQUIRED, e.getMessage());
        }
        Manifests.write(run.getDir(), run.manifest());
        LOG.info("run {} started: input={} rule-set={} {}", run.getId(), run.getInputFile().getFileName(),
                run.rules().id(), run.rules().version());
    }

    public void complete(StagingRun run) throws IOException {
        String problem = run.faults().isEmpty() ? run.reconciliationProblem() : run.faults().get(0);
        if (problem == null) {
            end(run, RunStatus.COMPLETED, null, null);
        } else {
            end(run, RunStatus.FAILED, problem, String.join("; ", run.faults()));
        }
    }

    public void reject(StagingRun run, FileRejectedException rejection) throws IOException {
        run.fileDeadLetter(rejection.code(), rejection.getMessage(), clock.instant());
        end(run, RunStatus.REJECTED, rejection.code().name(), rejection.getMessage());
    }

    /** An unexpected failure of the file route: the run ends FAILED and its input stays in input/. */
    public void fail(StagingRun run, Exception cause, String droppedFile) throws IOException {
        if (run == null) {
            LOG.error("could not claim {}: {}; it stays in the inbox and will be tried again", droppedFile, cause.toString());
            return;
        }
        run.fault(cause.toString());
        try {
            end(run, RunStatus.FAILED, cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause.toString());
        } catch (IOException | RuntimeException e) {
            // Camel's dead-letter channel would swallow this: say it here, the run stays RUNNING and is recovered at the next start
            LOG.error("run {} FAILED ({}) and its manifest could not be written either: {}", run.getId(), cause, e.toString());
        }
    }

    private void end(StagingRun run, RunStatus status, String reason, String detail) throws IOException {
        ProductionProof.Reading before = run.productionBefore();
        run.production(Manifest.Production.of(proof, before, proof.read()), before);
        Instant finished = clock.instant();
        run.finish(status, reason, detail, finished);
        Manifests.write(run.getDir(), run.manifest());
        journal.finished(run, run.getInputFile().getFileName().toString());
        metrics.ended(run, Duration.between(run.startedAt(), finished));
        RunCounts c = run.counts();
        String line = String.format("run %s %s%s: input=%s scanned=%d admitted=%d rejected=%d skipped=%d candidates=%d "
                        + "dead_letters=%d production_untouched=%s duration=%dms", run.getId(), run.status(),
                run.reason() == null ? "" : " (" + run.reason() + ")", run.getInputFile().getFileName(), c.scanned(),
                c.admitted(), c.rejected(), c.skipped(), c.candidates(), c.deadLetters(),
                run.production().configured() ? run.production().untouched() : "not-configured",
                Duration.between(run.startedAt(), finished).toMillis());
        if (run.status() == RunStatus.COMPLETED && !Boolean.FALSE.equals(run.production().untouched())) {
            LOG.info(line);
        } else {
            LOG.warn(line);
        }
    }
}
