package io.khotam.run.claim;

import io.khotam.Problems;
import io.khotam.evidence.ManifestReserve;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * DOWN when no run could be written: as many real bytes as a new claim needs are written to the
 * staging folder and forced to disk (creating an empty file succeeds on a full
 * disk, and root ignores permission bits, so only a real write tells).
 */
public class StagingWritableCheck extends AbstractHealthCheck {

    // what one more claim needs: the room it keeps for its manifest, and as much again for the rest
    private static final int PROBE_BYTES = 2 * ManifestReserve.BYTES;

    private final Path stagingRoot;

    public StagingWritableCheck(Path stagingRoot) {
        super("khotam", "staging-writable");
        this.stagingRoot = stagingRoot;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("staging", stagingRoot.toString());
        Path probe = null;
        try {
            probe = Files.createTempFile(stagingRoot, ".health-", ".probe");
            try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.allocate(PROBE_BYTES);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            builder.up();
        } catch (IOException | RuntimeException e) {
            builder.message("the staging folder cannot be written: " + Problems.describe(e)).down();
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException ignored) {
                    // the probe is hidden and tiny; the next check tries again
                }
            }
        }
    }
}
