package io.khotam.run;

import io.khotam.evidence.RunCounts;
import io.khotam.evidence.StageCounts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;

/**
 * Prometheus metrics of the runs, recorded when each run ends: runs by status, rows by stage and
 * verdict, dead letters by stage and code, run duration. Scraped at /observe/metrics.
 */
public class RunMetrics {

    private final java.util.function.Supplier<MeterRegistry> registry;
    private MeterRegistry meters;

    /** @param registry the registry Camel scrapes, looked up when the first run ends (Camel creates it late) */
    public RunMetrics(java.util.function.Supplier<MeterRegistry> registry) {
        this.registry = registry;
    }

    synchronized void ended(StagingRun run, Duration took) {
        if (meters == null) {
            meters = registry.get();
        }
        meters.counter("khotam_runs", "status", run.status().name()).increment();
        Timer.builder("khotam_run_duration").tag("status", run.status().name()).register(meters).record(took);
        RunCounts c = run.counts();
        rows("admission", "rejected", c.rejected());
        rows("scope", "skipped", c.skipped());
        for (Map.Entry<String, StageCounts> stage : Map.of("pen", c.pen(), "stamp", c.stamp(), "gate", c.gate()).entrySet()) {
            rows(stage.getKey(), "passed", stage.getValue().passed());
            rows(stage.getKey(), "failed", stage.getValue().failed());
            rows(stage.getKey(), "already_stamped", stage.getValue().alreadyStamped());
        }
        c.deadLetterCodes().forEach((stage, codes) -> codes.forEach((code, n) ->
                meters.counter("khotam_dead_letters", "stage", stage, "code", code).increment(n)));
        Boolean untouched = run.production().untouched();
        if (run.production().configured()) {
            meters.counter("khotam_production_proofs", "untouched", String.valueOf(untouched)).increment();
        }
    }

    private void rows(String stage, String verdict, long n) {
        if (n > 0) {
            meters.counter("khotam_rows", "stage", stage, "verdict", verdict).increment(n);
        }
    }
}
