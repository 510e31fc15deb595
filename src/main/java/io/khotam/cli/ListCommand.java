package io.khotam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.check.RunChecker;
import io.khotam.evidence.Manifest;
import io.khotam.store.Durations;
import io.khotam.store.RunCatalog;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "One line per run under <home>/staging: id, status, rows, dead letters, age, input file; "
                + "oldest first by start time (--newest-first for the other way).")
class ListCommand extends Subcommand {

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Option(names = "--check", description = "Also say whether each finished run conforms to the contract's rules "
            + "(runs `check` on each: takes as long as reading every run).")
    boolean check;

    @Option(names = "--newest-first", description = "List the most recently started run first (default: oldest first).")
    boolean newestFirst;

    @Override
    public Integer call() throws Exception {
        RunCatalog catalog = new RunCatalog(cli().stagingRoot());
        var runs = newestFirst ? catalog.newestFirst() : catalog.list();
        var out = out();
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode rows = mapper.createArrayNode();
        Instant now = Instant.now();
        for (RunCatalog.Entry run : runs) {
            Manifest m = run.manifest();
            ObjectNode row = rows.addObject();
            row.put("run_id", run.runId());
            row.put("status", run.status());
            row.put("rows", m == null ? 0 : m.counts().scanned());
            row.put("dead_letters", m == null ? 0 : m.counts().deadLetters());
            Instant started = m == null ? null : m.startedAt();
            row.put("started_at", started == null ? null : started.toString());
            row.put("age_seconds", started == null ? null : Duration.between(started, now).toSeconds());
            row.put("file", m == null ? null : m.input().file());
            row.put("node", m == null || m.owner() == null ? null : m.owner().node());
            row.put("reason", m == null ? "no readable evidence/manifest.json" : m.reason());
            ObjectNode producer = row.putObject("producer");
            producer.put("kind", m == null ? null : m.producerOrBuiltin().kind());
            producer.put("verdict", m == null ? null : m.producerOrBuiltin().verdict());
            if (check) {
                row.put("check", m == null || m.running() ? "-"
                        : RunChecker.check(run, violation -> { }).conforms() ? "conforms" : "VIOLATED");
            }
        }
        for (String leftover : new RunCatalog(cli().stagingRoot()).unfinishedDeletes()) {
            ObjectNode row = rows.addObject();
            row.put("run_id", leftover);
            row.put("status", "DELETE_INCOMPLETE");
            row.put("rows", 0);
            row.put("dead_letters", 0);
            row.putNull("started_at");
            row.putNull("age_seconds");
            row.put("file", "(remains in staging/.trash: run `delete " + leftover + "` again)");
            row.putNull("node");
            row.putNull("reason");
            row.putObject("producer");
        }
        if (json) {
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(rows));
            return ExitCode.OK;
        }
        if (rows.isEmpty()) {
            out.println("no runs under " + cli().stagingRoot());
            return ExitCode.OK;
        }
        out.printf("%-27s  %-17s  %-20s  %9s  %12s  %8s  %-16s  %s%s%n", "RUN", "STATUS", "PRODUCER", "ROWS", "DEAD_LETTERS",
                "AGE", "NODE", check ? String.format("%-9s  ", "CHECK") : "", "FILE");
        for (JsonNode row : rows) {
            out.printf("%-27s  %-17s  %-20s  %9d  %12d  %8s  %-16s  %s%s%n", row.get("run_id").asText(), row.get("status").asText(),
                    producerColumn(row.path("producer")), row.get("rows").asLong(), row.get("dead_letters").asLong(),
                    row.get("age_seconds").isNull() ? "?" : Durations.format(Duration.ofSeconds(row.get("age_seconds").asLong())),
                    row.path("node").asText("-"),
                    check ? String.format("%-9s  ", row.path("check").asText("-")) : "", row.get("file").asText("?"));
        }
        out.println(newestFirst ? "(newest first)" : "(oldest first; --newest-first for the other way)");
        return ExitCode.OK;
    }

    /** "builtin", or a producer under test's kind and verdict: "sql DIVERGES", "exec -" (no verdict yet, or none). */
    private static String producerColumn(JsonNode producer) {
        String kind = producer.path("kind").asText("-");
        return kind.equals("builtin") || kind.equals("-") ? kind : kind + " " + producer.path("verdict").asText("-");
    }
}
