package io.khotam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.run.RunCatalog;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "A run's manifest and its dead letters summed by stage and code.")
class ShowCommand extends Subcommand {

    @Parameters(paramLabel = "RUN", description = "The run id, as `list` prints it.")
    String runId;

    @Option(names = "--json", description = "Print the manifest JSON as it is stored.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        RunCatalog.Entry run = new RunCatalog(cli.stagingRoot()).find(runId);
        var out = out();
        JsonNode m = run.manifest();
        if (m == null) {
            err().println("kho-tam: run " + runId + " has no readable evidence/manifest.json");
            return ExitCode.FAILED;
        }
        if (json) {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(m));
            return ExitCode.OK;
        }
        JsonNode c = m.path("counts");
        out.printf("run        %s%n", run.runId());
        out.printf("status     %s%s%n", m.path("status").asText(), m.path("reason").isNull() ? "" : " (" + m.path("reason").asText() + ")");
        if (!m.path("detail").isNull() && !m.path("detail").isMissingNode()) {
            out.printf("detail     %s%n", m.path("detail").asText());
        }
        out.printf("input      %s (%s, %d bytes, sha256 %s)%n", m.path("input").path("file").asText(),
                m.path("input").path("format").asText(), m.path("input").path("bytes").asLong(),
                m.path("input").path("sha256").asText());
        out.printf("rule-set   %s %s (sha256 %s)%n", m.path("ruleset").path("id").asText("?"),
                m.path("ruleset").path("version").asText("?"), m.path("ruleset").path("sha256").asText("?"));
        out.printf("started    %s%nfinished   %s%n", m.path("started_at").asText(), m.path("finished_at").asText("-"));
        out.printf("rows       scanned %d, admitted %d, rejected %d, skipped %d, candidates %d%n",
                c.path("scanned").asLong(), c.path("admitted").asLong(), c.path("rejected").asLong(),
                c.path("skipped").asLong(), c.path("candidates").asLong());
        for (String stage : new String[] {"pen", "stamp", "gate"}) {
            JsonNode s = c.path(stage);
            out.printf("%-10s passed %d, already stamped %d, failed %d%n", stage, s.path("passed").asLong(),
                    s.path("already_stamped").asLong(), s.path("failed").asLong());
        }
        out.printf("production %s%n", m.path("production").path("configured").asBoolean()
                ? "untouched: " + m.path("production").path("untouched").asText()
                : "not configured (no proof made)");
        out.printf("dead letters: %d%n", c.path("dead_letters").asLong());
        for (Map.Entry<String, JsonNode> stage : c.path("dead_letter_codes").properties()) {
            for (Map.Entry<String, JsonNode> code : stage.getValue().properties()) {
                out.printf("  %-10s %-26s %d%n", stage.getKey(), code.getKey(), code.getValue().asLong());
            }
        }
        return ExitCode.OK;
    }
}
