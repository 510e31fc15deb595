package io.khotam.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every kho-tam command shares: the global options and the writers it reports to. */
abstract class Subcommand implements Callable<Integer> {


    @Spec
    CommandSpec spec;

    /** The top command, holding the global options (a command may sit under another, as `ruleset show`). */
    KhotamCli cli() {
        return (KhotamCli) spec.root().userObject();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
