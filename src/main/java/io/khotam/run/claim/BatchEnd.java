package io.khotam.run.claim;

import io.khotam.Problems;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends {@code run --once}: once its one poll has handed every file to a run worker and the last run
 * has ended, the batch's digest closes the runs' proofs and the process stops. It watches from a
 * thread of its own that allocates nothing while it waits. Left to the last run's worker, the
 * ending was lost whenever that worker ran out of heap itself, and {@code run --once} waited for ever.
 */
public final class BatchEnd {

    private static final Logger LOG = LoggerFactory.getLogger(BatchEnd.class);
    private static final long CHECK_MILLIS = 50;

    private BatchEnd() {}

    /**
     * @param done true once the poll has finished and no run is in flight
     * @param closeProofs the batch's digest
     * @param stop stops the process, whatever closing the proofs met
     */
    public static Thread watch(BooleanSupplier done, Runnable closeProofs, Runnable stop) {
        Thread watcher = new Thread(() -> {
            try {
                while (!done.getAsBoolean()) {
                    Thread.sleep(CHECK_MILLIS);
                }
                closeProofs.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the process is stopping already
            } catch (RuntimeException | Error e) {
                LOG.error("closing the batch's proofs failed: {}; stopping tries once more", Problems.describe(e));
            } finally {
                stop.run();
            }
        }, "kho-tam batch end");
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }
}
