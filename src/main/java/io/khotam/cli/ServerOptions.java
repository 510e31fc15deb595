package io.khotam.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How the application itself runs: for the commands that start it (serve, run). */
class ServerOptions {

    @Option(names = "--http-port", paramLabel = "N",
            description = "Serve health (/observe/health) and Prometheus metrics (/observe/metrics) on this port.")
    Integer httpPort;

    @Option(names = "--http-host", paramLabel = "HOST",
            description = "Address the health and metrics server binds to (default 127.0.0.1).")
    String httpHost;

    @Option(names = "--routes", paramLabel = "DIR",
            description = "Load the *.camel.yaml routes from this folder instead of the ones inside the jar.")
    Path routes;

    String host() {
        return httpHost == null ? "127.0.0.1" : httpHost;
    }

    void adopt(ServerOptions given) {
        if (given != null) {
            httpPort = given.httpPort != null ? given.httpPort : httpPort;
            httpHost = given.httpHost != null ? given.httpHost : httpHost;
            routes = given.routes != null ? given.routes : routes;
        }
    }
}
