package io.khotam.cli;

import io.khotam.run.RunJournal;
import io.khotam.run.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Process every file now in <home>/inbox, then exit (for cron and batch jobs). Prints one line per run and exits 0 only when every run COMPLETED.")
class RunCommand extends Subcommand {

    @Option(names = "--once", required = true, description = "Poll the inbox once and exit (the only mode of `run`; "
            + "use `serve` to keep watching).")
    boolean once;

    @Option(names = "--examples", description = "First drop the bundled example files into the inbox.")
    boolean examples;

    @Option(names = "--no-progress", description = "No progress bar, even in a terminal (off a terminal there is none; "
            + "the log's progress lines remain).")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        Path home = cli.homeDir();
        if (examples) {
            dropExamples(home.resolve("inbox"));
        }
        RunJournal journal;
        boolean terminal = System.console() != null && !noProgress;
        ProgressDisplay[] display = new ProgressDisplay[1];
        try {
            journal = cli.engine().runOnce(started -> {
                if (terminal) {
                    display[0] = new ProgressDisplay(started, new ConsoleProgressBarConsumer(System.err));
                }
            });
        } finally {
            if (display[0] != null) {
                display[0].close();
            }
        }
        List<RunJournal.Entry> runs = journal.entries();
        var out = out();
        for (RunJournal.Entry run : runs) {
            out.printf("%s  %-9s  %s%s%n", run.runId(), run.status(), run.file(),
                    run.reason() == null ? "" : "  (" + run.reason() + ")");
        }
        long rejected = runs.stream().filter(r -> r.status() == RunStatus.REJECTED).count();
        long failed = runs.stream().filter(r -> r.status() == RunStatus.FAILED).count();
        long unproven = runs.stream().filter(RunJournal.Entry::productionUnproven).count();
        out.printf("%d run(s): %d completed, %d rejected, %d failed; staging: %s%n", runs.size(),
                runs.size() - rejected - failed, rejected, failed, home.resolve("staging"));
        for (RunJournal.Entry run : runs) {
            if (run.productionUnproven()) {
                out.printf("%s  production NOT proven untouched: %s%n", run.runId(), run.production().note());
            }
        }
        for (String runId : journal.unfinished()) {
            out.printf("%s  FAILED     did not end: its manifest still says RUNNING; see the log%n", runId);
        }
        if (unproven > 0) {
            return ExitCode.PRODUCTION_UNPROVEN;
        }
        if (!journal.unfinished().isEmpty()) {
            return ExitCode.FAILED;
        }
        return failed > 0 ? ExitCode.FAILED : rejected > 0 ? ExitCode.REJECTED : ExitCode.OK;
    }

    /** Copies the examples bundled in the jar as a producer should: written as .part, then renamed. */
    private static void dropExamples(Path inbox) throws IOException {
        Files.createDirectories(inbox);
        List<String> names;
        try (InputStream index = resource("examples/INDEX")) {
            names = new String(index.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
        for (String name : names) {
            Path part = inbox.resolve(name + ".part");
            try (InputStream in = resource("examples/" + name)) {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(part, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = RunCommand.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("the bundled " + name + " is missing from the build");
        }
        return in;
    }
}
