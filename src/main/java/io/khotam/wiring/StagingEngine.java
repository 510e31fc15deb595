package io.khotam.wiring;

import io.khotam.run.RunProofs;
import io.khotam.run.RunsOfThisProcess;
import io.khotam.run.claim.BatchEnd;
import io.khotam.run.claim.ClaimFailures;
import io.khotam.run.claim.InboxPolls;
import io.khotam.run.claim.RunWorkers;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Starts the Camel application (routes from routes/*.camel.yaml, beans from KhotamConfiguration).
 * SIGTERM and SIGINT stop it gracefully from the main thread rather than from a JVM shutdown hook,
 * so the log keeps working to the last line and a clean stop can exit 0.
 */
public final class StagingEngine {

    private static final Logger LOG = LoggerFactory.getLogger(StagingEngine.class);

    /** What a command sees of the application once it has started, and after it has stopped. */
    public record Outcome(RunsOfThisProcess runs, ClaimFailures claimFailures) {}

    private final Map<String, String> overrides;
    private final String routesIncludePattern;

    public StagingEngine(Map<String, String> overrides, String routesIncludePattern) {
        this.overrides = overrides;
        this.routesIncludePattern = routesIncludePattern;
    }

    /**
     * Watches the inbox until the process is stopped.
     *
     * @param onStart given the started context, once (for the start banner)
     */
    public Outcome serve(BiConsumer<CamelContext, Outcome> onStart) throws Exception {
        Main main = newMain(Map.of());
        return run(main, (camel, outcome) -> onStart.accept(camel, outcome));
    }

    /**
     * One poll of the inbox: every file there now becomes a run; returns when all of them have ended.
     *
     * @param onStart given this process's runs as soon as Camel has started (for a progress display)
     */
    public Outcome runOnce(Consumer<RunsOfThisProcess> onStart) throws Exception {
        // one poll now: under `run --once` the OS cron or CronJob is the schedule, not khotam.inbox.cron
        Main main = newMain(Map.of("khotam.inbox.repeat-count", "1", "khotam.inbox.initial-delay", "0", "khotam.inbox.cron", "",
                "khotam.proof.interval", "0", "khotam.catalogue.sweep", "false"));
        return run(main, (camel, outcome) -> {
            onStart.accept(outcome.runs());
            RunWorkers workers = camel.getRegistry().lookupByNameAndType("runWorkers", RunWorkers.class);
            InboxPolls polls = camel.getRegistry().lookupByNameAndType("inboxPolls", InboxPolls.class);
            RunProofs proofs = camel.getRegistry().lookupByNameAndType("runProofs", RunProofs.class);
            // the poll hands every file to a run worker; when the last run has ended, one digest closes them all
            BatchEnd.watch(() -> polls.polled() && workers.idle(), proofs::close, main::completed);
        });
    }

    /**
     * One rerun of a finished run's input, through the rerun and run routes (routes/run.camel.yaml),
     * under the active rule-set: the inbox is not watched and no run is recovered, so a `serve` on
     * the same home goes on undisturbed.
     *
     * @throws IllegalArgumentException when the run cannot be rerun (unknown, RUNNING, input gone)
     */
    public Outcome rerunOnce(String runId, Consumer<RunsOfThisProcess> onStart) throws Exception {
        Main main = newMain(Map.of("khotam.inbox.auto-startup", "false", "khotam.recovery.enabled", "false",
                "khotam.proof.interval", "0", "khotam.catalogue.sweep", "false"));
        AtomicReference<Exception> failure = new AtomicReference<>();
        Outcome outcome = run(main, (camel, started) -> {
            onStart.accept(started.runs());
            try {
                camel.createFluentProducerTemplate().to("direct:rerun").withHeader("rerunOf", runId).request();
                camel.getRegistry().lookupByNameAndType("runProofs", RunProofs.class).close();
            } catch (CamelExecutionException e) {
                failure.set(innermost(e));
            } finally {
                main.completed();
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        return outcome;
    }

    /**
     * One sample of the registry through the sample route (routes/sampler.camel.yaml) alone: no
     * inbox is polled, no run is recovered.
     *
     * @return the sample's file in the inbox, or null when no row qualified
     */
    public Path sampleOnce(int limit, String collection) throws Exception {
        Main main = newMain(routesIncludePattern.replace("*.camel.yaml", "sampler.camel.yaml"),
                Map.of("khotam.recovery.enabled", "false", "khotam.catalogue.sweep", "false"));
        AtomicReference<Path> sample = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                try {
                    sample.set(started.getCamelContext().createFluentProducerTemplate().to("direct:sample")
                            .withHeader("limit", limit).withHeader("collection", collection).request(Path.class));
                } catch (CamelExecutionException e) {
                    failure.set(innermost(e));
                } finally {
                    main.completed();
                }
            }
        });
        main.run();
        if (failure.get() != null) {
            throw failure.get();
        }
        return sample.get();
    }

    /** The failure under Camel's wrappers, which is what the user needs to read. */
    private static Exception innermost(Exception wrapped) {
        Throwable cause = wrapped;
        while (cause.getCause() != null && cause.getCause() != cause && cause.getCause() instanceof Exception) {
            cause = cause.getCause();
        }
        return (Exception) cause;
    }

    private Outcome run(Main main, BiConsumer<CamelContext, Outcome> onStart) throws Exception {
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                CamelContext camel = started.getCamelContext();
                var registry = camel.getRegistry();
                outcome.set(new Outcome(registry.lookupByNameAndType("runsOfThisProcess", RunsOfThisProcess.class),
                        registry.lookupByNameAndType("claimFailures", ClaimFailures.class)));
                onStart.accept(camel, outcome.get());
            }
        });
        Map<Signal, sun.misc.SignalHandler> previous = stopOnSignals(main);
        try {
            main.run();
        } finally {
            previous.forEach(Signal::handle); // an in-process caller (a test) gets its JVM's handlers back
        }
        if (outcome.get() == null) {
            throw new ConfigurationException("kho-tam did not start; see the log above");
        }
        return outcome.get();
    }

    /** @return the handlers replaced, to put back */
    private static Map<Signal, sun.misc.SignalHandler> stopOnSignals(Main main) {
        Map<Signal, sun.misc.SignalHandler> previous = new HashMap<>();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal signal = new Signal(name);
            previous.put(signal, Signal.handle(signal, received -> {
                LOG.info("SIG{} received: stopping; runs in flight may finish within camel.main.shutdown-timeout, "
                        + "then they are marked INTERRUPTED", name);
                main.completed();
            }));
        }
        return previous;
    }

    private Main newMain(Map<String, String> modeOverrides) {
        return newMain(routesIncludePattern, modeOverrides);
    }

    private Main newMain(String routes, Map<String, String> modeOverrides) {
        Main main = new Main();
        KhotamConfiguration.bootstrap(main.configure(), routes);
        main.setDefaultPropertyPlaceholderLocation("classpath:application.properties");
        overrides.forEach(main::addOverrideProperty);
        modeOverrides.forEach(main::addOverrideProperty);
        return main;
    }
}
