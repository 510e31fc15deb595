package io.khotam.run.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.khotam.Sha256;
import io.khotam.evidence.OutputFile;
import io.khotam.nodes.RunFence;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/** One JSONL output of a run, hashed and counted as it is written so closing it never re-reads it. */
final class JsonlOutput implements Closeable {

    private final String relativePath;
    private final FileOutputStream file;
    private final MessageDigest digest = Sha256.digest();
    private final CountingStream counter;
    private final JsonGenerator generator;
    private OutputFile written;

    private final RunFence fence;

    JsonlOutput(JsonFactory factory, Path runDir, String relativePath, RunFence fence) throws IOException {
        this.relativePath = relativePath;
        this.fence = fence;
        Path path = runDir.resolve(relativePath);
        fence.beforeWrite(); // a file made after another node took the run over would be one more than it listed
        // only the output's own folder is created: a run directory removed under a running run is never recreated
        if (!Files.isDirectory(path.getParent())) {
            Files.createDirectory(path.getParent());
        }
        this.file = new FileOutputStream(path.toFile(), false);
        this.counter = new CountingStream(new DigestOutputStream(file, digest), fence);
        this.generator = factory.createGenerator(new BufferedOutputStream(counter, 1 << 16));
        this.generator.setRootValueSeparator(null); // lines are ended explicitly below
    }

    JsonGenerator line() {
        return generator;
    }

    void endLine() throws IOException {
        generator.writeRaw('\n');
    }

    /** Flushes, forces to disk and returns what the manifest records. Idempotent. */
    @Override
    public void close() throws IOException {
        if (written != null) {
            return;
        }
        try {
            generator.flush();
            fence.beforeWrite();
            file.getChannel().force(false); // its bytes and length: the manifest that lists it is forced after it
            generator.close(); // closes the file too
        } finally {
            file.close(); // even when flushing failed (a full disk): no descriptor is left open
        }
        written = OutputFile.complete(relativePath, Sha256.hex(digest), counter.count);
    }

    OutputFile written() {
        return written;
    }

    String relativePath() {
        return relativePath;
    }

    /** Under the buffer: each write here is one that reaches the file, so the fence is asked once per buffer. */
    private static final class CountingStream extends FilterOutputStream {
        private final RunFence fence;
        private long count;

        CountingStream(OutputStream out, RunFence fence) {
            super(out);
            this.fence = fence;
        }

        @Override
        public void write(int b) throws IOException {
            fence.beforeWrite();
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            fence.beforeWrite();
            out.write(b, off, len);
            count += len;
        }
    }
}
