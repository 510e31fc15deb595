package io.khotam.run;

import io.khotam.Check;
import io.khotam.CheckCode;
import io.khotam.inspection.Row;
import io.khotam.inspection.StageFailure;
import io.khotam.intake.ReceivedRow;
import io.khotam.intake.RowStream;
import java.time.Clock;
import jakarta.validation.ConstraintViolation;
import java.util.List;
import java.util.Set;
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

    /**
     * The rows the splitter iterates: each is counted as scanned when it is read and arrives
     * prepared for inspection under the run's rules. Closing it closes the input.
     */
    public RowIterator rows(StagingRun run, RowStream stream) {
        run.expectRows(stream.expectedRows());
        return new RowIterator(run, stream);
    }

    /** A row is read: counted as scanned, and prepared for inspection under the run's rules. */
    private Row scanned(StagingRun run, ReceivedRow received) {
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

    public void candidate(StagingRun run, Row row) {
        run.candidate(row);
    }

    /**
     * Called from the route's exception handler, so it must not throw: Camel would then roll the
     * whole file back past its dead-letter channel. A failure to record becomes a fault of the run.
     */
    public void checksFailed(StagingRun run, Row row, BeanValidationException failure) {
        try {
            violated(run, row, failure.getConstraintViolations());
        } catch (RuntimeException e) {
            fault(run, row, e);
        }
    }

    /**
     * A check group did not pass: out of scope is a skip; any other stage a dead letter, plus the
     * candidate when the row had been admitted.
     */
    public void violated(StagingRun run, Row row, Set<? extends ConstraintViolation<?>> violations) {
        StageFailure failure = StageFailure.of(violations);
        if (failure.stage() == io.khotam.Stage.SCOPE) {
            run.skipped(row, failure.checks().get(0).code());
        } else {
            run.deadLetter(row, withReadProblem(row, failure), clock.instant());
        }
    }

    /** Reads rows lazily from the input stream, turning each into a {@link Row} of the run. */
    public final class RowIterator implements java.util.Iterator<Row>, java.io.Closeable {
        private final StagingRun run;
        private final RowStream stream;

        private RowIterator(StagingRun run, RowStream stream) {
            this.run = run;
            this.stream = stream;
        }

        /** A run with a fault cannot complete, and one ended under it (shutdown) records nothing more: it stops reading. */
        @Override
        public boolean hasNext() {
            return !run.hasFaults() && !run.status().finished() && stream.hasNext();
        }

        @Override
        public Row next() {
            return scanned(run, stream.next());
        }

        @Override
        public void close() throws java.io.IOException {
            stream.close();
        }
    }

    /** A row hit something that is not a check failure (I/O, a defect): the run cannot complete. */
    public void fault(StagingRun run, Object body, Exception cause) {
        String where = body instanceof Row row ? "row " + row.getRow() : body instanceof ReceivedRow r ? "row " + r.row() : "a row";
        LOG.error("run {}: {} could not be recorded: {}; the run stops and ends FAILED", run.getId(), where,
                Problems.describe(cause));
        run.fault(where + ": " + cause.getMessage() + " (" + Problems.describe(cause) + ")");
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
