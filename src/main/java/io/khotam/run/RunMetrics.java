package io.khotam.run;

import io.khotam.evidence.RunCounts;
import io.khotam.evidence.StageCounts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Prometheus metrics of the runs, recorded when each run ends: runs by status, rows by stage and
 * verdict, dead letters by stage and code, run duration, runs taken over from other nodes; each
 * labelled with this node, so several nodes scraped together stay apart. Scraped at /observe/metrics.
 */
public class RunMetrics {

    private final Supplier<MeterRegistry> registry;
    private final String node;
    private MeterRegistry meters;

    /**
     * @param registry the registry Camel scrapes, looked up when the first run ends (Camel creates it late)
     * @param node this node's id, the label {@code node} of every meter
     */
    public RunMetrics(Supplier<MeterRegistry> registry, String node) {
        this.registry = registry;
        this.node = node;
    }

    private MeterRegistry meters() {
        if (meters == null) {
            meters = registry.get();
        }
        return meters;
    }

    public synchronized void tookOver() {
        meters().counter("khotam_runs_taken_over", "node", node).increment();
    }

    synchronized void ended(StagingRun run, Duration took) {
        meters();
        meters.counter("khotam_runs", "node", node, "status", run.status().name()).increment();
        Timer.builder("khotam_run_duration").tag("node", node).tag("status", run.status().name()).register(meters).record(took);
        RunCounts c = run.counts();
        rows("admission", "rejected", c.rejected());
        rows("scope", "skipped", c.skipped());
        for (Map.Entry<String, StageCounts> stage : Map.of("pen", c.pen(), "stamp", c.stamp(), "gate", c.gate()).entrySet()) {
            rows(stage.getKey(), "passed", stage.getValue().passed());
            rows(stage.getKey(), "failed", stage.getValue().failed());
            rows(stage.getKey(), "already_stamped", stage.getValue().alreadyStamped());
        }
        c.deadLetterCodes().forEach((stage, codes) -> codes.forEach((code, n) ->
                meters.counter("khotam_dead_letters", "node", node, "stage", stage, "code", code).increment(n)));
        Boolean untouched = run.production().untouched();
        if (run.production().configured()) {
            meters.counter("khotam_production_proofs", "node", node, "untouched", String.valueOf(untouched)).increment();
        }
    }

    private void rows(String stage, String verdict, long n) {
        if (n > 0) {
            meters.counter("khotam_rows", "node", node, "stage", stage, "verdict", verdict).increment(n);
        }
    }
}
