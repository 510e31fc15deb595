package io.khotam;

import io.khotam.inspection.RuleSetLoader;
import io.khotam.inspection.StageInspector;
import io.khotam.inspection.StampClock;
import io.khotam.intake.ParserLimits;
import io.khotam.intake.RowSource;
import io.khotam.run.ClaimFailures;
import io.khotam.run.ClaimFailuresCheck;
import io.khotam.run.InboxClaim;
import io.khotam.run.RunShutdown;
import io.khotam.run.InboxPolls;
import io.khotam.run.RunsOfThisProcess;
import io.khotam.run.RunLifecycle;
import io.khotam.registry.ProductionProof;
import io.khotam.registry.RegistrySettings;
import io.khotam.registry.RegistrySampler;
import io.khotam.run.RowOutcomes;
import io.khotam.run.RunRows;
import io.khotam.run.RunMetrics;
import io.khotam.run.StagingWritableCheck;
import io.khotam.registry.RegistryReachableCheck;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.component.micrometer.MicrometerConstants;
import io.khotam.run.RunRecovery;
import io.khotam.run.RunDeleter;
import io.khotam.run.RunRetention;
import io.khotam.run.Durations;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.pollconsumer.quartz.QuartzScheduledPollConsumerScheduler;
import org.apache.camel.support.DefaultScheduledPollConsumerScheduler;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * The one place where kho-tam's beans are built and wired, from the {@code khotam.*} properties
 * (application.properties, overridden by the command line or a test). Routes refer to the beans
 * by the names bound here.
 */
public class KhotamConfiguration implements CamelConfiguration {

    /** The routes inside the jar; {@code --routes DIR} or a test names a folder instead. */
    public static final String BUNDLED_ROUTES = "classpath:routes/*.camel.yaml";

    /** Camel Main settings shared by the command line and the tests, so both run one application. */
    public static void bootstrap(MainConfigurationProperties main, String routesIncludePattern) {
        main.withName("kho-tam")
                .withConfigurations(KhotamConfiguration.class)
                .withRoutesIncludePattern(routesIncludePattern)
                .withJmxEnabled(false)
                .withShutdownTimeout(30);
    }

    @Override
    public void configure(CamelContext camel) {
        PropertiesComponent properties = camel.getPropertiesComponent();
        Registry registry = camel.getRegistry();
        Clock clock = Clock.systemUTC();

        ValidatorFactory validation = validatorFactory();
        registry.bind("validatorFactory", validation);

        String ruleset = properties.resolveProperty("khotam.ruleset").orElse("").strip();
        RuleSetLoader ruleSets = new RuleSetLoader(validation.getValidator(), ruleset.isEmpty() ? null : Path.of(ruleset));
        RunsOfThisProcess runs = new RunsOfThisProcess();
        registry.bind("runsOfThisProcess", runs);
        RegistrySettings registrySettings = RegistrySettings.of(required(properties, "khotam.registry.url"),
                Path.of(required(properties, "khotam.registry.demo-dir")), System.getenv());
        ProductionProof proof = new ProductionProof(registrySettings);
        registry.bind("productionProof", proof);
        // the registry Camel's Prometheus support scrapes when metrics are on; a private one otherwise
        RunMetrics metrics = new RunMetrics(() -> {
            MeterRegistry scraped = camel.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                    MeterRegistry.class);
            return scraped != null ? scraped : new SimpleMeterRegistry();
        });
        Path staging = Path.of(required(properties, "khotam.staging"));
        Path inbox = Path.of(required(properties, "khotam.inbox"));
        ClaimFailures claimFailures = new ClaimFailures();
        registry.bind("claimFailures", claimFailures);
        registry.bind("claimFailuresCheck", new ClaimFailuresCheck(claimFailures));
        RunLifecycle lifecycle = new RunLifecycle(ruleSets, runs, proof, metrics, claimFailures, inbox, clock);
        registry.bind("runLifecycle", lifecycle);
        registry.bind("registryReachableCheck", new RegistryReachableCheck(proof));
        registry.bind("rowOutcomes", new RowOutcomes(clock));
        registry.bind("runRows", new RunRows(clock,
                java.time.Duration.ofSeconds(Long.parseLong(required(properties, "khotam.progress.interval-seconds")))));
        registry.bind("inboxClaim", new InboxClaim(staging, clock, claimFailures));
        registry.bind("stagingWritableCheck", new StagingWritableCheck(staging));
        registry.bind("registrySampler", new RegistrySampler(registrySettings, ruleSets, inbox, clock));
        try {
            camel.addService(proof, true, false); // closes the registry pool on shutdown
            // a service starts before the routes: interrupted runs are recovered before the first poll
            camel.addService(new RunRecovery(staging, inbox, clock), true, false);
            // stops after the routes' graceful shutdown: what is still in flight then is marked INTERRUPTED
            camel.addService(new RunShutdown(runs, lifecycle, () -> java.time.Duration.ofMillis(
                    camel.getShutdownStrategy().getTimeUnit().toMillis(camel.getShutdownStrategy().getTimeout()))), true, false);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register run recovery", e);
        }
        registry.bind("inboxPolls", new InboxPolls(inbox, claimFailures));
        String cron = properties.resolveProperty("khotam.inbox.cron").orElse("").strip();
        registry.bind("inboxScheduler", cron.isEmpty() ? new DefaultScheduledPollConsumerScheduler() : quartz(cron));
        String retention = properties.resolveProperty("khotam.retention").orElse("").strip();
        registry.bind("runRetention", new RunRetention(new RunDeleter(staging, clock, proof),
                retention.isEmpty() ? null : Durations.parse(retention)));
        registry.bind("rowSource", new RowSource(new ParserLimits(
                Long.parseLong(required(properties, "khotam.parser.max-file-bytes")),
                Integer.parseInt(required(properties, "khotam.parser.max-nesting-depth")),
                Integer.parseInt(required(properties, "khotam.parser.max-string-length")),
                Integer.parseInt(required(properties, "khotam.parser.max-number-length")),
                Integer.parseInt(required(properties, "khotam.parser.max-name-length")),
                Integer.parseInt(required(properties, "khotam.parser.max-line-bytes")))));

        StampClock stamps = new StampClock(clock);
        registry.bind("penInspector", new StageInspector(Stage.PEN, stamps));
        registry.bind("stampInspector", new StageInspector(Stage.STAMP, stamps));
        registry.bind("gateInspector", new StageInspector(Stage.GATE, stamps));
    }

    /** Bean Validation without EL: check messages never interpolate row data, and an EL engine on hostile input is a liability. */
    public static ValidatorFactory validatorFactory() {
        return Validation.byProvider(HibernateValidator.class).configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
    }

    private static QuartzScheduledPollConsumerScheduler quartz(String cron) {
        QuartzScheduledPollConsumerScheduler scheduler = new QuartzScheduledPollConsumerScheduler();
        scheduler.setCron(cron);
        return scheduler;
    }

    private static String required(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key)
                .orElseThrow(() -> new IllegalStateException("the property " + key + " is not set"));
    }
}
