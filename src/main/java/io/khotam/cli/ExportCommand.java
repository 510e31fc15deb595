package io.khotam.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.khotam.Json;
import io.khotam.check.RunChecker;
import io.khotam.evidence.RunLayout;
import io.khotam.store.RunCatalog;
import io.khotam.store.RunExporter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Map;
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
        RunCatalog.Entry run = new RunCatalog(cli().stagingRoot()).find(runId);
        run.endedManifest("export");
        // the verdict-only check travels with the findings: its violations as JSON lines, then its summary
        StringBuilder check = new StringBuilder();
        RunChecker.Summary summary = RunChecker.check(run, violation -> check.append(write(violation)).append('\n'));
        check.append(write(summary)).append('\n');
        Path archive;
        try {
            archive = RunExporter.export(run, cli().stagingRoot(), to,
                    Map.of(RunLayout.EXPORTED_CHECK, check.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (FileAlreadyExistsException exists) {
            err().println("kho-tam: " + exists.getFile() + " " + exists.getReason());
            return ExitCode.REFUSED;
        }
        out().println(archive);
        return ExitCode.OK;
    }

    private static String write(Object value) {
        try {
            return Json.DATA.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
