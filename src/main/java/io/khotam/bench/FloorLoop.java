package io.khotam.bench;

import io.khotam.Stage;
import io.khotam.inspection.CheckSequence;
import io.khotam.inspection.Row;
import io.khotam.inspection.RuleSetLoader;
import io.khotam.inspection.SharedValidatorFactory;
import io.khotam.inspection.StageFailure;
import io.khotam.inspection.StageInspector;
import io.khotam.inspection.StampClock;
import io.khotam.intake.FileRejectedException;
import io.khotam.intake.ParserLimits;
import io.khotam.intake.RowSource;
import io.khotam.nodes.RunLeases;
import io.khotam.producer.ProducerSpec;
import io.khotam.registry.ProductionProof;
import io.khotam.registry.RegistrySettings;
import io.khotam.report.RunReport;
import io.khotam.run.ProducerRuns;
import io.khotam.run.RowOutcomes;
import io.khotam.run.RunLifecycle;
import io.khotam.run.RunMetrics;
import io.khotam.run.RunProofs;
import io.khotam.run.RunRows;
import io.khotam.run.RunsOfThisProcess;
import io.khotam.run.StagingRun;
import io.khotam.run.claim.ClaimFailures;
import io.khotam.run.claim.InboxClaim;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The floor: the work of one run done by a plain loop, without Camel. The same claim, prescan,
 * streaming parse, Bean Validation groups, stamping and output writers as the pipeline; only the
 * routing (split, bean and bean-validator endpoints, error handlers) is missing.
 * With {@code --bare}, the bare floor: the row checks are called as plain Java methods
 * ({@link BareChecks}) instead of through Bean Validation, so no framework is left at all.
 * Usage: {@code FloorLoop HOME [--bare]}, the single file in HOME/inbox.
 */
public final class FloorLoop {

    private FloorLoop() {}

    public static void main(String[] args) throws Throwable {
        Path home = Path.of(args[0]);
        BareChecks bare = args.length > 1 && "--bare".equals(args[1]) ? new BareChecks() : null;
        Clock clock = Clock.systemUTC();
        Validator validator = SharedValidatorFactory.withoutExpressionLanguage().getValidator();
        ProductionProof none = new ProductionProof(RegistrySettings.of(RegistrySettings.NONE, home, Map.of()));
        ClaimFailures claimFailures = new ClaimFailures();
        RunsOfThisProcess runs = new RunsOfThisProcess();
        RunReport report = new RunReport(clock);
        RunLifecycle lifecycle = new RunLifecycle(new RuleSetLoader(validator, null), runs,
                new RunProofs(none, report, runs, home.resolve("staging"), Duration.ZERO, clock),
                new RunMetrics(SimpleMeterRegistry::new, "floor"), report,
                home.resolve("inbox"), clock, ProducerSpec.BUILTIN, ProducerRuns.NONE, RunLeases.singleHost("floor"));
        RowOutcomes outcomes = new RowOutcomes(clock);
        RunRows runRows = new RunRows(clock, Duration.ofDays(1), false);
        StampClock stamps = new StampClock(clock);
        Map<Stage, StageInspector> stampers = new EnumMap<>(Stage.class);
        for (CheckSequence check : CheckSequence.values()) {
            if (check.stamps()) {
                stampers.put(check.stage(), new StageInspector(check.stage(), stamps));
            }
        }
        RowSource rows = new RowSource(ParserLimits.shipped());

        Path input;
        try (Stream<Path> files = Files.list(home.resolve("inbox"))) {
            input = files.findFirst().orElseThrow(() -> new IllegalStateException("no file in " + home.resolve("inbox")));
        }
        long started = System.nanoTime();
        StagingRun run = new InboxClaim(home.resolve("staging"), clock, claimFailures).claim(input.toString());
        try {
            lifecycle.begin(run);
            try (RunRows.RowIterator stream = runRows.rows(run, rows.open(run.getInputFile()))) {
                while (stream.hasNext()) {
                    inspect(stream.next(), run, outcomes, validator, bare, stampers);
                }
            }
            lifecycle.complete(run);
        } catch (FileRejectedException e) {
            lifecycle.reject(run, e);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("floor_rows=%d floor_seconds=%.3f status=%s%n", run.counts().scanned(), seconds, run.status());
        MemoryReport.print();
    }

    private static void inspect(Row row, StagingRun run, RowOutcomes outcomes, Validator validator, BareChecks bare,
                                Map<Stage, StageInspector> stampers) throws Throwable {
        for (CheckSequence check : CheckSequence.values()) {
            if (bare != null) {
                StageFailure failure = bare.failure(check, row);
                if (failure != null) {
                    record(run, row, outcomes, outcomes.failureOf(row, failure));
                    return;
                }
            } else {
                Set<ConstraintViolation<Row>> violations = validator.validate(row, check.group());
                if (!violations.isEmpty()) {
                    record(run, row, outcomes, outcomes.failureOf(row, StageFailure.of(violations)));
                    return;
                }
            }
            if (check.stamps()) {
                stampers.get(check.stage()).stamp(row);
            }
        }
        outcomes.candidate(run, row);
    }

    /** What the inspect-row route decides for a failed check group, in one loop: a skip, or a dead letter (and the candidate of an admitted row). */
    private static void record(StagingRun run, Row row, RowOutcomes outcomes, StageFailure failure) {
        if (failure.stage() == Stage.SCOPE) {
            outcomes.skipped(run, row, failure);
            return;
        }
        outcomes.deadLetter(run, row, failure);
        if (failure.stage() != Stage.ADMISSION) {
            outcomes.failedCandidate(run, row, failure);
        }
    }
}
