package io.khotam.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Watch <home>/inbox until stopped (SIGTERM or Ctrl-C); each dropped file becomes one run.")
class ServeCommand implements Callable<Integer> {

    @ParentCommand
    KhotamCli cli;

    @Override
    public Integer call() throws Exception {
        cli.engine().serve();
        return ExitCode.OK;
    }
}
