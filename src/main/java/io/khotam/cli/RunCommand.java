package io.khotam.cli;

import io.khotam.wiring.StagingEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
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
        StagingEngine engine = engine(); // a bad set-up fails here, before the inbox is touched
        if (examples) {
            dropExamples(cli().inbox());
        }
        StagingEngine.Outcome outcome = withProgress(noProgress, engine::runOnce);
        return RunsReport.print(out(), outcome, cli().homeDir());
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
