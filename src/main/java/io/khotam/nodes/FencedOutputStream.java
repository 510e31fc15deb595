package io.khotam.nodes;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Each write asks the run's fence first: nothing reaches a run this node no longer holds. */
public final class FencedOutputStream extends FilterOutputStream {

    private final RunFence fence;

    public FencedOutputStream(OutputStream out, RunFence fence) {
        super(out);
        this.fence = fence;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        fence.beforeWrite();
        out.write(b, off, len);
    }

    @Override
    public void write(int b) throws IOException {
        fence.beforeWrite();
        out.write(b);
    }
}
