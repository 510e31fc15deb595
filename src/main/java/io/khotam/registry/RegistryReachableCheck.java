package io.khotam.registry;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** DOWN when a registry is configured and cannot be reached (no proof can be made); UP when none is configured. */
public class RegistryReachableCheck extends AbstractHealthCheck {

    private final ProductionProof proof;

    public RegistryReachableCheck(ProductionProof proof) {
        super("khotam", "registry-reachable");
        this.proof = proof;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (!proof.configured()) {
            builder.detail("registry", "not configured").up();
            return;
        }
        builder.detail("registry", proof.source());
        String problem = proof.unreachable();
        if (problem == null) {
            builder.up();
        } else {
            builder.message(problem).down();
        }
    }
}
