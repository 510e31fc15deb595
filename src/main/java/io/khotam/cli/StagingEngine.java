package io.khotam.cli;

import io.khotam.KhotamConfiguration;
import io.khotam.run.InboxPolls;
import io.khotam.run.RunJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/** Starts the Camel application (routes from routes/*.camel.yaml, beans from KhotamConfiguration). */
final class StagingEngine {

    private final Path home;
    private final Map<String, String> overrides;
    private final String routesIncludePattern;

    StagingEngine(Path home, Map<String, String> overrides, String routesIncludePattern) {
        this.home = home;
        this.overrides = overrides;
        this.routesIncludePattern = routesIncludePattern;
    }

    /** Watches the inbox until the process is stopped (SIGTERM / Ctrl-C shut Camel down gracefully). */
    void serve() throws Exception {
        prepareHome();
        newMain(Map.of()).run();
    }

    /**
     * One poll of the inbox: every file there now becomes a run; returns when all of them have ended.
     *
     * @param onStart given the journal of the runs as soon as Camel has started (for a progress display)
     */
    RunJournal runOnce(java.util.function.Consumer<RunJournal> onStart) throws Exception {
        prepareHome();
        // one poll now: under `run --once` the OS cron or CronJob is the schedule, not khotam.inbox.cron
        Main main = newMain(Map.of("khotam.inbox.repeat-count", "1", "khotam.inbox.initial-delay", "0", "khotam.inbox.cron", ""));
        AtomicReference<RunJournal> journal = new AtomicReference<>();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                var registry = started.getCamelContext().getRegistry();
                journal.set(registry.lookupByNameAndType("runJournal", RunJournal.class));
                onStart.accept(journal.get());
                registry.lookupByNameAndType("inboxPolls", InboxPolls.class).afterFirstPoll(main::completed);
            }
        });
        main.run();
        if (journal.get() == null) {
            throw new ConfigurationException("kho-tam did not start; see the log above");
        }
        return journal.get();
    }

    private Main newMain(Map<String, String> modeOverrides) {
        Main main = new Main();
        KhotamConfiguration.bootstrap(main.configure(), routesIncludePattern);
        main.setDefaultPropertyPlaceholderLocation("classpath:application.properties");
        overrides.forEach(main::addOverrideProperty);
        modeOverrides.forEach(main::addOverrideProperty);
        return main;
    }

    private void prepareHome() {
        for (String folder : List.of("inbox", "staging")) {
            Path dir = home.resolve(folder);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new ConfigurationException("cannot create " + dir + ": " + e.getMessage());
            }
            if (!Files.isWritable(dir)) {
                throw new ConfigurationException(dir + " is not writable");
            }
        }
    }
}
