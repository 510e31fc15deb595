package io.khotam.cli;

import io.khotam.run.RunCatalog;
import io.khotam.run.RunExporter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Copy a run's manifest, dead letters, skipped rows and candidates into one archive DIR/STAGING-<run-id>.zip: the deliberate way to keep findings after the run is deleted.")
class ExportCommand extends Subcommand {

    @Parameters(paramLabel = "RUN", description = "The run id, as `list` prints it.")
    String runId;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "A folder outside the staging folder (made if missing).")
    Path to;

    @Override
    public Integer call() throws Exception {
        Path archive;
        try {
            archive = RunExporter.export(new RunCatalog(cli.stagingRoot()).find(runId), cli.stagingRoot(), to);
        } catch (java.nio.file.FileAlreadyExistsException exists) {
            err().println("kho-tam: " + exists.getFile() + " " + exists.getReason());
            return ExitCode.REFUSED;
        }
        out().println(archive);
        return ExitCode.OK;
    }
}
