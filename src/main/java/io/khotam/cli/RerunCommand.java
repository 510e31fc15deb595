package io.khotam.cli;

import io.khotam.store.RunCatalog;
import io.khotam.wiring.StagingEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rerun", mixinStandardHelpOptions = true,
        description = "Run a finished run's input again as a new run, under --ruleset FILE (default: the bundled rule-set): "
                + "the step of iterating on a rule-set. The input is hard-linked (copied where links are impossible); the "
                + "first run is never changed. The new manifest records rerun_of. Prints the new run's line and exits as "
                + "`run --once` does; a RUNNING or unknown run is exit 2. Compare the two with `diff`.")
class RerunCommand extends EngineCommand {

    @Parameters(paramLabel = "RUN", description = "The finished run whose input to run again, as `list` prints it.")
    String runId;

    @Option(names = "--no-progress", description = "No progress bar, even in a terminal.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        new RunCatalog(cli().stagingRoot()).find(runId).endedManifest("rerun"); // refused before anything starts
        StagingEngine engine = engine();
        StagingEngine.Outcome outcome = withProgress(noProgress, started -> engine.rerunOnce(runId, started));
        int exit = RunsReport.print(out(), outcome, cli().homeDir());
        outcome.runs().entries().forEach(run -> out().printf("compare: kho-tam --home %s diff %s %s%n", cli().homeDir(),
                runId, run.runId()));
        return exit;
    }
}
