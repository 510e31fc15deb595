package io.khotam.producer;

import io.khotam.Problems;
import io.khotam.nodes.RunFence;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One stream of an exec producer (its stdout or stderr), copied into the run's file by kho-tam
 * rather than handed to the producer as the file itself: each buffer passes the run's fence, so a
 * node frozen or cut off stops writing into a run another node took over (while it is frozen the
 * pipe fills and the producer waits); and at most the workspace bound is written, past which the
 * producer is stopped.
 */
final class StreamCopy extends Thread {

    private final InputStream from;
    private final Path to;
    private final RunFence fence;
    private final long maxBytes;
    private final Runnable stopProducer;
    private volatile String failure;
    private volatile boolean pastBound;

    StreamCopy(String name, InputStream from, Path to, RunFence fence, long maxBytes, Runnable stopProducer) {
        super(name);
        setDaemon(true);
        this.from = from;
        this.to = to;
        this.fence = fence;
        this.maxBytes = maxBytes;
        this.stopProducer = stopProducer;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[1 << 16];
        long written = 0;
        try (InputStream in = from; OutputStream out = Files.newOutputStream(to)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (written + n > maxBytes) {
                    fence.beforeWrite();
                    out.write(buffer, 0, (int) (maxBytes - written));
                    pastBound = true;
                    stopProducer.run();
                    return;
                }
                fence.beforeWrite();
                out.write(buffer, 0, n);
                written += n;
            }
        } catch (IOException e) {
            failure = Problems.describe(e);
            stopProducer.run(); // its run is no longer this node's to write, or the file cannot take it: it stops
        }
    }

    /** Waits for the copy to end (the producer's end closes the stream). */
    void finish() throws InterruptedException {
        join();
    }

    /** Why the copy stopped before the stream's end, or null. */
    String failure() {
        return failure;
    }

    /** Whether the producer wrote more than the bound to this stream (and was stopped). */
    boolean pastBound() {
        return pastBound;
    }
}
