package io.khotam.run.claim;

import io.khotam.run.RunLifecycle;
import io.khotam.run.RunProofs;
import io.khotam.run.RunsOfThisProcess;
import io.khotam.run.StagingRun;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Stops after the routes (Camel stops services after its graceful shutdown of the routes, which
 * waits for runs in flight up to {@code camel.main.shutdown-timeout}). A run still in flight then
 * was cut off: it is marked INTERRUPTED with a warning naming it, never left RUNNING in silence.
 * Then the last shared digest of the registry closes the proof of the runs still waiting for one.
 */
public class RunShutdown extends ServiceSupport {

    private final RunsOfThisProcess runs;
    private final RunLifecycle lifecycle;
    private final RunProofs proofs;
    private final Supplier<Duration> timeout;

    /** @param timeout how long the graceful shutdown waited (camel.main.shutdown-timeout) */
    public RunShutdown(RunsOfThisProcess runs, RunLifecycle lifecycle, RunProofs proofs, Supplier<Duration> timeout) {
        this.runs = runs;
        this.lifecycle = lifecycle;
        this.proofs = proofs;
        this.timeout = timeout;
    }

    @Override
    protected void doStop() {
        for (StagingRun run : runs.inFlight()) {
            lifecycle.interrupt(run, timeout.get());
        }
        proofs.close();
    }
}
