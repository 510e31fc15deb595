package io.khotam.cli;

import io.khotam.evidence.ProducerUsed;
import io.khotam.run.RunsOfThisProcess;
import io.khotam.wiring.StagingEngine;
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
            out.printf("%s  %-11s  candidates=%-6d dead_letters=%-6d %s%s%s%n", run.runId(), run.status(), run.candidates(),
                    run.deadLetters(), run.file(), run.reason() == null ? "" : "  (" + run.reason() + ")",
                    run.producerVerdict() == null ? "" : "  producer: " + run.producerVerdict()
                            + run.producerWarnings().stream().map(w -> " (warning: " + w + ")").reduce("", String::concat));
        }
        RunsOfThisProcess.Tally tally = ofThisProcess.tally();
        if (tally.notKept() > 0) {
            out.printf("… and %d earlier run(s) of this process, not listed here (`kho-tam list` shows every run)%n",
                    tally.notKept());
        }
        List<String> notClaimed = outcome.claimFailures().current();
        out.printf("%d run(s): %d completed, %d rejected, %d failed, %d interrupted; %d file(s) not claimed%n",
                tally.runs(), tally.completed(), tally.rejected(), tally.failed(), tally.interrupted(), notClaimed.size());
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
        if (tally.productionUnproven() > 0) {
            return ExitCode.PRODUCTION_UNPROVEN;
        }
        if (tally.failed() > 0 || tally.interrupted() > 0 || !ofThisProcess.unfinished().isEmpty() || !notClaimed.isEmpty()) {
            return ExitCode.FAILED;
        }
        if (runs.stream().anyMatch(run -> ProducerUsed.BREAKS_CONTRACT.equals(run.producerVerdict()))) {
            return ExitCode.CHECK_VIOLATED;
        }
        if (runs.stream().anyMatch(run -> ProducerUsed.DIVERGES.equals(run.producerVerdict()))) {
            return ExitCode.PRODUCER_DIVERGES;
        }
        return tally.rejected() > 0 ? ExitCode.REJECTED : ExitCode.OK;
    }
}
