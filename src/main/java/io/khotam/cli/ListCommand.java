package io.khotam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.Json;
import io.khotam.catalogue.CatalogueKeeper;
import io.khotam.catalogue.CatalogueStore;
import io.khotam.catalogue.Cursor;
import io.khotam.catalogue.Page;
import io.khotam.catalogue.RunFilter;
import io.khotam.catalogue.RunSummary;
import io.khotam.check.RunChecker;
import io.khotam.store.Durations;
import io.khotam.store.RunCatalog;
import io.khotam.wiring.ConfigurationException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"One line per run under <home>/staging: id, status, producer, rows, dead letters, proof, age, node, "
                + "input file; oldest first by start time (--newest-first for the other way).",
                "Answers from the run catalogue (put right from the run directories first: new and deleted runs, and "
                        + "the manifests of runs not yet ended). The filters narrow the list; --limit keeps the newest N that match."})
class ListCommand extends Subcommand {

    @Mixin
    WorkspaceOption workspace;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Option(names = "--ids", description = "Print only the run ids, one per line (for scripts: "
            + "run=$(kho-tam list --input flora --limit 1 --ids)).")
    boolean ids;

    @Option(names = "--check", description = "Also say whether each finished run conforms to the contract's rules "
            + "(runs `check` on each: takes as long as reading every run listed).")
    boolean check;

    @Option(names = "--newest-first", description = "List the most recently started run first (default: oldest first).")
    boolean newestFirst;

    @Option(names = "--status", paramLabel = "STATUS[,STATUS]", description = "Only runs of these statuses: RUNNING, "
            + "COMPLETED, REJECTED, FAILED, INTERRUPTED, UNKNOWN (no readable manifest).")
    String status;

    @Option(names = "--verdict", paramLabel = "VERDICT[,VERDICT]", description = "Only runs whose producer under test had "
            + "this verdict: CONFORMS, DIVERGES, BREAKS_CONTRACT, or none (the built-in inspectors).")
    String verdict;

    @Option(names = "--untouched", paramLabel = "PROOF", description = "Only runs whose production proof is: true "
            + "(untouched), false (touched, or not proven), pending, not-configured.")
    String untouched;

    @Option(names = "--attention", description = "Only runs that need attention: FAILED, REJECTED, INTERRUPTED or UNKNOWN, "
            + "a producer that BREAKS_CONTRACT, or a proof not untouched.")
    boolean attention;

    @Option(names = "--input", paramLabel = "TEXT", description = "Only runs whose input file name contains TEXT (any case).")
    String input;

    @Option(names = "--since", paramLabel = "WHEN", description = "Only runs started at or after WHEN: a date (2026-12-07, UTC) "
            + "or an instant (2026-12-07T02:00:00Z).")
    String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "Only runs started before WHEN (a date: up to the end of that day).")
    String until;

    @Option(names = "--node", paramLabel = "NAME", description = "Only runs of this node.")
    String node;

    @Option(names = "--ruleset-id", paramLabel = "ID", description = "Only runs under this rule-set id (as `list --json` and "
            + "manifests name it, dieu-0g).")
    String ruleset;

    @Option(names = "--limit", paramLabel = "N", description = "At most the N newest runs that match (default: all).")
    Integer limit;

    @Override
    public Integer call() throws Exception {
        workspace.adoptInto(cli().producerOptions);
        RunFilter filter;
        try {
            filter = RunFilter.parse(status, verdict, untouched, input, since, until, node, ruleset, Boolean.toString(attention));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage().replaceFirst("^ruleset ", "--ruleset-id ").replaceFirst("^(\\w+) ", "--$1 "));
        }
        if (limit != null && limit < 1) {
            throw new ConfigurationException("--limit is a whole number, 1 or more");
        }
        List<RunSummary> runs = new ArrayList<>();
        long total;
        try (CatalogueStore store = cli().catalogue()) {
            CatalogueKeeper keeper = new CatalogueKeeper(store, cli().stagingRoot(), Json.DATA, null, Duration.ZERO);
            keeper.ensureCurrent(built -> {
                if (built % 10_000 == 0) {
                    err().printf("kho-tam: building the run catalogue: %,d runs read%n", built);
                }
            });
            int wanted = limit == null ? Integer.MAX_VALUE : limit;
            Cursor after = null;
            do {
                Page<RunSummary> page = store.runs(filter, after, null, Math.min(1000, wanted - runs.size()));
                runs.addAll(page.items());
                total = page.total();
                after = page.next();
            } while (after != null && runs.size() < wanted);
        }
        if (!newestFirst) {
            Collections.reverse(runs);
        }
        var out = out();
        ArrayNode rows = Json.DATA.createArrayNode();
        Instant now = Instant.now();
        RunCatalog directories = new RunCatalog(cli().stagingRoot());
        for (RunSummary run : runs) {
            ObjectNode row = rows.addObject();
            row.put("run_id", run.runId());
            row.put("status", run.status());
            row.put("rows", run.scanned());
            row.put("dead_letters", run.deadLetters());
            row.put("started_at", run.startedAt().toString());
            row.put("age_seconds", Duration.between(run.startedAt(), now).toSeconds());
            row.put("file", run.inputFile());
            row.put("node", run.node());
            row.put("reason", run.reason());
            row.putObject("producer").put("kind", run.producerKind()).put("verdict", run.verdict());
            row.put("proof", run.proof());
            if (check) {
                row.put("check", !run.ended() ? "-" : checked(directories, run.runId()));
            }
        }
        for (String leftover : directories.unfinishedDeletes()) {
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
            row.putNull("proof");
        }
        if (json) {
            out.println(Json.PRINTED.writeValueAsString(rows));
            return ExitCode.OK;
        }
        if (ids) {
            runs.forEach(run -> out.println(run.runId()));
            return ExitCode.OK;
        }
        if (rows.isEmpty()) {
            out.println(filter.parameters().isEmpty() ? "no runs under " + cli().stagingRoot() : "no run matches");
            return ExitCode.OK;
        }
        out.printf("%-27s  %-17s  %-20s  %9s  %12s  %-14s  %8s  %-16s  %s%s%n", "RUN", "STATUS", "PRODUCER", "ROWS", "DEAD_LETTERS",
                "PROOF", "AGE", "NODE", check ? String.format("%-9s  ", "CHECK") : "", "FILE");
        for (JsonNode row : rows) {
            out.printf("%-27s  %-17s  %-20s  %9d  %12d  %-14s  %8s  %-16s  %s%s%n", row.get("run_id").asText(), row.get("status").asText(),
                    producerColumn(row.path("producer")), row.get("rows").asLong(), row.get("dead_letters").asLong(),
                    row.path("proof").asText("-"),
                    row.get("age_seconds").isNull() ? "?" : Durations.format(Duration.ofSeconds(row.get("age_seconds").asLong())),
                    row.path("node").asText("-"),
                    check ? String.format("%-9s  ", row.path("check").asText("-")) : "", row.get("file").asText("?"));
        }
        out.println((newestFirst ? "(newest first" : "(oldest first; --newest-first for the other way")
                + (runs.size() < total ? "; " + runs.size() + " of " + total + " matching runs shown)" : ")"));
        return ExitCode.OK;
    }

    private static String checked(RunCatalog directories, String runId) {
        try {
            return RunChecker.check(directories.find(runId), violation -> { }).conforms() ? "conforms" : "VIOLATED";
        } catch (IOException | IllegalArgumentException gone) {
            return "-";
        }
    }

    /** "builtin", or a producer under test's kind and verdict: "sql DIVERGES", "exec -" (no verdict yet, or none). */
    private static String producerColumn(JsonNode producer) {
        String kind = producer.path("kind").asText("-");
        return kind.equals("builtin") || kind.equals("-") ? kind : kind + " " + producer.path("verdict").asText("-");
    }
}
