package io.khotam.cli;

import io.khotam.Stage;
import io.khotam.check.RunChecker;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.Manifests;
import io.khotam.evidence.ProducerUsed;
import io.khotam.evidence.RunCounts;
import io.khotam.evidence.RunStatus;
import io.khotam.evidence.StageCounts;
import io.khotam.report.RunReport;
import io.khotam.store.RunCatalog;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "A run's manifest, its dead letters summed by stage and code, its skipped rows by code, and whether it conforms to the contract's rules (the same check as `check`).")
class ShowCommand extends Subcommand {

    @Parameters(paramLabel = "RUN", description = "The run id, as `list` prints it.")
    String runId;

    @Option(names = "--json", description = "Print the manifest JSON as it is stored.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        RunCatalog.Entry run = new RunCatalog(cli().stagingRoot()).find(runId);
        var out = out();
        Manifest m = run.manifest();
        if (m == null) {
            err().println("kho-tam: run " + runId + " has no readable evidence/manifest.json");
            return ExitCode.FAILED;
        }
        if (json) {
            out.println(new String(Manifests.bytes(run.dir()), StandardCharsets.UTF_8).strip());
            return ExitCode.OK;
        }
        RunCounts c = m.counts();
        out.printf("run        %s%n", run.runId());
        out.printf("status     %s%s%n", m.status(), m.reason() == null ? "" : " (" + m.reason() + ")");
        if (m.detail() != null) {
            out.printf("detail     %s%n", m.detail());
        }
        if (m.rerunOf() != null) {
            out.printf("rerun of   %s  (compare: diff %s %s)%n", m.rerunOf(), m.rerunOf(), run.runId());
        }
        out.printf("input      %s (%s, %d bytes, sha256 %s)%n", m.input().file(), m.input().format(), m.input().bytes(),
                m.input().sha256());
        Manifest.RuleSetUsed rules = m.ruleset();
        out.printf("rule-set   %s %s (sha256 %s)%n", rules == null || rules.id() == null ? "?" : rules.id(),
                rules == null || rules.version() == null ? "?" : rules.version(),
                rules == null || rules.sha256() == null ? "?" : rules.sha256());
        ProducerUsed producer = m.producerOrBuiltin();
        if (producer.builtin()) {
            out.printf("producer   the built-in inspectors%n");
        } else {
            out.printf("producer   %s %s (sha256 %s)%s%n", producer.kind(), producer.source(), producer.sha256(),
                    producer.sandbox() == null ? "" : ", sandbox " + producer.sandbox());
            out.printf("verdict    %s%s%n", producer.verdict() == null ? "none (the run did not complete)" : producer.verdict(),
                    producer.counts() == null ? "" : ": " + producer.rowsJudged() + " of " + producer.rowsGiven()
                            + " row(s) judged " + producer.counts() + (producer.rowsJudged() == 0 ? ""
                            : " (dead-letter/producer.jsonl)"));
            if (producer.millis() != null) {
                out.printf("time       %s%n", RunReport.timings(producer.millis()));
            }
            if (producer.warnings() != null) {
                producer.warnings().forEach(w -> out.printf("warning    %s%n", w));
            }
            if (producer.workspace() != null) {
                out.printf("workspace  %s in %s: %s%n", producer.workspace().schema(), producer.workspace().database(),
                        producer.workspace().state());
            }
        }
        out.printf("started    %s%nfinished   %s%n", m.startedAt(), m.finishedAt() == null ? "-" : m.finishedAt());
        out.printf("rows       scanned %d, admitted %d, rejected %d, skipped %d, candidates %d%n",
                c.scanned(), c.admitted(), c.rejected(), c.skipped(), c.candidates());
        for (Stage stage : List.of(Stage.PEN, Stage.STAMP, Stage.GATE)) {
            StageCounts s = c.stage(stage);
            out.printf("%-10s passed %d, already stamped %d, failed %d%n", stage.fileName(), s.passed(),
                    s.alreadyStamped(), s.failed());
        }
        Manifest.Production proof = m.production();
        out.printf("production %s%n", !proof.configured() ? "not configured (no proof made)"
                : (proof.pending() ? "untouched: not known yet" : "untouched: " + proof.untouched()) + " (" + proof.note() + ")");
        if (proof.digestBefore() != null) {
            out.printf("           digests %s (%s) and %s%n", proof.digestBefore().fingerprint(), proof.digestBefore().at(),
                    proof.digestAfter() == null ? "the next one, not taken yet" : proof.digestAfter().fingerprint() + " ("
                            + proof.digestAfter().at() + ")");
        }
        if (m.status() != RunStatus.RUNNING) {
            RunChecker.Summary check = RunChecker.check(run, violation -> { });
            out.printf("check      %s%n", check.conforms() ? "conforms (" + check.candidates() + " candidate packets; `check "
                    + runId + "` for details)" : "does NOT conform: " + check.violations() + " violation(s) " + check.rules()
                    + "; `check " + runId + "` lists them");
            if (!producer.builtin() && producer.verdict() != null) {
                out.printf("in words   %s%n", inWords(check.conforms(), producer));
            }
        }
        out.printf("dead letters: %d line(s); by stage and code (one line may carry several codes):%n", c.deadLetters());
        for (Map.Entry<String, Map<String, Long>> stage : c.deadLetterCodes().entrySet()) {
            for (Map.Entry<String, Long> code : stage.getValue().entrySet()) {
                out.printf("  %-10s %-26s %d%n", stage.getKey(), code.getKey(), code.getValue());
            }
        }
        out.printf("skipped: %d row(s); by code:%n", c.skipped());
        for (Map.Entry<String, Long> code : c.skippedCodes().entrySet()) {
            out.printf("  %-10s %-26s %d%n", "scope", code.getKey(), code.getValue());
        }
        return ExitCode.OK;
    }

    /** What check (the run's files) and the judge (the producer's rows, before and after it) each found, in one sentence. */
    static String inWords(boolean filesConform, ProducerUsed producer) {
        String files = filesConform ? "the run's files keep every rule `check` verifies" : "the run's files break rules of the "
                + "contract (`check` lists them)";
        long judged = producer.rowsJudged() == null ? 0 : producer.rowsJudged();
        return files + switch (producer.verdict()) {
            case ProducerUsed.CONFORMS -> ", and the producer keeps the contract and agrees with the reference on every row";
            case ProducerUsed.DIVERGES -> "; the producer keeps the contract but disagrees with the reference on " + judged + " row(s)";
            default -> (filesConform ? "; yet" : "; and") + " the producer breaks the contract on " + judged + " row(s)"
                    + (filesConform ? ", in ways only the judge sees, comparing each row before and after the producer" : "")
                    + " (dead-letter/producer.jsonl)";
        };
    }
}
