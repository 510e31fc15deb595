package io.khotam.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.khotam.Json;
import io.khotam.check.CountsSideBySide;
import io.khotam.check.RunDiff;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.RunCounts;
import io.khotam.store.RunCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare two finished runs row by row: the rule-sets, whether the inputs are the same bytes, the "
                + "counts per stage and code side by side with deltas, then each row whose outcome changed (candidate "
                + "verdicts, failing stage and codes, rejected, skipped, absent; stamp instants never count). Streams "
                + "both runs, so million-row runs diff in a small heap. Exit 0 whether or not rows changed; 2 for a "
                + "RUNNING or unknown run.")
class DiffCommand extends Subcommand {

    private static final int TEXT_LIMIT = 50;

    @Parameters(index = "0", paramLabel = "RUN_A", description = "The run to compare from (the before).")
    String runA;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "The run to compare to (the after).")
    String runB;

    @Option(names = "--json", description = "One JSON object (docs/contract.md \"Diff\"), every change listed unless --limit is given.")
    boolean json;

    @Option(names = "--limit", paramLabel = "N", description = "List at most N changed rows (text default: 50).")
    Integer limit;

    @Override
    public Integer call() throws Exception {
        if (limit != null && limit < 0) {
            throw new IllegalArgumentException("--limit must be 0 or more");
        }
        RunCatalog catalog = new RunCatalog(cli().stagingRoot());
        RunDiff diff = new RunDiff(catalog.find(runA), catalog.find(runB));
        if (json) {
            json(diff);
        } else {
            text(diff, limit == null ? TEXT_LIMIT : limit);
        }
        return ExitCode.OK;
    }

    private void json(RunDiff diff) throws IOException {
        PrintWriter out = out();
        try (JsonGenerator g = Json.RECORDS.getFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            diff.writeJson(g, limit);
        }
        out.println();
    }

    private void text(RunDiff diff, int shown) throws IOException {
        PrintWriter out = out();
        Manifest a = diff.a();
        Manifest b = diff.b();
        out.printf("a  %s  %-11s rule-set %s%n", runA, a.status(), ruleset(a.ruleset()));
        out.printf("b  %s  %-11s rule-set %s%s%n", runB, b.status(), ruleset(b.ruleset()),
                runA.equals(b.rerunOf()) ? "  (a rerun of a)" : "");
        if (diff.sameInput()) {
            out.printf("input: the same bytes (%s, sha256 %s)%n", a.input().file(), a.input().sha256());
        } else {
            out.printf("INPUTS DIFFER: a read %s (sha256 %s), b read %s (sha256 %s); rows are compared by position%n",
                    a.input().file(), a.input().sha256(), b.input().file(), b.input().sha256());
        }
        out.println();
        countsTable(out, a.counts(), b.counts());
        out.println();
        List<RunDiff.Change> listed = new ArrayList<>();
        RunDiff.Totals totals = diff.walk(change -> {
            if (listed.size() < shown) {
                listed.add(change);
            }
        });
        long rows = totals.changed() + totals.unchanged();
        if (totals.changed() == 0) {
            out.printf("no row changed (%d row(s) compared)%n", rows);
            return;
        }
        out.printf("%d of %d row(s) changed:%n", totals.changed(), rows);
        out.printf("  %-8s %-16s %s%n", "row", "entity_code", "a -> b");
        for (RunDiff.Change change : listed) {
            out.printf("  %-8d %-16s %s -> %s%n", change.row(), change.entityCode() == null ? "-" : change.entityCode(),
                    change.a().brief(), change.b().brief());
        }
        if (totals.changed() > listed.size()) {
            out.printf("  ... and %d more (--limit N to list more, --json for all)%n", totals.changed() - listed.size());
        }
    }

    private static String ruleset(Manifest.RuleSetUsed used) {
        if (used == null || used.id() == null) {
            return "? (none was loaded)";
        }
        return used.id() + " " + used.version() + " (sha256 " + used.sha256() + ")";
    }

    private static void countsTable(PrintWriter out, RunCounts a, RunCounts b) {
        out.printf("  %-36s %10s %10s %10s%n", "counts", "a", "b", "delta");
        for (CountsSideBySide.Line line : CountsSideBySide.of(a, b)) {
            out.printf("  %-36s %10d %10d %10s%n", line.label(), line.a(), line.b(), line.delta());
        }
    }
}
