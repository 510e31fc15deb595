package io.khotam.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.khotam.Json;
import io.khotam.Problems;
import io.khotam.Secrets;
import io.khotam.Stage;
import io.khotam.catalogue.CatalogueKeeper;
import io.khotam.catalogue.CatalogueStore;
import io.khotam.catalogue.Catalogues;
import io.khotam.console.ApiGuard;
import io.khotam.console.CatalogueAsks;
import io.khotam.console.ConsoleApi;
import io.khotam.console.ConsolePages;
import io.khotam.console.ResponseHeaders;
import io.khotam.inspection.RuleSetLoader;
import io.khotam.inspection.SharedValidatorFactory;
import io.khotam.inspection.StageInspector;
import io.khotam.inspection.StampClock;
import io.khotam.intake.ParserLimits;
import io.khotam.intake.RowSource;
import io.khotam.nodes.HomeIdentity;
import io.khotam.nodes.NodeId;
import io.khotam.nodes.NodeLeaseCheck;
import io.khotam.nodes.PostgresLeases;
import io.khotam.nodes.RunLeases;
import io.khotam.producer.ExecProducer;
import io.khotam.producer.ExecSandbox;
import io.khotam.producer.ProducerSpec;
import io.khotam.producer.SqlProducer;
import io.khotam.producer.Workspace;
import io.khotam.producer.WorkspaceBound;
import io.khotam.producer.WorkspaceUnsafeException;
import io.khotam.registry.ProductionProof;
import io.khotam.registry.RegistryReachableCheck;
import io.khotam.registry.RegistrySampler;
import io.khotam.registry.RegistrySettings;
import io.khotam.report.RunReport;
import io.khotam.run.ProducerStep;
import io.khotam.run.ReferenceReuse;
import io.khotam.run.RowOutcomes;
import io.khotam.run.RunLifecycle;
import io.khotam.run.RunMetrics;
import io.khotam.run.RunProofs;
import io.khotam.run.RunRows;
import io.khotam.run.RunsOfThisProcess;
import io.khotam.run.claim.ClaimFailures;
import io.khotam.run.claim.ClaimFailuresCheck;
import io.khotam.run.claim.InboxClaim;
import io.khotam.run.claim.InboxPolls;
import io.khotam.run.claim.InboxScheduler;
import io.khotam.run.claim.RerunClaim;
import io.khotam.run.claim.RunShutdown;
import io.khotam.run.claim.RunWorkers;
import io.khotam.run.claim.StagingWritableCheck;
import io.khotam.run.recovery.OrphanedProofs;
import io.khotam.run.recovery.RunRecovery;
import io.khotam.run.recovery.RunTakeover;
import io.khotam.store.Durations;
import io.khotam.store.RunDeleter;
import io.khotam.store.RunRetention;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.pollconsumer.quartz.QuartzScheduledPollConsumerScheduler;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where kho-tam's beans are built and wired, from the {@code khotam.*} properties
 * (application.properties, overridden by the command line or a test), the way Camel's own
 * examples do it: each bean is a {@code @BindToRegistry} method named as the routes refer to it,
 * its settings {@code @PropertyInject}-ed. Beans that other beans share are built once here and
 * handed to them.
 */
public class KhotamConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(KhotamConfiguration.class);

    /** The routes inside the jar; {@code --routes DIR} or a test names a folder instead. */
    public static final String BUNDLED_ROUTES = "classpath:routes/*.camel.yaml";

    @PropertyInject("khotam.inbox")
    String inbox;

    @PropertyInject("khotam.staging")
    String staging;

    @PropertyInject("khotam.ruleset")
    String ruleset;

    @PropertyInject("khotam.registry.url")
    String registryUrl;

    @PropertyInject("khotam.registry.demo-dir")
    String demoRegistryDir;

    @PropertyInject("khotam.producer")
    String producer;

    @PropertyInject("khotam.producer.timeout")
    String producerTimeout;

    @PropertyInject("khotam.workspace.url")
    String workspaceUrl;

    @PropertyInject("khotam.workspace.dir")
    String workspaceDir;

    @PropertyInject("khotam.workspace.keep")
    boolean keepWorkspace;

    @PropertyInject("khotam.producer.max-workspace")
    String maxWorkspace;

    @PropertyInject("khotam.producer.sandbox")
    String sandbox;

    @PropertyInject("khotam.console.producer-dir")
    String producerDir;

    /** This node's name (--node-id); empty: host name and pid. */
    @PropertyInject("khotam.node-id")
    String nodeId;

    /** How long a run's lease lasts without renewal before another node may take the run over. */
    @PropertyInject("khotam.lease")
    String lease;

    /** Off only for `sample`, which starts the sample route alone and touches no run. */
    @PropertyInject(value = "khotam.recovery.enabled", defaultValue = "true")
    boolean recoveryEnabled;

    @PropertyInject("khotam.concurrent-runs")
    String concurrentRuns;

    @PropertyInject("khotam.proof.interval")
    String proofInterval;

    /** Whether this process sweeps the run directories into the catalogue (serve); a batch command records only its own runs. */
    @PropertyInject("khotam.catalogue.sweep")
    boolean catalogueSweep;

    @PropertyInject("khotam.catalogue.quick-sweep")
    String catalogueQuickSweep;

    @PropertyInject("khotam.catalogue.full-sweep")
    String catalogueFullSweep;

    private final Clock clock = Clock.systemUTC();
    private final ValidatorFactory validation = SharedValidatorFactory.withoutExpressionLanguage();
    private final ClaimFailures claimFailures = new ClaimFailures();
    private final RunsOfThisProcess runs = new RunsOfThisProcess();
    private final StampClock stamps = new StampClock(clock);
    private final ObjectMapper mapper = Json.DATA;
    private final Map<String, Object> built = new HashMap<>();

    /**
     * The bean of this name, built by {@code build} the first time anything asks for it (a route,
     * Camel's registry, or another bean), and the same one after that.
     */
    @SuppressWarnings("unchecked")
    private synchronized <T> T once(String name, Supplier<T> build) {
        Object bean = built.get(name);
        if (bean == null) {
            bean = build.get(); // not computeIfAbsent: a bean's build asks for the beans it uses
            built.put(name, bean);
        }
        return (T) bean;
    }

    /** A setting as {@code read} makes it; one it cannot read is a configuration error naming {@code key} (exit 3). */
    private static <T> T setting(String key, Supplier<T> read) {
        try {
            return read.get();
        } catch (BadSettingException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new BadSettingException(key, e);
        }
    }

    /** The environment with the secrets that come from files read in (Secrets); a bad one is a configuration error. */
    private Map<String, String> environment() {
        return once("environment", () -> setting("environment", Secrets::environment));
    }

    /** Camel Main settings shared by the command line and the tests, so both run one application. */
    public static void bootstrap(MainConfigurationProperties main, String routesIncludePattern) {
        main.withName("kho-tam")
                .withConfigurations(KhotamConfiguration.class)
                .withRoutesIncludePattern(BundledRoutes.listed(routesIncludePattern))
                .withJmxEnabled(false)
                // bodies are rows and paths, never streams: Camel's per-exchange stream-cache look-up is pure cost
                .withStreamCachingEnabled(false)
                .withShutdownTimeout(30);
    }

    @BindToRegistry("validatorFactory")
    public ValidatorFactory validation() {
        return validation;
    }

    @BindToRegistry
    public ClaimFailures claimFailures() {
        return claimFailures;
    }

    @BindToRegistry
    public ClaimFailuresCheck claimFailuresCheck() {
        return new ClaimFailuresCheck(claimFailures);
    }

    @BindToRegistry
    public RunsOfThisProcess runsOfThisProcess() {
        return runs;
    }

    @BindToRegistry
    public ProductionProof productionProof() {
        return once("productionProof", () -> new ProductionProof(RegistrySettings.of(registryUrl, Path.of(demoRegistryDir),
                environment())));
    }

    /**
     * The shared digests of the registry: at most one per khotam.proof.interval (serve); run --once
     * and rerun set it to 0, one digest before the batch and one after.
     */
    @BindToRegistry
    public RunProofs runProofs() {
        return once("runProofs", () -> {
            Duration every = setting("khotam.proof.interval", () -> proofInterval == null || proofInterval.isBlank()
                    || "0".equals(proofInterval.strip()) ? Duration.ZERO : Durations.parse(proofInterval.strip()));
            return new RunProofs(productionProof(), runReport(), runs, Path.of(staging), every, clock);
        });
    }

    /** serve's look for the proofs a stopped node left pending, closed by this node's next digest. */
    @BindToRegistry
    public OrphanedProofs orphanedProofs() {
        return new OrphanedProofs(() -> catalogueKeeper().store(), Path.of(staging), runProofs(), clock);
    }

    @BindToRegistry
    public RegistryReachableCheck registryReachableCheck() {
        return new RegistryReachableCheck(productionProof());
    }

    @BindToRegistry
    public RunLifecycle runLifecycle(CamelContext camel) {
        return once("runLifecycle", () -> new RunLifecycle(ruleSetLoader(), runs, runProofs(), runMetrics(camel), runReport(),
                Path.of(inbox), clock, producerSpec(), producerStep(), runLeases()));
    }

    private RunMetrics runMetrics(CamelContext camel) {
        // the registry Camel's Prometheus support scrapes when metrics are on; a private one otherwise
        return once("runMetrics", () -> new RunMetrics(() -> {
            MeterRegistry scraped = camel.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                    MeterRegistry.class);
            return scraped != null ? scraped : new SimpleMeterRegistry();
        }, runLeases().node()));
    }

    /**
     * This node's leases on its runs: in the workspace PostgreSQL when one is configured (several
     * nodes may share the home, docs/scale-out.md); with the embedded workspace, one host and
     * nothing to coordinate.
     */
    @BindToRegistry
    public RunLeases runLeases() {
        return once("runLeases", () -> {
            String node = setting("khotam.node-id", () -> NodeId.resolve(nodeId));
            Workspace workspace = sharedWorkspace();
            if (workspace.embedded()) {
                return RunLeases.singleHost(node);
            }
            Duration length = setting("khotam.lease", () -> {
                Duration parsed = Durations.parse(lease.strip());
                if (parsed.toMillis() < 1000) {
                    throw new IllegalArgumentException("a lease is at least 1s (" + lease.strip() + " is shorter)");
                }
                return parsed;
            });
            try {
                return new PostgresLeases(workspace.pool("leases", length.dividedBy(4)), workspace.database(),
                        HomeIdentity.of(Path.of(staging)), node, length);
            } catch (IOException | SQLException e) {
                throw new BadSettingException("khotam.workspace.url", new IllegalArgumentException(
                        "this node cannot keep leases: " + Problems.describe(e)));
            }
        });
    }

    @BindToRegistry
    public NodeLeaseCheck nodeLeaseCheck() {
        return new NodeLeaseCheck(runLeases());
    }

    /** Recovers interrupted runs: at start (a dead process's), and when this node takes over another's (RunTakeover). */
    @BindToRegistry
    public RunRecovery runRecovery() {
        return once("runRecovery", () -> new RunRecovery(Path.of(staging), Path.of(inbox), clock, sqlProducer(), runLeases(),
                runProofs()));
    }

    @BindToRegistry
    public RunTakeover runTakeover(CamelContext camel) {
        return new RunTakeover(runLeases(), runRecovery(), runMetrics(camel), clock);
    }

    @BindToRegistry
    public RowOutcomes rowOutcomes() {
        return new RowOutcomes(clock);
    }

    @BindToRegistry
    public RunRows runRows(@PropertyInject("khotam.progress.interval-seconds") long progressSeconds) {
        return new RunRows(clock, Duration.ofSeconds(progressSeconds), true);
    }

    /** A producer rerun over the same input and rule-set takes its reference from the run it reruns. */
    @BindToRegistry
    public ReferenceReuse referenceReuse() {
        return new ReferenceReuse(Path.of(staging), mapper, clock);
    }

    @BindToRegistry
    public InboxClaim inboxClaim() {
        return new InboxClaim(Path.of(staging), clock, claimFailures, runLeases(), runProofs());
    }

    @BindToRegistry
    public RerunClaim rerunClaim() {
        return new RerunClaim(Path.of(staging), clock, runLeases(), runProofs());
    }

    /**
     * The console's guard. Off loopback (khotam.console.require-token) every request also needs
     * KHOTAM_CONSOLE_TOKEN, read from the environment here and nowhere else, so it is in no
     * property and no log.
     */
    @BindToRegistry
    public ApiGuard apiGuard(@PropertyInject("khotam.console.require-token") boolean requireToken) {
        return once("apiGuard", () -> new ApiGuard(requireToken, environment().get(ApiGuard.TOKEN_VARIABLE)));
    }

    @BindToRegistry
    public ConsoleApi consoleApi(@PropertyInject("khotam.console.ruleset-dir") String ruleSetDir,
                                 @PropertyInject("khotam.console.producer-dir") String producerDir,
                                 @PropertyInject("khotam.console.catalogue-wait") String catalogueWait) {
        return once("consoleApi", () -> {
            Duration wait = setting("khotam.console.catalogue-wait", () -> Durations.parse(catalogueWait.strip()));
            return new ConsoleApi(Path.of(staging), Path.of(ruleSetDir), Path.of(producerDir), runs, runDeleter(),
                    catalogueKeeper(), new CatalogueAsks(() -> catalogueKeeper().store(), wait));
        });
    }

    /** What the console's answers send as headers (application.properties: the platform-http component's filter). */
    @BindToRegistry
    public ResponseHeaders consoleResponseHeaders() {
        return new ResponseHeaders();
    }

    @BindToRegistry
    public ConsolePages consolePages(@PropertyInject("khotam.home") String home,
                                     @PropertyInject("khotam.console.ruleset-dir") String ruleSetDir,
                                     @PropertyInject("khotam.console.producer-dir") String producerDir,
                                     @PropertyInject("khotam.console.catalogue-wait") String catalogueWait,
                                     @PropertyInject("khotam.console.require-token") boolean requireToken) {
        return new ConsolePages(Path.of(home), consoleApi(ruleSetDir, producerDir, catalogueWait), apiGuard(requireToken), runReport(),
                clock);
    }

    /** The threads the inbox's runs run on: khotam.concurrent-runs of them (empty: one per core). */
    @BindToRegistry
    public RunWorkers runWorkers(CamelContext camel) {
        return once("runWorkers", () -> {
            int threads = setting("khotam.concurrent-runs", () -> {
                int given = concurrentRuns == null || concurrentRuns.isBlank() ? Runtime.getRuntime().availableProcessors()
                        : Integer.parseInt(concurrentRuns.strip());
                if (given < 1) {
                    throw new IllegalArgumentException("at least 1 run at a time (" + given + " given)");
                }
                return given;
            });
            return new RunWorkers(threads, runLifecycle(camel)::failCutOff, claimFailures);
        });
    }

    @BindToRegistry
    public InboxPolls inboxPolls(CamelContext camel) {
        return once("inboxPolls", () -> new InboxPolls(Path.of(inbox), claimFailures, runLeases()));
    }

    /**
     * khotam.inbox.cron set: Quartz polls the inbox on that schedule; empty: every khotam.inbox.delay
     * ms (the schedule of run --once, which must learn when its one poll ended, however it ended).
     */
    @BindToRegistry
    public ScheduledPollConsumerScheduler inboxScheduler(@PropertyInject("khotam.inbox.cron") String cron,
                                                         @PropertyInject("khotam.inbox.initial-delay") long initialDelay,
                                                         @PropertyInject("khotam.inbox.delay") long delay, CamelContext camel) {
        if (cron == null || cron.isBlank()) {
            // Camel gives a consumer's initialDelay and delay only to a scheduler it makes itself: this one is told
            InboxScheduler scheduler = new InboxScheduler(inboxPolls(camel));
            scheduler.setInitialDelay(initialDelay);
            scheduler.setDelay(delay);
            return scheduler;
        }
        QuartzScheduledPollConsumerScheduler quartz = new QuartzScheduledPollConsumerScheduler();
        quartz.setCron(cron.strip());
        return quartz;
    }

    @BindToRegistry
    public StagingWritableCheck stagingWritableCheck() {
        return new StagingWritableCheck(Path.of(staging));
    }

    @BindToRegistry
    public RegistrySampler registrySampler() {
        return new RegistrySampler(ruleSetLoader(), Path.of(inbox), clock);
    }

    /** The read-only pool the proof reads, for camel-jdbc (the sample route); opened when first used. */
    @BindToRegistry(lazy = true)
    public DataSource registryDataSource() throws Exception {
        return productionProof().dataSource();
    }

    @BindToRegistry
    public RunRetention runRetention(@PropertyInject("khotam.retention") String retention) {
        return new RunRetention(runDeleter(), setting("khotam.retention",
                () -> retention == null || retention.isBlank() ? null : Durations.parse(retention.strip())));
    }

    @BindToRegistry
    public RowSource rowSource(CamelContext camel) {
        return new RowSource(setting("khotam.parser.*",
                () -> ParserLimits.from(key -> camel.getPropertiesComponent().resolveProperty(key).orElse(null))));
    }

    @BindToRegistry
    public StageInspector penInspector() {
        return new StageInspector(Stage.PEN, stamps);
    }

    @BindToRegistry
    public StageInspector stampInspector() {
        return new StageInspector(Stage.STAMP, stamps);
    }

    @BindToRegistry
    public StageInspector gateInspector() {
        return new StageInspector(Stage.GATE, stamps);
    }

    /** What --producer names (khotam.producer); a bad one is a configuration error naming the key. */
    public ProducerSpec producerSpec() {
        return setting("khotam.producer", () -> ProducerSpec.parse(producer));
    }

    /** The workspace PostgreSQL and the SQL producers that run in it; the embedded one starts only when first used. */
    @BindToRegistry
    public SqlProducer sqlProducer() {
        return once("sqlProducer", () -> new SqlProducer(setting("khotam.workspace.url", () -> new Workspace(workspaceUrl,
                environment().get("KHOTAM_WORKSPACE_USER"), environment().get("KHOTAM_WORKSPACE_PASSWORD"), Path.of(workspaceDir),
                workspaceBound())), keepWorkspace, mapper));
    }

    /**
     * The workspace database, which the leases and the run catalogue share with the SQL producers. A
     * SQL producer's is reached and hardened before either makes anything there, so that a workspace
     * refused as unsafe is left as it was found.
     */
    private Workspace sharedWorkspace() {
        return once("sharedWorkspace", () -> {
            Workspace workspace = sqlProducer().workspace();
            if (producerSpec().kind() == ProducerSpec.Kind.SQL) {
                try (Connection reached = workspace.admin()) {
                    LOG.info("workspace: {} ready for SQL producers", workspace.database());
                } catch (WorkspaceUnsafeException e) {
                    throw new BadSettingException("khotam.workspace.url", new IllegalArgumentException(e.getMessage()));
                } catch (SQLException e) {
                    throw new BadSettingException("khotam.workspace.url", new IllegalArgumentException(
                            "the workspace cannot be reached: " + Problems.describe(e)));
                }
            }
            return workspace;
        });
    }

    /**
     * Where exec producers run (khotam.producer.sandbox), found out when first needed: they see the
     * console's producers folder, and never kho-tam's staging, inbox, workspace or DEMO registry.
     */
    private ExecSandbox execSandbox() {
        return once("execSandbox", () -> {
            ExecSandbox found = ExecSandbox.resolve(sandbox, List.of(Path.of(producerDir)),
                    List.of(Path.of(staging), Path.of(inbox), Path.of(workspaceDir), Path.of(demoRegistryDir)));
            if (found.mode() == ExecSandbox.Mode.NONE) {
                LOG.warn("exec producers run WITHOUT a sandbox (khotam.producer.sandbox=none): as kho-tam's own user, "
                        + "seeing what it sees, with its network");
            }
            return found;
        });
    }

    /** Exec producers, each in its sandbox with a scratch folder of its own under staging/.scratch/. */
    private ExecProducer execProducer() {
        return once("execProducer", () -> new ExecProducer(mapper, this::execSandbox, workspaceBound(),
                Path.of(staging).resolve(".scratch")));
    }

    /** What a producer under test may write (khotam.producer.max-workspace). */
    private WorkspaceBound workspaceBound() {
        return setting("khotam.producer.max-workspace", () -> WorkspaceBound.parse(maxWorkspace));
    }

    @BindToRegistry
    public ProducerStep producerStep() {
        return once("producerStep", () -> new ProducerStep(execProducer(), sqlProducer(),
                setting("khotam.producer.timeout", () -> Durations.parse(producerTimeout.strip())), mapper, clock));
    }

    /** The services around the routes: they start before the first poll and stop after the last run. */
    @Override
    public void configure(CamelContext camel) throws Exception {
        camel.addService(productionProof(), true, false); // closes the registry pool on shutdown
        camel.addService(runProofs(), true, false); // takes the first shared digest of the registry while kho-tam starts
        camel.addService(catalogueKeeper(), true, false); // records every run this process starts and ends; serve sweeps too
        camel.addService(sqlProducer().workspace(), true, false); // stops the embedded workspace, if it was started
        camel.addService(execProducer(), true, false); // kills every exec producer still running when kho-tam stops
        if (producerSpec().kind() == ProducerSpec.Kind.EXEC) {
            LOG.info("exec producers run in sandbox {}", setting("khotam.producer.sandbox", () -> execSandbox().mode().label()));
        }
        sharedWorkspace(); // a SQL producer's is reached now: one that cannot be is said before the first run, not in it
        if (runLeases() instanceof PostgresLeases shared) {
            // before recovery and the first claim (both need it); stopped after the last run has ended
            camel.addService(shared, true, false);
            // a run this node loses is another's now: its exec producer's processes stop writing into it at once
            shared.onLost(execProducer()::stop);
        }
        // a service starts before the routes: interrupted runs are recovered before the first poll
        if (recoveryEnabled) {
            camel.addService(runRecovery(), true, false);
        }
        // both stop after the routes' graceful shutdown: what is still in flight then is marked INTERRUPTED
        camel.addService(runWorkers(camel), true, false);
        camel.addService(new RunShutdown(runs, runLifecycle(camel), runProofs(), () -> Duration.ofMillis(
                camel.getShutdownStrategy().getTimeUnit().toMillis(camel.getShutdownStrategy().getTimeout()))), true, false);
    }

    /** The active rule-set (khotam.ruleset, else the bundled demo), read afresh by each run. */
    @BindToRegistry
    public RuleSetLoader ruleSetLoader() {
        return once("ruleSetLoader", () -> new RuleSetLoader(validation.getValidator(),
                ruleset == null || ruleset.isBlank() ? null : Path.of(ruleset.strip())));
    }

    /** The run's page, written at every run's end and served by the console. */
    @BindToRegistry
    public RunReport runReport() {
        return once("runReport", () -> new RunReport(clock));
    }

    /**
     * The run catalogue (docs/architecture.md "The run catalogue"): a SQLite file beside the runs on
     * one host, the workspace PostgreSQL when nodes share the home (the same database as the leases).
     */
    @BindToRegistry
    public CatalogueKeeper catalogueKeeper() {
        return once("catalogueKeeper", () -> {
            Duration quick = setting("khotam.catalogue.quick-sweep", () -> Durations.parse(catalogueQuickSweep.strip()));
            Duration full = setting("khotam.catalogue.full-sweep", () -> Durations.parse(catalogueFullSweep.strip()));
            Workspace workspace = sharedWorkspace();
            CatalogueStore store;
            try {
                if (workspace.embedded()) {
                    store = Catalogues.sqlite(Path.of(staging));
                } else {
                    HikariDataSource pool = workspace.pool("catalogue", Duration.ofSeconds(30));
                    store = Catalogues.postgres(pool, pool, Path.of(staging));
                }
            } catch (IOException | SQLException e) {
                throw new BadSettingException(workspace.embedded() ? "khotam.staging" : "khotam.workspace.url",
                        new IllegalArgumentException("the run catalogue cannot be opened: " + Problems.describe(e)));
            }
            CatalogueKeeper keeper = new CatalogueKeeper(store, Path.of(staging), mapper, catalogueSweep ? quick : null, full);
            runs.onChanged(keeper::changed);
            runDeleter().onDeleted(keeper::gone);
            return keeper;
        });
    }

    /** Delete-fast, for the console and retention. */
    @BindToRegistry
    public RunDeleter runDeleter() {
        return once("runDeleter", () -> new RunDeleter(Path.of(staging), clock, productionProof(), sqlProducer()));
    }
}
