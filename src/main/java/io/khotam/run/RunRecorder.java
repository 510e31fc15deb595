package io.khotam.run;

import io.khotam.Check;
import io.khotam.CheckCode;
import io.khotam.inspection.Row;
import io.khotam.inspection.StageFailure;
import io.khotam.intake.ReceivedRow;
import java.time.Clock;
import java.util.List;
import org.apache.camel.component.bean.validator.BeanValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records each row of a run: its arrival, then exactly one terminal outcome (skip, dead letter or candidate). */
public class RunRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);

    private final Clock clock;
    private final long progressEveryNanos;

    /** @param progressInterval how often a long run logs its progress */
    public RunRecorder(Clock clock, java.time.Duration progressInterval) {
        this.clock = clock;
        this.progressEveryNanos = progressInterval.toNanos();
    }

    /** A row arrives from the split: counted as scanned, and prepared for inspection under the run's rules. */
    public Row scanned(StagingRun run, ReceivedRow received) {
        run.scanned();
        if (run.progressDue(progressEveryNanos)) {
            RunCounts c = run.counts();
            double seconds = Math.max(1e-3, java.time.Duration.between(run.startedAt(), clock.instant()).toMillis() / 1000.0);
            long expected = run.expectedRows();
            LOG.info("run {}: {} of {} rows ({}%), {} rows/s, {} dead letters so far", run.getId(), c.scanned(), expected,
                    expected > 0 ? 100 * c.scanned() / expected : "?", Math.round(c.scanned() / seconds), c.deadLetters());
        }
        return new Row(received, run.rules(), run.startedAt());
    }

    public void skipped(StagingRun run, Row row) {
        run.skipped(row, row.getScopeSkip());
    }

    public void candidate(StagingRun run, Row row) {
        run.candidate(row);
    }

    public void deadLetter(StagingRun run, Row row, BeanValidationException failure) {
        StageFailure stageFailure = StageFailure.of(failure.getConstraintViolations());
        run.deadLetter(row, withReadProblem(row, stageFailure), clock.instant());
    }

    /** A row hit something that is not a check failure (I/O, a defect): the run cannot complete. */
    public void fault(StagingRun run, Object body, Exception cause) {
        String where = body instanceof Row row ? "row " + row.getRow() : body instanceof ReceivedRow r ? "row " + r.row() : "a row";
        LOG.error("run {}: {} could not be recorded: {}", run.getId(), where, cause.toString());
        run.fault(where + ": " + cause);
    }

    // UNPARSABLE_ROW says more with the parser's own words about the line
    private static StageFailure withReadProblem(Row row, StageFailure failure) {
        String reason = row.received().unparsableReason();
        if (reason == null) {
            return failure;
        }
        List<Check> checks = failure.checks().stream()
                .map(c -> c.code() == CheckCode.UNPARSABLE_ROW ? Check.of(c.code(), null, c.message() + ": " + reason) : c)
                .toList();
        return new StageFailure(failure.stage(), checks);
    }
}
