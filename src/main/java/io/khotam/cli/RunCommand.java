package io.khotam.cli;

import io.khotam.run.RunsOfThisProcess;
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
        description = "Process every file now in <home>/inbox, then exit (for cron and batch jobs). Prints one line per run and exits 0 only when every run COMPLETED; a file that could not be claimed (the inbox unreadable, the disk full) is named and makes it exit 5.")
class RunCommand extends EngineCommand {

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
        Path home = cli().homeDir();
        StagingEngine engine = engine(); // a bad set-up fails here, before the inbox is touched
        if (examples) {
            dropExamples(cli().inbox());
        }
        boolean terminal = System.console() != null && !noProgress;
        ProgressDisplay[] display = new ProgressDisplay[1];
        StagingEngine.Outcome outcome;
        try {
            outcome = engine.runOnce(started -> {
                if (terminal) {
                    display[0] = new ProgressDisplay(started, new ConsoleProgressBarConsumer(System.err));
                }
            });
        } finally {
            if (display[0] != null) {
                display[0].close();
            }
        }
        RunsOfThisProcess ofThisProcess = outcome.runs();
        List<RunsOfThisProcess.Entry> runs = ofThisProcess.entries();
        var out = out();
        for (RunsOfThisProcess.Entry run : runs) {
            out.printf("%s  %-11s  candidates=%-6d dead_letters=%-6d %s%s%n", run.runId(), run.status(), run.candidates(),
                    run.deadLetters(), run.file(), run.reason() == null ? "" : "  (" + run.reason() + ")");
        }
        long rejected = count(runs, RunStatus.REJECTED);
        long failed = count(runs, RunStatus.FAILED);
        long interrupted = count(runs, RunStatus.INTERRUPTED);
        long unproven = runs.stream().filter(RunsOfThisProcess.Entry::productionUnproven).count();
        List<String> notClaimed = outcome.claimFailures().current();
        out.printf("%d run(s): %d completed, %d rejected, %d failed, %d interrupted; %d file(s) not claimed%n",
                runs.size(), runs.size() - rejected - failed - interrupted, rejected, failed, interrupted, notClaimed.size());
        out.printf("home: %s  (look inside: kho-tam --home %s list)%n", home, home);
        for (RunsOfThisProcess.Entry run : runs) {
            if (run.productionUnproven()) {
                out.printf("%s  production NOT proven untouched: %s%n", run.runId(), run.production().note());
            }
        }
        for (String runId : ofThisProcess.unfinished()) {
            out.printf("%s  FAILED       did not end: its manifest still says RUNNING; see the log%n", runId);
        }
        for (String failure : notClaimed) {
            out.printf("not claimed  %s%n", failure);
        }
        if (unproven > 0) {
            return ExitCode.PRODUCTION_UNPROVEN;
        }
        if (failed > 0 || interrupted > 0 || !ofThisProcess.unfinished().isEmpty() || !notClaimed.isEmpty()) {
            return ExitCode.FAILED;
        }
        return rejected > 0 ? ExitCode.REJECTED : ExitCode.OK;
    }

    private static long count(List<RunsOfThisProcess.Entry> runs, RunStatus status) {
        return runs.stream().filter(r -> r.status() == status).count();
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
