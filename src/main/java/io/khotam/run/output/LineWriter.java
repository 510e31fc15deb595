package io.khotam.run.output;

import io.khotam.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * Writes a run's output lines in the order they come, each followed by what it counts. For a big
 * input it writes on a thread of its own, so the route goes on with the next row while a line is
 * built, hashed and written (the second core's work); for a small one, at once. Lines are handed
 * over in batches of up to {@link #BATCH_LINES} (one hand-off, not one per line). What is held is
 * bounded by batches ({@link #QUEUED_BATCHES}) and by the size of the rows the lines carry
 * ({@link #WEIGHT_AHEAD}); the route waits when either is full. The first line that cannot be
 * written (a full disk, a lost lease) is the run's failure: nothing after it is written or
 * counted, the next line given fails at once with it, and {@link #drain()} returns it, so the run
 * ends FAILED with the row that could not be written.
 */
public final class LineWriter {

    static final int BATCH_LINES = 64;
    static final int QUEUED_BATCHES = 8;
    static final int WEIGHT_AHEAD = 1 << 20;

    /** One line: its row (for the failure's words), how to write and count it. */
    private record Line(int row, Runnable write, Runnable count) {}

    /** Lines handed over together, and the room they take. */
    private record Batch(List<Line> lines, int weight) {}

    private static final Batch STOP = new Batch(List.of(), 0);

    private final BlockingQueue<Batch> queue;
    private final Semaphore room;
    private final String threadName;
    private final Object idle = new Object();
    private Thread thread;
    private List<Line> filling = new ArrayList<>(BATCH_LINES);
    private int fillingWeight;
    private int pending; // batches handed over and not yet written (or dropped after a failure); guarded by idle
    private volatile RuntimeException failure;

    /** @param threadName null: every line is written at once, on the caller's thread */
    public LineWriter(String threadName) {
        this.threadName = threadName;
        this.queue = threadName == null ? null : new ArrayBlockingQueue<>(QUEUED_BATCHES);
        this.room = threadName == null ? null : new Semaphore(WEIGHT_AHEAD);
    }

    /**
     * Writes (or hands over) one line of {@code row}, then counts it. Called by one thread at a time
     * (under its run's lock), as are {@link #drain()} and {@link #stop()}.
     *
     * @param weight roughly how many characters of the row the line holds; a heavy line waits for the writer to empty
     * @throws RuntimeException the first failure of a line written before (nothing more is written after one)
     */
    public void write(int row, long weight, Runnable write, Runnable count) {
        RuntimeException failed = failure;
        if (failed != null) {
            throw failed;
        }
        if (queue == null) {
            try {
                write.run();
            } catch (RuntimeException | Error e) {
                throw unwritten(row, e);
            }
            count.run();
            return;
        }
        int permits = (int) Math.max(1, Math.min(weight, WEIGHT_AHEAD));
        if (!filling.isEmpty() && fillingWeight + permits > WEIGHT_AHEAD) {
            handOver(); // a batch never takes more room than there is
        }
        filling.add(new Line(row, write, count));
        fillingWeight += permits;
        if (filling.size() == BATCH_LINES) {
            handOver();
        }
    }

    /** Waits until every line given is written (or dropped after a failure). @return the failure, or null */
    public RuntimeException drain() {
        if (queue != null) {
            if (!filling.isEmpty()) {
                handOver();
            }
            synchronized (idle) {
                while (pending > 0) {
                    try {
                        idle.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return new IllegalStateException("interrupted while waiting for the run's lines to be written", e);
                    }
                }
            }
        }
        return failure;
    }

    /** Ends the writer's thread once it has written everything (after {@link #drain()}). */
    public void stop() {
        if (thread != null) {
            queue.offer(STOP);
            thread = null;
        }
    }

    private void handOver() {
        Batch batch = new Batch(filling, fillingWeight);
        filling = new ArrayList<>(BATCH_LINES);
        fillingWeight = 0;
        try {
            room.acquire(batch.weight());
            synchronized (idle) {
                pending++;
            }
            if (thread == null) {
                thread = new Thread(this::writeAll, threadName);
                thread.setDaemon(true); // never keeps the JVM up; drain() and stop() are what end it
                thread.start();
            }
            queue.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing rows to their writer", e);
        }
    }

    /** A line that could not be written, named by its row wherever the failure surfaces. */
    private static IllegalStateException unwritten(int row, Throwable cause) {
        return new IllegalStateException("row " + row + " could not be written: " + Problems.describe(cause), cause);
    }

    private void writeAll() {
        while (true) {
            Batch batch;
            try {
                batch = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == STOP) {
                return;
            }
            try {
                for (Line line : batch.lines()) {
                    if (failure != null) {
                        break;
                    }
                    try {
                        line.write().run();
                        line.count().run();
                    } catch (RuntimeException | Error e) {
                        failure = unwritten(line.row(), e);
                    }
                }
            } finally {
                room.release(batch.weight());
                synchronized (idle) {
                    pending--;
                    idle.notifyAll();
                }
            }
        }
    }
}
