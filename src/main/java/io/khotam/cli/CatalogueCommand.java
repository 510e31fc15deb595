package io.khotam.cli;

import io.khotam.Json;
import io.khotam.catalogue.CatalogueKeeper;
import io.khotam.catalogue.CatalogueStore;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "catalogue", mixinStandardHelpOptions = true,
        description = {"Put the run catalogue right from the run directories (the files stay the truth): every run new, "
                + "changed or deleted behind its back is read again; prints what it corrected.",
                "serve does this by itself (a quick sweep every 5 s, a full one every 10 min); list puts right new and "
                        + "deleted runs before it answers."})
class CatalogueCommand extends Subcommand {

    @Mixin
    WorkspaceOption workspace;

    @Option(names = "--rebuild", description = "Drop the catalogue's rows of this home and read every run again.")
    boolean rebuild;

    @Override
    public Integer call() throws Exception {
        workspace.adoptInto(cli().producerOptions);
        try (CatalogueStore store = cli().catalogue()) {
            CatalogueKeeper keeper = new CatalogueKeeper(store, cli().stagingRoot(), Json.DATA, null, Duration.ZERO);
            long started = System.nanoTime();
            CatalogueKeeper.Sweep sweep = rebuild ? keeper.rebuild(read -> {
                if (read % 10_000 == 0) {
                    err().printf("kho-tam: %,d runs read%n", read);
                }
            }) : keeper.fullSweep();
            out().printf("catalogue of %s (%s): %s %d run(s) in %d ms: %d added, %d changed, %d removed%n", cli().stagingRoot(),
                    store.dialect() == CatalogueStore.Dialect.SQLITE ? "staging/.catalogue/runs.db" : "the workspace PostgreSQL",
                    rebuild ? "rebuilt from" : "swept", sweep.runs(), (System.nanoTime() - started) / 1_000_000, sweep.added(),
                    sweep.updated(), sweep.removed());
        }
        return ExitCode.OK;
    }
}
