package io.khotam.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.khotam.Json;
import io.khotam.Problems;
import io.khotam.Secrets;
import io.khotam.catalogue.CatalogueStore;
import io.khotam.catalogue.Catalogues;
import io.khotam.console.ApiGuard;
import io.khotam.inspection.RuleSetLoader;
import io.khotam.inspection.RuleSetUnavailableException;
import io.khotam.inspection.Rules;
import io.khotam.producer.ExecSandbox;
import io.khotam.producer.ProducerSpec;
import io.khotam.producer.SqlProducer;
import io.khotam.producer.Workspace;
import io.khotam.producer.WorkspaceBound;
import io.khotam.registry.ProductionProof;
import io.khotam.registry.RegistrySettings;
import io.khotam.store.Durations;
import io.khotam.wiring.BadSettingException;
import io.khotam.wiring.ConfigurationException;
import io.khotam.wiring.KhotamConfiguration;
import io.khotam.wiring.StagingEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

@Command(name = "kho-tam", mixinStandardHelpOptions = true, version = "kho-tam 0.1.0",
        description = "A disposable staging workshop for the birth registry's PEN / STAMP / GATE inspection producer. Drop sample rows (*.json, *.jsonl, *.ndjson) into <home>/inbox; each file becomes one run in <home>/staging/<run-id>/ with candidates, dead letters and a manifest. Production is never written.",
        subcommands = {ServeCommand.class, RunCommand.class, ListCommand.class, CatalogueCommand.class, ShowCommand.class, DeleteCommand.class,
                VerifyCommand.class, CheckCommand.class, ExportCommand.class, SampleCommand.class, RerunCommand.class, DiffCommand.class, ReportCommand.class, RequeueCommand.class, RulesetCommand.class, EdgesCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes:",
                "  0  every run COMPLETED, or nothing to do",
                "  1  internal error",
                "  2  usage error (also: no such run)",
                "  3  configuration error",
                "  4  a run was REJECTED (its input is kept in the run's input/)",
                "  5  a run FAILED or INTERRUPTED, or a file could not be claimed",
                "  6  delete or export refused, or a delete left something behind",
                "  7  verify found a missing, changed or extra file",
                "  8  production could not be proven untouched (fingerprint changed or unreadable)",
                "  9  check found a run that breaks a rule of the contract; or a producer under test BREAKS_CONTRACT",
                " 10  a producer under test DIVERGES from the built-in reference (and keeps the contract)"})
public class KhotamCli {

    @Option(names = "--home", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Folder holding inbox/ and staging/ (default: the current directory).")
    Path home = Path.of(".");

    // before the command, as always; each command that uses them also takes them after its name
    @Mixin
    RulesetOption rulesetOption = new RulesetOption();

    @Mixin
    RegistryOptions registryOptions = new RegistryOptions();

    @Mixin
    ServerOptions serverOptions = new ServerOptions();

    @Mixin
    ProducerOptions producerOptions = new ProducerOptions();

    private static BadSettingException badSetting(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BadSettingException bad) {
                return bad;
            }
        }
        return null;
    }

    public static void main(String... args) {
        int exit = execute(args);
        LogManager.shutdown(); // log4j's own shutdown hook is off (log4j2.xml): every line up to here is written
        System.exit(exit);
    }

    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs one command with its output and errors sent to these writers; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new KhotamCli()).setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            BadSettingException badSetting = badSetting(e);
            if (badSetting != null) { // found while Camel built the beans, under whatever Camel wrapped it in
                commandLine.getErr().println("kho-tam: " + badSetting.getMessage());
                return ExitCode.CONFIG;
            }
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
        return Path.of(setting("khotam.staging")).toAbsolutePath().normalize();
    }

    Path inbox() {
        return Path.of(setting("khotam.inbox")).toAbsolutePath().normalize();
    }

    /**
     * A setting as the running application resolves it (application.properties, then JVM system
     * properties and environment variables, then this command line), so commands that run without
     * Camel's routes (list, delete, verify, sample) look where serve and run write.
     */
    String setting(String key) {
        return new Settings(overrides(), System.getenv()).get(key);
    }

    /** The properties this invocation sets over application.properties. */
    Map<String, String> overrides() {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("khotam.home", homeDir().toString());
        if (rulesetOption.file != null) {
            overrides.put("khotam.ruleset", rulesetOption.file.toAbsolutePath().normalize().toString());
        }
        overrides.put("khotam.registry.url", registryUrl());
        if (producerOptions.producer != null) {
            overrides.put("khotam.producer", producerOptions.producer);
        }
        if (producerOptions.timeout != null) {
            overrides.put("khotam.producer.timeout", producerOptions.timeout);
        }
        overrides.put("khotam.workspace.url", workspaceUrl());
        if (producerOptions.sandbox != null) {
            overrides.put("khotam.producer.sandbox", producerOptions.sandbox);
        }
        if (producerOptions.keepWorkspace) {
            overrides.put("khotam.workspace.keep", "true");
        }
        if (serverOptions.nodeId != null) {
            overrides.put("khotam.node-id", serverOptions.nodeId);
        }
        if (serverOptions.lease != null) {
            overrides.put("khotam.lease", serverOptions.lease);
        }
        Integer httpPort = serverOptions.httpPort;
        if (httpPort != null) {
            if (httpPort < 1 || httpPort > 65535) {
                throw new IllegalArgumentException("--http-port must be between 1 and 65535");
            }
            // Camel's management server: health and metrics under /observe
            overrides.put("camel.management.enabled", "true");
            overrides.put("camel.management.host", serverOptions.host());
            overrides.put("camel.management.port", httpPort.toString());
            overrides.put("camel.management.health-check-enabled", "true");
            overrides.put("camel.management.metrics-enabled", "true");
            overrides.put("camel.metrics.enabled", "true");
            overrides.put("camel.health.enabled", "true");
            overrides.put("camel.health.exposure-level", "full"); // each check and its message, not just UP/DOWN
            // the console and its API: Camel's platform-http server on the same port
            overrides.put("camel.server.enabled", "true");
            overrides.put("camel.server.host", serverOptions.host());
            overrides.put("camel.server.port", httpPort.toString());
            overrides.put("khotam.console.disabled", "false");
            if (!serverOptions.loopback()) {
                String token = environment().get(ApiGuard.TOKEN_VARIABLE);
                if (token == null || token.isBlank()) {
                    throw new ConfigurationException("--http-host " + serverOptions.host() + " is not a loopback address: "
                            + "the console and API then need a token; set " + ApiGuard.TOKEN_VARIABLE + " in the environment "
                            + "(clients send Authorization: Bearer <token>)");
                }
                overrides.put("khotam.console.require-token", "true");
            }
        }
        return overrides;
    }

    /** The environment with the secrets that come from files read in (Secrets). */
    private static Map<String, String> environment() {
        try {
            return Secrets.environment();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    private String registryUrl() {
        if (registryOptions.none && registryOptions.url != null) {
            throw new IllegalArgumentException("--registry-url and --no-registry exclude each other");
        }
        if (registryOptions.none) {
            return RegistrySettings.NONE;
        }
        String url = registryOptions.url != null ? registryOptions.url : System.getenv("KHOTAM_REGISTRY_URL");
        return url == null || url.isBlank() ? RegistrySettings.DEMO : url;
    }

    private String workspaceUrl() {
        String url = producerOptions.workspaceUrl != null ? producerOptions.workspaceUrl : System.getenv("KHOTAM_WORKSPACE_URL");
        return url == null || url.isBlank() ? Workspace.EMBEDDED : url.strip();
    }

    /**
     * The run catalogue as a command without Camel reads it (list): the workspace PostgreSQL's when a
     * workspace URL is given (the nodes of a shared home keep theirs there), else the SQLite file
     * beside the runs. The caller closes it (and with it the workspace's pool).
     */
    CatalogueStore catalogue() {
        try {
            if (Workspace.EMBEDDED.equals(workspaceUrl())) {
                return Catalogues.sqlite(stagingRoot()); // without the workspace, which list never needs
            }
            Workspace workspace = workspace();
            HikariDataSource pool = workspace.pool("catalogue", Duration.ofSeconds(30));
            return Catalogues.postgres(pool, () -> {
                pool.close();
                workspace.close();
            }, stagingRoot());
        } catch (IOException | SQLException e) {
            throw new ConfigurationException("the run catalogue cannot be opened: " + Problems.describe(e));
        }
    }

    /** The workspace as the commands that run without Camel (delete, requeue) reach it: to drop a run's kept schema. */
    SqlProducer workspaces() {
        return new SqlProducer(workspace(), false, Json.DATA);
    }

    private Workspace workspace() {
        try {
            return new Workspace(workspaceUrl(), environment().get("KHOTAM_WORKSPACE_USER"), environment().get("KHOTAM_WORKSPACE_PASSWORD"),
                    Path.of(setting("khotam.workspace.dir")), WorkspaceBound.parse(setting("khotam.producer.max-workspace")));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    /** A producer that cannot run, or a workspace that is the registry's database, is a configuration error before anything is claimed. */
    private void checkProducer() {
        try {
            ProducerSpec spec = ProducerSpec.parse(setting("khotam.producer"));
            Durations.parse(setting("khotam.producer.timeout").strip());
            String sandbox = setting("khotam.producer.sandbox").strip();
            if (!List.of("auto", "bwrap", "user", "none").contains(sandbox)) {
                throw new IllegalArgumentException("--producer-sandbox " + sandbox + " is not one of auto, bwrap, user, none");
            }
            if (spec.kind() == ProducerSpec.Kind.EXEC || !sandbox.equals("auto")) {
                ExecSandbox.resolve(sandbox, List.of(), List.of()); // one that cannot run here is said now, with what to do
            }
            workspace().requireApartFrom(registryUrl());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    /** The registry as the commands that run without Camel (delete) read it. */
    ProductionProof productionProof() {
        return new ProductionProof(registrySettings());
    }

    RegistrySettings registrySettings() {
        return RegistrySettings.of(registryUrl(), Path.of(setting("khotam.registry.demo-dir")), environment());
    }

    String routesIncludePattern() {
        if (serverOptions.routes == null) {
            return KhotamConfiguration.BUNDLED_ROUTES;
        }
        Path dir = serverOptions.routes.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new ConfigurationException("--routes " + dir + " is not a directory");
        }
        return "file:" + dir + "/*.camel.yaml";
    }

    /** The application, after the checks that make a bad set-up a configuration error (exit 3) before anything is touched. */
    StagingEngine engine() {
        Path inbox = folder(inbox());
        Path staging = folder(stagingRoot());
        try {
            if (!Files.getAttribute(inbox, "unix:dev").equals(Files.getAttribute(staging, "unix:dev"))) {
                throw new ConfigurationException(inbox + " and " + staging + " are on different filesystems; a claim is one "
                        + "atomic rename, so they must be on one (mount the whole home, not the two folders)");
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new ConfigurationException("cannot tell which filesystems " + inbox + " and " + staging + " are on: "
                    + Problems.describe(e));
        }
        activeRules();
        checkProducer();
        return new StagingEngine(overrides(), routesIncludePattern());
    }

    /** The rule-set runs would use now; missing or invalid at start is a configuration error, with where it is wrong. */
    Rules activeRules() {
        Path file = rulesetOption.file == null ? null : rulesetOption.file.toAbsolutePath().normalize();
        try {
            return RuleSetLoader.standalone(file).load();
        } catch (RuleSetUnavailableException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    private static Path folder(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigurationException("cannot create " + dir + ": " + Problems.describe(e));
        }
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
            listing.iterator().hasNext();
        } catch (IOException e) {
            throw new ConfigurationException("the " + dir.getFileName() + " folder " + dir + " cannot be read: "
                    + Problems.describe(e));
        }
        if (!Files.isWritable(dir)) {
            throw new ConfigurationException(dir + " is not writable");
        }
        return dir;
    }
}
