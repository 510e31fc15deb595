package io.khotam.cli;

import io.khotam.Json;
import io.khotam.store.RunCatalog;
import io.khotam.store.RunVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Recompute the SHA-256 of every file of a run against its manifest; exits 7 on any missing, "
                + "changed or extra file.")
class VerifyCommand extends Subcommand {

    @Parameters(paramLabel = "RUN", description = "The run id, as `list` prints it.")
    String runId;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        RunVerifier.Report report = RunVerifier.verify(new RunCatalog(cli().stagingRoot()).find(runId));
        var out = out();
        if (json) {
            out.println(Json.PRINTED.writeValueAsString(report));
        } else {
            for (RunVerifier.Finding finding : report.files()) {
                out.printf("%-8s %s%n", finding.state(), finding.path());
            }
            out.println(report.ok() ? "run " + runId + " verified: every file matches its manifest"
                    : "run " + runId + " does NOT match its manifest");
        }
        return report.ok() ? ExitCode.OK : ExitCode.VERIFY_MISMATCH;
    }
}
