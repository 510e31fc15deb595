package io.khotam.run.claim;

import java.util.List;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** DOWN while the inbox cannot be read or a dropped file cannot be claimed; the message says which and why. */
public class ClaimFailuresCheck extends AbstractHealthCheck {

    private final ClaimFailures failures;

    public ClaimFailuresCheck(ClaimFailures failures) {
        super("khotam", "inbox-claims");
        this.failures = failures;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> open = failures.current();
        if (open.isEmpty()) {
            builder.up();
        } else {
            builder.detail("failures", open.size()).message(String.join("; ", open)).down();
        }
    }
}
