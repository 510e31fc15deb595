package io.khotam.run;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Reads a source on a thread of its own, in batches, while the caller works through the rows
 * already read: parsing uses the second core instead of waiting its turn on the route's thread.
 * The caller sees exactly the source's sequence, in order, including a failure at the point where
 * the source failed. What is held ahead is bounded by rows ({@link #BATCH_ROWS} a batch,
 * {@link #QUEUED_BATCHES} queued) and by input bytes: the reader starts a batch only while the
 * batches the caller has not finished span less than {@link #BYTES_AHEAD}, so rows of tens of
 * megabytes are read one at a time, as without a reader. Single consumer; {@link #close()} stops
 * the reader before the caller closes the source.
 */
final class ReadAhead<T> implements Iterator<T>, AutoCloseable {

    static final int BATCH_ROWS = 256;
    static final long BATCH_BYTES = 256 * 1024;
    static final long BYTES_AHEAD = 1024 * 1024;
    static final int QUEUED_BATCHES = 2;

    /** One hand-off: rows and the input bytes they span, then whether the source ended after them, or what it failed with. */
    private record Batch<T>(List<T> rows, long bytes, boolean end, Throwable failure) {}

    private final Iterator<T> source;
    private final LongSupplier position;
    private final BlockingQueue<Batch<T>> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final AtomicLong ahead = new AtomicLong(); // bytes of batches handed over and not yet finished
    private final Object room = new Object();
    private final Thread reader;
    private volatile boolean closed;

    private Batch<T> current = new Batch<>(List.of(), 0, false, null);
    private int index;

    /** @param position how far the source has read, in bytes; bounds what is held by size */
    ReadAhead(Iterator<T> source, LongSupplier position, String threadName) {
        this.source = source;
        this.position = position;
        this.reader = new Thread(this::read, threadName);
        this.reader.setDaemon(true); // never keeps the JVM up; close() is what ends it
        this.reader.start();
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false; // Camel's splitter asks again after close()
        }
        while (index == current.rows().size()) {
            if (current.failure() != null) {
                throw rethrown(current.failure());
            }
            if (current.end()) {
                return false;
            }
            finished(current);
            current = take();
            index = 0;
        }
        return true;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.rows().get(index++);
    }

    /** Stops the reader and waits for it, so the source is no longer in use when this returns. */
    @Override
    public void close() {
        closed = true;
        queue.clear(); // frees a reader waiting to hand a batch over
        synchronized (room) {
            room.notifyAll(); // and one waiting for the caller to finish a batch
        }
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void read() {
        boolean more = true;
        while (more && awaitRoom()) {
            List<T> rows = new ArrayList<>();
            long start = position.getAsLong();
            try {
                while (!closed && (more = source.hasNext()) && rows.size() < BATCH_ROWS
                        && position.getAsLong() - start < BATCH_BYTES) {
                    rows.add(source.next());
                }
            } catch (Throwable t) { // the caller's, in order: it surfaces after the rows read before it
                hand(new Batch<>(rows, 0, false, t));
                return;
            }
            long bytes = position.getAsLong() - start;
            ahead.addAndGet(bytes);
            hand(new Batch<>(rows, bytes, !more, null));
        }
    }

    /** @return false once closed; waits while the caller has enough unfinished input in hand */
    private boolean awaitRoom() {
        synchronized (room) {
            while (!closed && ahead.get() >= BYTES_AHEAD) {
                try {
                    room.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return !closed;
    }

    /** The caller is done with a batch: its bytes no longer count against what the reader may hold. */
    private void finished(Batch<T> batch) {
        if (batch.bytes() > 0) {
            ahead.addAndGet(-batch.bytes());
            synchronized (room) {
                room.notifyAll();
            }
        }
    }

    private void hand(Batch<T> batch) {
        try {
            while (!closed && !queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                // full: the caller is behind; look at closed again
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Batch<T> take() {
        try {
            while (true) {
                Batch<T> batch = queue.poll(100, TimeUnit.MILLISECONDS);
                if (batch != null) {
                    return batch;
                }
                if (!reader.isAlive() && queue.isEmpty()) {
                    // it died without handing a failure over (out of memory even for that): never wait forever
                    throw new IllegalStateException("the thread reading rows stopped before the input ended");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the next rows", e);
        }
    }

    /**
     * The source's own exceptions as they were; an Error (out of memory with rows too large for the
     * heap) as an exception of the run: it happened on the reader's thread, whose memory is free
     * again, so the run can still end FAILED and say why.
     */
    private static RuntimeException rethrown(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            return e;
        }
        return new IllegalStateException("reading rows failed: " + failure, failure);
    }
}
