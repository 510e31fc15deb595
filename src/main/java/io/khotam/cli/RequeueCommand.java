package io.khotam.cli;

import io.khotam.registry.ProductionProof;
import io.khotam.store.DeleteReceipt;
import io.khotam.store.RunCatalog;
import io.khotam.producer.SqlProducer;
import io.khotam.store.RunDeleter;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "requeue", mixinStandardHelpOptions = true,
        description = "Put a REJECTED, FAILED or INTERRUPTED run's input back into the inbox under its own name (after a missing rule-set or a full disk, say), then delete the run as `delete` does. Prints the delete receipt. Refuses, changing nothing, when that name is taken in the inbox or the run is in any other state (exit 6).")
class RequeueCommand extends Subcommand {

    @Mixin
    WorkspaceOption workspace;

    @Mixin
    RegistryOptions registry;

    @Parameters(paramLabel = "RUN", description = "The run id, as `list` prints it.")
    String runId;

    @Override
    public Integer call() throws Exception {
        workspace.adoptInto(cli().producerOptions);
        cli().registryOptions.adopt(registry);
        new RunCatalog(cli().stagingRoot()).requireKnown(runId);
        DeleteReceipt receipt;
        SqlProducer workspaces = cli().workspaces();
        try (ProductionProof proof = cli().productionProof(); var workspace = workspaces.workspace()) {
            receipt = new RunDeleter(cli().stagingRoot(), Clock.systemUTC(), proof, workspaces).requeue(runId, cli().inbox());
        }
        out().println(receipt.toJsonLine());
        if (!receipt.complete()) {
            err().println("kho-tam: " + runId + ": " + receipt.outcome() + ": " + receipt.message());
            return ExitCode.REFUSED;
        }
        return ExitCode.OK;
    }
}
