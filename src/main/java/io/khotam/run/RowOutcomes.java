package io.khotam.run;

import io.khotam.CheckCode;
import io.khotam.FailedCheck;
import io.khotam.Problems;
import io.khotam.inspection.Row;
import io.khotam.inspection.StageFailure;
import io.khotam.intake.ReceivedRow;
import java.time.Clock;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.bean.validator.BeanValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each row's one terminal outcome in its run, as the inspect-row route decides it
 * (routes/inspect-row.camel.yaml): a skip, a dead letter, a candidate, or both a dead letter and
 * a candidate for an admitted row that failed a stage. The methods name their arguments by
 * annotation (the run is exchange property "run", the failure exchange property "failure"), so
 * Camel binds them without parsing a parameter list from the route on every row.
 */
public class RowOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(RowOutcomes.class);

    private final Clock clock;

    public RowOutcomes(Clock clock) {
        this.clock = clock;
    }

    /** What a check group that did not pass found: its stage and every failed check of it. */
    public StageFailure failure(@Body Row row, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) BeanValidationException failed) {
        return withReadProblem(row, StageFailure.of(failed.getConstraintViolations()));
    }

    /** The failed stage's name, for the route's choice (a plain string: no method call in the predicate, per row). */
    public String stageOf(@ExchangeProperty("failure") StageFailure failure) {
        return failure.stage().name();
    }

    /** The same, for a failure found without Camel (the floors of {@code bench}). */
    public StageFailure failureOf(Row row, StageFailure failure) {
        return withReadProblem(row, failure);
    }

    public void candidate(@ExchangeProperty("run") StagingRun run, @Body Row row) {
        run.candidate(row);
    }

    public void skipped(@ExchangeProperty("run") StagingRun run, @Body Row row, @ExchangeProperty("failure") StageFailure failure) {
        run.skipped(row, failure.checks().get(0).code());
    }

    public void deadLetter(@ExchangeProperty("run") StagingRun run, @Body Row row,
                           @ExchangeProperty("failure") StageFailure failure) {
        run.deadLetter(row, failure, clock.instant());
    }

    /** A producer run: the row passed every stage of the reference, which records it for the producer's judge. */
    public void reference(@ExchangeProperty("run") StagingRun run, @Body Row row) {
        run.reference(row, null);
    }

    /** A producer run: the reference failed the row at an inspector's stage; recorded, with its checks, for the judge. */
    public void referenceFailed(@ExchangeProperty("run") StagingRun run, @Body Row row,
                                @ExchangeProperty("failure") StageFailure failure) {
        row.fail(failure.stage());
        run.reference(row, failure);
    }

    /** An admitted row that failed a stage is still a candidate, with the stamps it earned before. */
    public void failedCandidate(@ExchangeProperty("run") StagingRun run, @Body Row row,
                                @ExchangeProperty("failure") StageFailure failure) {
        row.fail(failure.stage());
        run.candidate(row);
    }

    /**
     * A row hit something that is not a check failure (I/O, a defect): the run cannot complete. The
     * fault is recorded with its row, then thrown on to the split, which stops on it.
     */
    public void fault(@ExchangeProperty("run") StagingRun run, @Body Object body,
                      @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) throws Exception {
        String where = body instanceof Row row ? "row " + row.getRow() : body instanceof ReceivedRow r ? "row " + r.row() : "a row";
        LOG.error("run {}: {} could not be recorded: {}; the run stops and ends FAILED", run.getId(), where,
                Problems.describe(cause));
        run.fault(where + ": " + cause.getMessage() + " (" + Problems.describe(cause) + ")");
        throw cause;
    }

    // UNPARSABLE_ROW and ROW_TOO_LARGE say more with the reader's own words about the row
    private static StageFailure withReadProblem(Row row, StageFailure failure) {
        String reason = row.received().unparsableReason();
        if (reason == null) {
            return failure;
        }
        List<FailedCheck> checks = failure.checks().stream()
                .map(c -> c.code() == CheckCode.UNPARSABLE_ROW || c.code() == CheckCode.ROW_TOO_LARGE
                        ? FailedCheck.of(c.code(), null, c.message() + ": " + reason) : c)
                .toList();
        return new StageFailure(failure.stage(), checks);
    }
}
