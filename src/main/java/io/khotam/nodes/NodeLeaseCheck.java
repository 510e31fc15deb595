package io.khotam.nodes;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** DOWN while this node cannot renew its run leases (it claims nothing then); the message says since when and why. */
public class NodeLeaseCheck extends AbstractHealthCheck {

    private final RunLeases leases;

    public NodeLeaseCheck(RunLeases leases) {
        super("khotam", "node-leases");
        this.leases = leases;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("node", leases.node()).detail("shared", leases.shared()).detail("leases_held", leases.held());
        String down = leases.down();
        if (down == null) {
            builder.up();
        } else {
            builder.message(down).down();
        }
    }
}
