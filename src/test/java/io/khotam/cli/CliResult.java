package io.khotam.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One command through the real entry point, in this JVM, with what it printed on stdout and stderr. */
record CliResult(int exit, String out, String err) {

    static CliResult run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = KhotamCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliResult(exit, out.toString(), err.toString());
    }

    /** The command with --home and the given options before it. */
    static CliResult in(Path home, List<String> options, String... args) {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(options);
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }
}
