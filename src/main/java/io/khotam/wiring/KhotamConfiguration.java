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
import java.util.List;
import java.util.Map;
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
    private ProductionProof proof;
    private RunLifecycle lifecycle;
    private RuleSetLoader ruleSetLoader;
    private RunReport report;
    private RunDeleter deleter;
    private InboxPolls polls;
    private RunWorkers workers;
    private RunProofs proofs;
    private ApiGuard guard;
    private ConsoleApi consoleApi;
    private SqlProducer sqlProducer;
    private ProducerStep producerStep;
    private RunLeases leases;
    private RunRecovery recovery;
    private RunMetrics metrics;
    private final ObjectMapper mapper = Json.DATA;
    private Map<String, String> environment;
    private ExecSandbox execSandbox;
    private ExecProducer execProducer;
    private CatalogueKeeper catalogueKeeper;

    /** The environment with the secrets that come from files read in (Secrets); a bad one is a configuration error. */
    private synchronized Map<String, String> environment() {
        if (environment == null) {
            try {
                environment = Secrets.environment();
            } catch (IllegalArgumentException e) {
                throw new BadSettingException("environment", e);
            }
        }
        return environment;
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
    public synchronized ProductionProof productionProof() {
        if (proof == null) {
            proof = new ProductionProof(RegistrySettings.of(registryUrl, Path.of(demoRegistryDir), environment()));
        }
        return proof;
    }

    /**
     * The shared digests of the registry: at most one per khotam.proof.interval (serve); run --once
     * and rerun set it to 0, one digest before the batch and one after.
     */
    @BindToRegistry
    public synchronized RunProofs runProofs() {
        if (proofs == null) {
            Duration every;
            try {
                every = proofInterval == null || proofInterval.isBlank() || "0".equals(proofInterval.strip()) ? Duration.ZERO
                        : Durations.parse(proofInterval.strip());
            } catch (IllegalArgumentException e) {
                throw new BadSettingException("khotam.proof.interval", e);
            }
            proofs = new RunProofs(productionProof(), runReport(), runs, Path.of(staging), every, clock);
        }
        return proofs;
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
    public synchronized RunLifecycle runLifecycle(CamelContext camel) {
        if (lifecycle == null) {
            lifecycle = new RunLifecycle(ruleSetLoader(), runs, runProofs(), runMetrics(camel), runReport(), Path.of(inbox), clock);
            lifecycle.withProducer(producerSpec(), producerStep()).withLeases(runLeases());
        }
        return lifecycle;
    }

    private synchronized RunMetrics runMetrics(CamelContext camel) {
        if (metrics == null) {
            // the registry Camel's Prometheus support scrapes when metrics are on; a private one otherwise
            metrics = new RunMetrics(() -> {
                MeterRegistry scraped = camel.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                        MeterRegistry.class);
                return scraped != null ? scraped : new SimpleMeterRegistry();
            }, runLeases().node());
        }
        return metrics;
    }

    /**
     * This node's leases on its runs: in the workspace PostgreSQL when one is configured (several
     * nodes may share the home, docs/scale-out.md); with the embedded workspace, one host and
     * nothing to coordinate.
     */
    @BindToRegistry
    public synchronized RunLeases runLeases() {
        if (leases == null) {
            String node;
            try {
                node = NodeId.resolve(nodeId);
            } catch (IllegalArgumentException e) {
                throw new BadSettingException("khotam.node-id", e);
            }
            Workspace workspace = sqlProducer().workspace();
            if (workspace.embedded()) {
                leases = RunLeases.singleHost(node);
            } else {
                Duration length;
                try {
                    length = Durations.parse(lease.strip());
                    if (length.toMillis() < 1000) {
                        throw new IllegalArgumentException("a lease is at least 1s (" + lease.strip() + " is shorter)");
                    }
                } catch (IllegalArgumentException e) {
                    throw new BadSettingException("khotam.lease", e);
                }
                try {
                    leases = new PostgresLeases(workspace.pool("leases", length.dividedBy(4)), workspace.database(),
                            HomeIdentity.of(Path.of(staging)), node, length);
                } catch (IOException | SQLException e) {
                    throw new BadSettingException("khotam.workspace.url", new IllegalArgumentException(
                            "this node cannot keep leases: " + Problems.describe(e)));
                }
            }
        }
        return leases;
    }

    @BindToRegistry
    public NodeLeaseCheck nodeLeaseCheck() {
        return new NodeLeaseCheck(runLeases());
    }

    /** Recovers interrupted runs: at start (a dead process's), and when this node takes over another's (RunTakeover). */
    @BindToRegistry
    public synchronized RunRecovery runRecovery() {
        if (recovery == null) {
            recovery = new RunRecovery(Path.of(staging), Path.of(inbox), clock, sqlProducer(), runLeases(), runProofs());
        }
        return recovery;
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
    public synchronized ApiGuard apiGuard(@PropertyInject("khotam.console.require-token") boolean requireToken) {
        if (guard == null) {
            guard = new ApiGuard(requireToken, environment().get(ApiGuard.TOKEN_VARIABLE));
        }
        return guard;
    }

    @BindToRegistry
    public synchronized ConsoleApi consoleApi(@PropertyInject("khotam.console.ruleset-dir") String ruleSetDir,
                                              @PropertyInject("khotam.console.producer-dir") String producerDir,
                                              @PropertyInject("khotam.console.catalogue-wait") String catalogueWait) {
        if (consoleApi == null) {
            Duration wait;
            try {
                wait = Durations.parse(catalogueWait.strip());
            } catch (IllegalArgumentException e) {
                throw new BadSettingException("khotam.console.catalogue-wait", e);
            }
            consoleApi = new ConsoleApi(Path.of(staging), Path.of(ruleSetDir), Path.of(producerDir), runs, runDeleter(),
                    catalogueKeeper(), new CatalogueAsks(() -> catalogueKeeper().store(), wait));
        }
        return consoleApi;
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
    public synchronized RunWorkers runWorkers(CamelContext camel) {
        if (workers == null) {
            int threads;
            try {
                threads = concurrentRuns == null || concurrentRuns.isBlank() ? Runtime.getRuntime().availableProcessors()
                        : Integer.parseInt(concurrentRuns.strip());
                if (threads < 1) {
                    throw new IllegalArgumentException("at least 1 run at a time (" + threads + " given)");
                }
            } catch (IllegalArgumentException e) {
                throw new BadSettingException("khotam.concurrent-runs", e);
            }
            workers = new RunWorkers(threads, runLifecycle(camel), claimFailures);
        }
        return workers;
    }

    @BindToRegistry
    public synchronized InboxPolls inboxPolls(CamelContext camel) {
        if (polls == null) {
            polls = new InboxPolls(Path.of(inbox), claimFailures, runLeases());
        }
        return polls;
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
        try {
            return new RunRetention(runDeleter(),
                    retention == null || retention.isBlank() ? null : Durations.parse(retention.strip()));
        } catch (IllegalArgumentException e) {
            throw new BadSettingException("khotam.retention", e);
        }
    }

    @BindToRegistry
    public RowSource rowSource(CamelContext camel) {
        try {
            return new RowSource(ParserLimits.from(key -> camel.getPropertiesComponent().resolveProperty(key).orElse(null)));
        } catch (IllegalArgumentException e) {
            throw new BadSettingException("khotam.parser.*", e);
        }
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
        try {
            return ProducerSpec.parse(producer);
        } catch (IllegalArgumentException e) {
            throw new BadSettingException("khotam.producer", e);
        }
    }

    /** The workspace PostgreSQL and the SQL producers that run in it; the embedded one starts only when first used. */
    @BindToRegistry
    public synchronized SqlProducer sqlProducer() {
        if (sqlProducer == null) {
            Workspace workspace;
            try {
                workspace = new Workspace(workspaceUrl, environment().get("KHOTAM_WORKSPACE_USER"),
                        environment().get("KHOTAM_WORKSPACE_PASSWORD"), Path.of(workspaceDir), workspaceBound());
            } catch (IllegalArgumentException e) {
                throw new BadSettingException("khotam.workspace.url", e);
            }
            sqlProducer = new SqlProducer(workspace, keepWorkspace, mapper);
        }
        return sqlProducer;
    }

    /**
     * Where exec producers run (khotam.producer.sandbox), found out when first needed: they see the
     * console's producers folder, and never kho-tam's staging, inbox, workspace or DEMO registry.
     */
    private synchronized ExecSandbox execSandbox() {
        if (execSandbox == null) {
            execSandbox = ExecSandbox.resolve(sandbox, List.of(Path.of(producerDir)),
                    List.of(Path.of(staging), Path.of(inbox), Path.of(workspaceDir), Path.of(demoRegistryDir)));
            if (execSandbox.mode() == ExecSandbox.Mode.NONE) {
                LOG.warn("exec producers run WITHOUT a sandbox (khotam.producer.sandbox=none): as kho-tam's own user, "
                        + "seeing what it sees, with its network");
            }
        }
        return execSandbox;
    }

    /** Exec producers, each in its sandbox with a scratch folder of its own under staging/.scratch/. */
    private synchronized ExecProducer execProducer() {
        if (execProducer == null) {
            execProducer = new ExecProducer(mapper, this::execSandbox, workspaceBound(), Path.of(staging).resolve(".scratch"));
        }
        return execProducer;
    }

    /** What a producer under test may write (khotam.producer.max-workspace). */
    private WorkspaceBound workspaceBound() {
        try {
            return WorkspaceBound.parse(maxWorkspace);
        } catch (IllegalArgumentException e) {
            throw new BadSettingException("khotam.producer.max-workspace", e);
        }
    }

    @BindToRegistry
    public synchronized ProducerStep producerStep() {
        if (producerStep == null) {
            Duration timeout;
            try {
                timeout = Durations.parse(producerTimeout.strip());
            } catch (IllegalArgumentException e) {
                throw new BadSettingException("khotam.producer.timeout", e);
            }
            producerStep = new ProducerStep(execProducer(), sqlProducer(), timeout, mapper, clock);
        }
        return producerStep;
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
            try {
                LOG.info("exec producers run in sandbox {}", execSandbox().mode().label());
            } catch (IllegalArgumentException e) {
                throw new BadSettingException("khotam.producer.sandbox", e);
            }
        }
        if (producerSpec().kind() == ProducerSpec.Kind.SQL) {
            // a SQL producer's workspace is reached now: one that cannot be is said before the first run, not in it
            try (Connection reached = sqlProducer().workspace().admin()) {
                LOG.info("workspace: {} ready for SQL producers", sqlProducer().workspace().database());
            } catch (WorkspaceUnsafeException e) {
                throw new BadSettingException("khotam.workspace.url", new IllegalArgumentException(e.getMessage()));
            } catch (SQLException e) {
                throw new BadSettingException("khotam.workspace.url", new IllegalArgumentException(
                        "the workspace cannot be reached: " + Problems.describe(e)));
            }
        }
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
    public synchronized RuleSetLoader ruleSetLoader() {
        if (ruleSetLoader == null) {
            ruleSetLoader = new RuleSetLoader(validation.getValidator(), ruleset == null || ruleset.isBlank() ? null : Path.of(ruleset.strip()));
        }
        return ruleSetLoader;
    }

    /** The run's page, written at every run's end and served by the console. */
    @BindToRegistry
    public synchronized RunReport runReport() {
        if (report == null) {
            report = new RunReport(clock);
        }
        return report;
    }

    /**
     * The run catalogue (docs/architecture.md "The run catalogue"): a SQLite file beside the runs on
     * one host, the workspace PostgreSQL when nodes share the home (the same database as the leases).
     */
    @BindToRegistry
    public synchronized CatalogueKeeper catalogueKeeper() {
        if (catalogueKeeper == null) {
            Duration quick;
            Duration full;
            try {
                quick = Durations.parse(catalogueQuickSweep.strip());
                full = Durations.parse(catalogueFullSweep.strip());
            } catch (IllegalArgumentException e) {
                throw new BadSettingException("khotam.catalogue.quick-sweep / full-sweep", e);
            }
            Workspace workspace = sqlProducer().workspace();
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
            catalogueKeeper = new CatalogueKeeper(store, Path.of(staging), mapper, catalogueSweep ? quick : null, full);
            runs.onChanged(catalogueKeeper::changed);
            runDeleter().onDeleted(catalogueKeeper::gone);
        }
        return catalogueKeeper;
    }

    /** Delete-fast, for the console and retention. */
    @BindToRegistry
    public synchronized RunDeleter runDeleter() {
        if (deleter == null) {
            deleter = new RunDeleter(Path.of(staging), clock, productionProof(), sqlProducer());
        }
        return deleter;
    }
}
