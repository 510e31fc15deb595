package io.khotam.run;

import io.khotam.FailedCheck;
import io.khotam.Problems;
import io.khotam.FailedCheck;
import io.khotam.CheckCode;
import io.khotam.inspection.Row;
import io.khotam.inspection.StageFailure;
import io.khotam.intake.ReceivedRow;
import java.time.Clock;
import jakarta.validation.ConstraintViolation;
import java.util.List;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.bean.validator.BeanValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each row's one terminal outcome in its run: a skip, a dead letter, or a candidate. The
 * per-row methods name their arguments by annotation (the run is the exchange property "run"), so
 * Camel binds them without parsing a parameter list from the route on every row.
 */
public class RowOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(RowOutcomes.class);

    private final Clock clock;

    public RowOutcomes(Clock clock) {
        this.clock = clock;
    }

    public void candidate(@ExchangeProperty("run") StagingRun run, @Body Row row) {
        run.candidate(row);
    }

    /**
     * Called from the route's exception handler, so it must not throw: Camel would then roll the
     * whole file back past its dead-letter channel. A failure to record becomes a fault of the run.
     */
    public void checksFailed(@ExchangeProperty("run") StagingRun run, @Body Row row,
                             @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) BeanValidationException failure) {
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
        failed(run, row, StageFailure.of(violations));
    }

    public void failed(StagingRun run, Row row, StageFailure failure) {
        if (failure.stage() == io.khotam.Stage.SCOPE) {
            run.skipped(row, failure.checks().get(0).code());
        } else {
            run.deadLetter(row, withReadProblem(row, failure), clock.instant());
        }
    }

    /** A row hit something that is not a check failure (I/O, a defect): the run cannot complete. */
    public void fault(@ExchangeProperty("run") StagingRun run, @Body Object body,
                      @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
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
        List<FailedCheck> checks = failure.checks().stream()
                .map(c -> c.code() == CheckCode.UNPARSABLE_ROW ? FailedCheck.of(c.code(), null, c.message() + ": " + reason) : c)
                .toList();
        return new StageFailure(failure.stage(), checks);
    }
}
