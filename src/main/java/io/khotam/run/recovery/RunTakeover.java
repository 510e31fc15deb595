package io.khotam.run.recovery;

import io.khotam.Problems;
import io.khotam.nodes.RunLeases;
import io.khotam.run.RunMetrics;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks for runs whose node stopped renewing its lease (killed, frozen, cut off) and takes each
 * over: exactly one node ends it INTERRUPTED and sends its input back to the inbox, where it
 * becomes a new run (routes/nodes.camel.yaml calls this every quarter lease).
 */
public class RunTakeover {

    private static final Logger LOG = LoggerFactory.getLogger(RunTakeover.class);
    private static final int PER_ROUND = 100;

    private final RunLeases leases;
    private final RunRecovery recovery;
    private final RunMetrics metrics;
    private final Clock clock;

    public RunTakeover(RunLeases leases, RunRecovery recovery, RunMetrics metrics, Clock clock) {
        this.leases = leases;
        this.recovery = recovery;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** @return how many runs this node took over in this round */
    public int takeOver() {
        int taken = 0;
        try {
            for (int closing = 0; closing < PER_ROUND; closing++) {
                RunLeases.Closed closed = leases.takeOverOne(recovery::takenOver);
                if (closed == null) {
                    break;
                }
                if (closed.found() == RunLeases.Found.ENDED) {
                    continue; // its node had ended it: only the lease was closed (RunRecovery said so)
                }
                taken++;
                RunLeases.Expired run = closed.run();
                Duration late = Duration.between(run.expiredAt(), clock.instant());
                metrics.tookOver();
                LOG.warn("node {} took over run {} from node {} ({} ms after its lease expired)", leases.node(), run.runId(),
                        run.node(), Math.max(0, late.toMillis()));
            }
        } catch (Exception e) {
            LOG.error("node {}: taking over expired runs failed ({}); tried again at the next round", leases.node(),
                    Problems.describe(e));
        }
        return taken;
    }
}
