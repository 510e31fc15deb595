package io.khotam.run.claim;

import io.khotam.Problems;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads the inbox's runs run on ({@code khotam.concurrent-runs}; routes/inbox.camel.yaml hands
 * each dropped file to one). A file is handed over only when a worker is free to claim and run it
 * at once: the poll waits meanwhile, so nothing is claimed that then waits for a thread (another
 * node may take it instead), and with one worker the runs keep the inbox's order.
 *
 * <p>A task that an {@link Error} ends inside Camel's own machinery never completes its exchange:
 * the run it was in (if it had begun) ends FAILED with its input kept, as a poll cut off on the
 * poll's own thread does, else the cut-off claim is kept as a failure; either way {@code run --once}
 * does not wait for it. Such an Error is most often the heap running out, and the heap may still be
 * short while the run is ended: a reserve set aside for this is given back first, and a second try
 * follows the first (which has dropped the rows the run read ahead).
 */
public class RunWorkers extends ThreadPoolExecutor implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(RunWorkers.class);

    /** Enough to write a run's FAILED manifest and its log lines when nothing else is left. */
    private static final int RESERVE_BYTES = 2 * 1024 * 1024;
    private static final int TRIES_TO_END = 2;

    private final ToIntFunction<Thread> failRunsCutOff;
    private final ClaimFailures failures;
    private final AtomicInteger busy = new AtomicInteger();
    private volatile byte[] reserve = new byte[RESERVE_BYTES];

    /**
     * @param threads at least 1 (khotam.concurrent-runs, checked where it is read)
     * @param failRunsCutOff ends FAILED the runs in flight on the thread given; returns how many it ended
     */
    public RunWorkers(int threads, ToIntFunction<Thread> failRunsCutOff, ClaimFailures failures) {
        super(threads, threads, 0, TimeUnit.MILLISECONDS, new SynchronousQueue<>(), new NamedThreads(), RunWorkers::waitForAWorker);
        this.failRunsCutOff = failRunsCutOff;
        this.failures = failures;
    }

    @Override
    public void start() {
        // the workers start with the first file handed over
    }

    /** After the routes' graceful shutdown: what still runs on a worker is ended by RunShutdown, not cut here. */
    @Override
    public void stop() {
        shutdown();
    }

    /** No file handed over is still being run. */
    public boolean idle() {
        return busy.get() == 0;
    }

    @Override
    public void execute(Runnable task) {
        busy.incrementAndGet();
        try {
            super.execute(task);
        } catch (RuntimeException | Error e) {
            busy.decrementAndGet();
            throw e;
        }
    }

    @Override
    protected void afterExecute(Runnable task, Throwable thrown) {
        try {
            Throwable cutOff = thrown != null ? thrown : failureOf(task);
            if (cutOff instanceof Error) {
                reserve = null; // given back: its room is what ending the run needs
                endCutOff(cutOff);
            }
        } catch (RuntimeException | Error e) {
            // the heap is still short: the run stays RUNNING (recovered at the next start), and the worker goes on
            LOG.error("a run cut off on {} could not be ended: {}", Thread.currentThread().getName(), Problems.describe(e));
        } finally {
            busy.decrementAndGet();
            setAsideReserve();
        }
    }

    private void setAsideReserve() {
        if (reserve == null) {
            try {
                reserve = new byte[RESERVE_BYTES];
            } catch (OutOfMemoryError stillShort) {
                // set aside after the next run instead
            }
        }
    }

    /** The runs are ended first: logging the cut-off's stack may itself run out of heap, and it must not keep them RUNNING. */
    private void endCutOff(Throwable cutOff) {
        int ended = failRunsCutOff();
        try {
            LOG.error("an error inside Camel cut off the work on {}: {}; {}", Thread.currentThread().getName(),
                    Problems.describe(cutOff), ended == 0 ? "no run was in flight" : ended + " run(s) ended FAILED", cutOff);
        } catch (OutOfMemoryError stillShort) {
            // the runs are ended, with their reason; only this line is lost
        }
        if (ended == 0) {
            failures.failed(ClaimFailures.INBOX, "a claim from the inbox was cut off by an error inside Camel (see the log)");
        }
    }

    private int failRunsCutOff() {
        for (int tried = 1; ; tried++) {
            try {
                return failRunsCutOff.applyAsInt(Thread.currentThread());
            } catch (OutOfMemoryError stillShort) {
                if (tried == TRIES_TO_END) {
                    throw stillShort;
                }
            }
        }
    }

    /** What a task handed over by {@code submit} ended with (the executor sees none: the future keeps it). */
    private static Throwable failureOf(Runnable task) {
        if (task instanceof Future<?> future && future.isDone()) {
            try {
                future.get();
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (CancellationException | InterruptedException e) {
                return null;
            }
        }
        return null;
    }

    /** All workers are busy: the poll waits for one, unless the workers are being shut down. */
    private static void waitForAWorker(Runnable task, ThreadPoolExecutor workers) {
        try {
            while (!workers.isShutdown()) {
                if (workers.getQueue().offer(task, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new RejectedExecutionException("kho-tam is stopping: no run is started");
    }

    private static final class NamedThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "kho-tam run worker " + count.incrementAndGet());
            thread.setDaemon(true); // never keeps the JVM up: the shutdown ends what runs on it
            return thread;
        }
    }
}
