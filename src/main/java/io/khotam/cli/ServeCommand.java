package io.khotam.cli;

import picocli.CommandLine.Command;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Watch <home>/inbox until stopped (SIGTERM or Ctrl-C); each dropped file becomes one run.")
class ServeCommand extends Subcommand {

    @Override
    public Integer call() throws Exception {
        cli.engine().serve();
        return ExitCode.OK;
    }
}
