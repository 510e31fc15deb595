package io.khotam.cli;

import io.khotam.KhotamConfiguration;
import io.khotam.registry.ProductionProof;
import io.khotam.registry.RegistrySettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "kho-tam", mixinStandardHelpOptions = true, version = "kho-tam 0.1.0",
        description = "A disposable staging workshop for the birth registry's PEN / STAMP / GATE inspection producer. Drop sample rows (*.json, *.jsonl, *.ndjson) into <home>/inbox; each file becomes one run in <home>/staging/<run-id>/ with candidates, dead letters and a manifest. Production is never written.",
        subcommands = {ServeCommand.class, RunCommand.class, ListCommand.class, ShowCommand.class, DeleteCommand.class,
                VerifyCommand.class, ExportCommand.class, SampleCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes:",
                "  0  every run COMPLETED, or nothing to do",
                "  1  internal error",
                "  2  usage error",
                "  3  configuration error",
                "  4  a run was REJECTED (its input is kept in the run's input/)",
                "  5  a run FAILED",
                "  6  delete refused, or left something behind",
                "  7  verify found a missing, changed or extra file",
                "  8  production could not be proven untouched (fingerprint changed or unreadable)"})
public class KhotamCli {

    @Option(names = "--home", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Folder holding inbox/ and staging/ (default: the current directory).")
    Path home = Path.of(".");

    @Option(names = "--ruleset", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Rule-set YAML to inspect with (default: the bundled demo rule-set dieu-0g 2026.06-demo).")
    Path ruleset;

    @Option(names = "--registry-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Production registry to read (never write): a jdbc: URL, 'demo' (default: an embedded H2 registry of DEMO rows) or 'none'. User and password only from KHOTAM_REGISTRY_USER and KHOTAM_REGISTRY_PASSWORD. Default: $KHOTAM_REGISTRY_URL, else demo.")
    String registryUrl;

    @Option(names = "--no-registry", scope = ScopeType.INHERIT,
            description = "Run without a production registry; manifests then say configured: false.")
    boolean noRegistry;

    @Option(names = "--http-port", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "Serve health (/observe/health) and Prometheus metrics (/observe/metrics) on this port.")
    Integer httpPort;

    @Option(names = "--http-host", scope = ScopeType.INHERIT, paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address the health and metrics server binds to (default ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--routes", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Load the *.camel.yaml routes from this folder instead of the ones inside the jar.")
    Path routes;

    public static void main(String... args) {
        int exit = execute(args);
        if (Boolean.getBoolean("khotam.bench.report-memory")) {
            io.khotam.bench.MemoryReport.print(); // read by `bench`
        }
        System.exit(exit);
    }

    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs one command with its output and errors sent to these writers; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new KhotamCli()).setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigurationException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("kho-tam: " + e.getMessage());
                return e instanceof ConfigurationException ? ExitCode.CONFIG : ExitCode.USAGE;
            }
            commandLine.getErr().println("kho-tam: internal error: " + e);
            e.printStackTrace(commandLine.getErr());
            return ExitCode.INTERNAL;
        });
        return cli.execute(args);
    }

    Path homeDir() {
        Path dir = home.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new ConfigurationException("--home " + dir + " is not a directory");
        }
        return dir;
    }

    Path stagingRoot() {
        return homeDir().resolve("staging");
    }

    /** The properties this invocation sets over application.properties. */
    Map<String, String> overrides() {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("khotam.home", homeDir().toString());
        if (ruleset != null) {
            overrides.put("khotam.ruleset", ruleset.toAbsolutePath().normalize().toString());
        }
        overrides.put("khotam.registry.url", registryUrl());
        if (httpPort != null) {
            if (httpPort < 1 || httpPort > 65535) {
                throw new IllegalArgumentException("--http-port must be between 1 and 65535");
            }
            // Camel's management server: health and metrics under /observe
            overrides.put("camel.management.enabled", "true");
            overrides.put("camel.management.host", httpHost);
            overrides.put("camel.management.port", httpPort.toString());
            overrides.put("camel.management.health-check-enabled", "true");
            overrides.put("camel.management.metrics-enabled", "true");
            overrides.put("camel.metrics.enabled", "true");
            overrides.put("camel.health.enabled", "true");
            overrides.put("camel.health.exposure-level", "full"); // each check and its message, not just UP/DOWN
        }
        return overrides;
    }

    private String registryUrl() {
        if (noRegistry && registryUrl != null) {
            throw new IllegalArgumentException("--registry-url and --no-registry exclude each other");
        }
        if (noRegistry) {
            return RegistrySettings.NONE;
        }
        String url = registryUrl != null ? registryUrl : System.getenv("KHOTAM_REGISTRY_URL");
        return url == null || url.isBlank() ? RegistrySettings.DEMO : url;
    }

    /** The registry as the commands that run without Camel (delete) read it. */
    ProductionProof productionProof() {
        return new ProductionProof(registrySettings());
    }

    RegistrySettings registrySettings() {
        return RegistrySettings.of(registryUrl(), homeDir().resolve("demo-registry"), System.getenv());
    }

    String routesIncludePattern() {
        if (routes == null) {
            return KhotamConfiguration.BUNDLED_ROUTES;
        }
        Path dir = routes.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new ConfigurationException("--routes " + dir + " is not a directory");
        }
        return "file:" + dir + "/*.camel.yaml";
    }

    StagingEngine engine() {
        return new StagingEngine(homeDir(), overrides(), routesIncludePattern());
    }
}
