package io.khotam.cli;

import io.khotam.wiring.ConfigurationException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How the application itself runs: for the commands that start it (serve, run). */
class ServerOptions {

    @Option(names = "--http-port", paramLabel = "N",
            description = "Serve the console (/), its JSON API (/api), health (/observe/health) and Prometheus metrics (/observe/metrics) on this port.")
    Integer httpPort;

    @Option(names = "--http-host", paramLabel = "HOST",
            description = "Address that server binds to (default 127.0.0.1). Any other than a loopback address needs KHOTAM_CONSOLE_TOKEN in the environment; every request then sends Authorization: Bearer <token>.")
    String httpHost;

    @Option(names = "--routes", paramLabel = "DIR",
            description = "Load the *.camel.yaml routes from this folder instead of the ones inside the jar.")
    Path routes;

    @Option(names = "--node-id", paramLabel = "NAME",
            description = "This node's name in manifests (owner.node), leases, list, the console, logs and metrics: letters, digits, '.', '-', '_'. Default: $KHOTAM_NODE_ID, else host name and pid. Two live processes must never share one.")
    String nodeId;

    @Option(names = "--lease", paramLabel = "DURATION",
            description = "With a workspace URL several nodes may share the home: each run holds a lease in that PostgreSQL, and one not renewed for this long (20s, 5s, 1m) is taken over by another node. Default: $KHOTAM_LEASE, else 20s.")
    String lease;

    String host() {
        return httpHost == null ? "127.0.0.1" : httpHost;
    }

    /** Whether the server binds only to this machine (127.0.0.0/8, ::1, localhost). */
    boolean loopback() {
        try {
            return InetAddress.getByName(host()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigurationException("--http-host " + host() + " is not an address of this machine: " + e.getMessage());
        }
    }

    void adopt(ServerOptions given) {
        if (given != null) {
            httpPort = given.httpPort != null ? given.httpPort : httpPort;
            httpHost = given.httpHost != null ? given.httpHost : httpHost;
            routes = given.routes != null ? given.routes : routes;
            nodeId = given.nodeId != null ? given.nodeId : nodeId;
            lease = given.lease != null ? given.lease : lease;
        }
    }
}
