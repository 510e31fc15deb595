package io.khotam.cli;

import io.khotam.run.RunsOfThisProcess;
import io.khotam.wiring.StagingEngine;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import picocli.CommandLine.Mixin;

/** What the commands that start the application (serve, run) share: its options, and the checked engine. */
abstract class EngineCommand extends Subcommand {

    @Mixin
    RulesetOption ruleset;

    @Mixin
    RegistryOptions registry;

    @Mixin
    ServerOptions server;

    @Mixin
    ProducerOptions producer;

    /** The application, its options given before or after the command, after the start-up checks. */
    StagingEngine engine() {
        cli().rulesetOption.adopt(ruleset);
        cli().registryOptions.adopt(registry);
        cli().serverOptions.adopt(server);
        cli().producerOptions.adopt(producer);
        return cli().engine();
    }

    /** What starts runs and waits for them: given a callback for the runs as soon as Camel has started. */
    @FunctionalInterface
    interface Runs {
        StagingEngine.Outcome start(Consumer<RunsOfThisProcess> onStart) throws Exception;
    }

    /** Runs with a progress bar on stderr when a person is watching (a terminal, and not --no-progress). */
    static StagingEngine.Outcome withProgress(boolean noProgress, Runs runs) throws Exception {
        boolean terminal = System.console() != null && !noProgress;
        ProgressDisplay[] display = new ProgressDisplay[1];
        try {
            return runs.start(started -> {
                if (terminal) {
                    display[0] = new ProgressDisplay(started, new ConsoleProgressBarConsumer(System.err));
                }
            });
        } finally {
            if (display[0] != null) {
                display[0].close();
            }
        }
    }
}
