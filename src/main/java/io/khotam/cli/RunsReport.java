package io.khotam.cli;

import io.khotam.run.RunStatus;
import io.khotam.run.RunsOfThisProcess;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** What `run --once` and `rerun` print about the runs they made, and the exit code those runs add up to. */
final class RunsReport {

    private RunsReport() {}

    static int print(PrintWriter out, StagingEngine.Outcome outcome, Path home) {
        RunsOfThisProcess ofThisProcess = outcome.runs();
        List<RunsOfThisProcess.Entry> runs = ofThisProcess.entries();
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
}
