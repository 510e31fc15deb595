package io.khotam.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** DOWN when no run could be written: a file is really created in the staging folder (root ignores permission bits). */
public class StagingWritableCheck extends AbstractHealthCheck {

    private final Path stagingRoot;

    public StagingWritableCheck(Path stagingRoot) {
        super("khotam", "staging-writable");
        this.stagingRoot = stagingRoot;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("staging", stagingRoot.toString());
        try {
            Files.createDirectories(stagingRoot);
            Path probe = Files.createTempFile(stagingRoot, ".health-", ".probe");
            Files.delete(probe);
            builder.up();
        } catch (IOException | RuntimeException e) {
            builder.message("the staging folder is not writable: " + e).down();
        }
    }
}
