package io.khotam.cli;

import picocli.CommandLine.Mixin;

/** What the commands that start the application (serve, run) share: its options, and the checked engine. */
abstract class EngineCommand extends Subcommand {

    @Mixin
    RulesetOption ruleset;

    @Mixin
    RegistryOptions registry;

    @Mixin
    ServerOptions server;

    /** The application, its options given before or after the command, after the start-up checks. */
    StagingEngine engine() {
        cli().rulesetOption.adopt(ruleset);
        cli().registryOptions.adopt(registry);
        cli().serverOptions.adopt(server);
        return cli().engine();
    }
}
