package io.khotam.cli;

import io.khotam.producer.SqlProducer;
import io.khotam.registry.ProductionProof;
import io.khotam.store.DeleteReceipt;
import io.khotam.store.Durations;
import io.khotam.store.RunCatalog;
import io.khotam.store.RunDeleter;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete runs fast: each run directory is renamed out of sight in one atomic move, removed without following links and checked to be gone. Prints one JSON receipt per run on stdout. Exits 6 when anything was refused or left behind; deleting the same run again finishes the job.")
class DeleteCommand extends Subcommand {

    @Mixin
    WorkspaceOption workspace;

    @Mixin
    RegistryOptions registry;

    static class Selection {
        @Parameters(paramLabel = "RUN", arity = "1..*", description = "Run ids, as `list` prints them.")
        List<String> runIds;

        @Option(names = "--older-than", paramLabel = "AGE", description = "Every finished run started longer ago than "
                + "AGE (45s, 30m, 12h, 14d).")
        String olderThan;

        @Option(names = "--all", description = "Every run.")
        boolean all;
    }

    @ArgGroup(multiplicity = "1")
    Selection selection;

    @Option(names = "--force", description = "Also delete a damaged run whose manifest is missing or unreadable (its state cannot be known). A RUNNING run is never deleted, --force included: its input is the only copy of what was dropped.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        workspace.adoptInto(cli().producerOptions);
        cli().registryOptions.adopt(registry);
        List<DeleteReceipt> receipts = new ArrayList<>();
        SqlProducer workspaces = cli().workspaces();
        try (ProductionProof proof = cli().productionProof(); var workspace = workspaces.workspace()) {
            collect(new RunDeleter(cli().stagingRoot(), Clock.systemUTC(), proof, workspaces), receipts);
        }
        boolean complete = true;
        for (DeleteReceipt receipt : receipts) {
            out().println(receipt.toJsonLine());
            if (!receipt.complete()) {
                complete = false;
                err().println("kho-tam: " + receipt.runId() + ": " + receipt.outcome() + ": "
                        + receipt.message() + (receipt.left().isEmpty() ? "" : "; left: " + String.join(", ", receipt.left())));
            }
        }
        return complete ? ExitCode.OK : ExitCode.REFUSED;
    }

    private void collect(RunDeleter deleter, List<DeleteReceipt> receipts) throws IOException {
        if (selection.all) {
            receipts.addAll(deleter.deleteAll(force));
        } else if (selection.olderThan != null) {
            receipts.addAll(deleter.deleteOlderThan(Durations.parse(selection.olderThan)));
        } else {
            for (String runId : selection.runIds) {
                new RunCatalog(cli().stagingRoot()).requireKnown(runId); // no such run: a usage error, nothing deleted
            }
            receipts.addAll(deleter.delete(selection.runIds, force));
        }
    }
}
