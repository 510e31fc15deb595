package io.khotam.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.khotam.Json;
import io.khotam.check.RunChecker;
import io.khotam.store.RunCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check a finished run against the contract's rules from its files alone (packet hashes, candidate ids, the input binding, stamp order, own columns, genuine stamps, verdict chains, the partition of rows, the manifest's packets). Writes nothing. One line per violation, then a summary; exits 0 when the run conforms, 9 when a rule is broken.")
class CheckCommand extends Subcommand {

    @Parameters(paramLabel = "RUN", description = "The run id, as `list` prints it.")
    String runId;

    @Option(names = "--json", description = "One JSON object per violation, then the summary as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        var out = out();
        RunChecker.Summary summary = RunChecker.check(new RunCatalog(cli().stagingRoot()).find(runId), violation -> {
            try {
                out.println(json ? Json.DATA.writeValueAsString(violation) : String.format("%-13s row %-8s %s  %s",
                        violation.rule(), violation.row() == null ? "-" : violation.row(),
                        violation.candidateId() == null ? "-" : violation.candidateId(), violation.detail()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
        if (json) {
            out.println(Json.DATA.writeValueAsString(summary));
        } else {
            out.println(summary.conforms() ? "run " + runId + " conforms: " + summary.candidates() + " candidate packet(s), "
                    + "every rule holds" : "run " + runId + " does NOT conform: " + summary.violations() + " violation(s) "
                    + summary.rules());
            if (!summary.scope().equals(RunChecker.WHOLE)) {
                out.println(summary.scope());
            }
        }
        return summary.conforms() ? ExitCode.OK : ExitCode.CHECK_VIOLATED;
    }
}
