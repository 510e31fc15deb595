package io.khotam.cli;

import io.khotam.check.RunChecker;
import io.khotam.evidence.Manifest;
import io.khotam.report.RunReport;
import io.khotam.store.RunCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "A run as one self-contained HTML page (inline CSS and chart, no script, no network): status, "
                + "the rows through the stages, dead letters by stage and code with their evidence, skipped rows, the "
                + "rule-set, the production proof, the check result and the files. Every run already ends with one in "
                + "its evidence/report.html (without the check result); this makes a fresh one, on stdout or in FILE. "
                + "The run itself is never changed.")
class ReportCommand extends Subcommand {

    @Parameters(paramLabel = "RUN", description = "The run id, as `list` prints it.")
    String runId;

    @Option(names = "--to", paramLabel = "FILE", description = "Write the page to FILE (outside the staging folder; "
            + "an existing file is never replaced: exit 6) instead of stdout.")
    Path to;

    @Override
    public Integer call() throws Exception {
        RunCatalog.Entry run = new RunCatalog(cli().stagingRoot()).find(runId);
        Manifest manifest = run.endedManifest("report");
        RunChecker.Summary summary = RunChecker.check(run, violation -> { });
        RunReport.CheckResult check = new RunReport.CheckResult(summary.conforms(), summary.conforms()
                ? "Conforms: " + summary.candidates() + " candidate packet(s), every rule of the contract holds."
                : "Does NOT conform: " + summary.violations() + " violation(s) " + summary.rules()
                        + "; `kho-tam check " + runId + "` lists them.");
        String html = new RunReport(Clock.systemUTC()).render(run.dir(), manifest, check);
        if (to == null) {
            out().print(html);
            out().flush();
            return ExitCode.OK;
        }
        Path target = to.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent != null && Files.isDirectory(parent)
                && parent.toRealPath().startsWith(cli().stagingRoot().toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--to " + target + " is inside the staging folder; a run's files are its "
                    + "evidence and are never added to");
        }
        try {
            Files.writeString(target, html, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException exists) {
            err().println("kho-tam: " + target + " already exists; a report never replaces a file");
            return ExitCode.REFUSED;
        }
        out().println(target);
        return ExitCode.OK;
    }
}
