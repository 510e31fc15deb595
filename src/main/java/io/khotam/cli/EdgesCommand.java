package io.khotam.cli;

import io.khotam.Problems;
import io.khotam.edges.EdgeFile;
import io.khotam.edges.EdgeProbe;
import io.khotam.edges.EdgeRows;
import io.khotam.inspection.Rules;
import io.khotam.wiring.ConfigurationException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "edges", mixinStandardHelpOptions = true,
        description = {"Rows at every edge of the rule-set in force: for each check of scope, PEN, STAMP and GATE, rows just "
                + "inside and just outside it (lengths at the limit and one past it in ASCII, astral, accented and CJK "
                + "characters; every kind of blank and the spaces that are not blank; near misses of the entity-code pattern; "
                + "each collection, species and DOT origin and the ones just outside them; stamps that came set). Each row "
                + "passes every stage but for its one change, and names the edge it probes in its field \"probe\", which "
                + "a producer run's reference, judge lines and report show beside it.",
                "The same rule-set and seed give the same file. Run your producer on it: "
                        + "kho-tam edges --drop && kho-tam run --once --producer sql:my.sql"})
class EdgesCommand extends Subcommand {

    @Mixin
    RulesetOption ruleset;

    @ArgGroup(exclusive = true)
    Target target = new Target();

    static class Target {
        @Option(names = "--out", paramLabel = "FILE", description = "Write the rows to FILE (replaced if it exists; "
                + "written whole, then renamed). Default: standard output.")
        Path out;

        @Option(names = "--drop", description = "Put the rows into <home>/inbox as edges-<rule-set>-<sha8>.jsonl, whole "
                + "(written as .part, then renamed), where the next run takes them.")
        boolean drop;
    }

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Picks among equivalent variants (which astral character, which other script's digit); default 0.")
    int seed;

    @Option(names = "--explain", description = "Instead of the rows: each edge, and how many rows probe it inside and outside.")
    boolean explain;

    @Override
    public Integer call() throws Exception {
        cli().rulesetOption.adopt(ruleset);
        Rules rules = cli().activeRules();
        List<EdgeProbe> probes;
        try {
            probes = EdgeRows.of(rules, seed);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
        if (explain) {
            explain(rules, probes);
            return ExitCode.OK;
        }
        if (target.out == null && !target.drop) {
            OutputStream stdout = new FilterOutputStream(System.out) {
                @Override
                public void close() throws IOException {
                    flush(); // standard output stays open
                }
            };
            EdgeFile.write(probes, stdout);
            return ExitCode.OK;
        }
        Path file = target.drop ? cli().inbox().resolve("edges-" + rules.id() + "-" + rules.sha256().substring(0, 8) + ".jsonl")
                : target.out.toAbsolutePath().normalize();
        Path part = file.resolveSibling("." + file.getFileName() + ".part");
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(part)) {
                EdgeFile.write(probes, out);
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw new ConfigurationException("the edge rows could not be written to " + file + ": " + Problems.describe(e));
        }
        err().printf("%d edge rows of rule-set %s %s written to %s%n", probes.size(), rules.id(), rules.version(), file);
        return ExitCode.OK;
    }

    private void explain(Rules rules, List<EdgeProbe> probes) {
        Map<String, int[]> byEdge = new TreeMap<>();
        for (EdgeProbe probe : probes) {
            byEdge.computeIfAbsent(EdgeProbe.edgeOf(probe.check()) + " (" + probe.check() + ")", e -> new int[2])[probe.inside() ? 0 : 1]++;
        }
        var out = out();
        out.printf("%d edge rows of rule-set %s %s (sha256 %s), seed %d%n", probes.size(), rules.id(), rules.version(),
                rules.sha256(), seed);
        out.printf("  %-62s %7s %8s%n", "edge (the code a row outside it gets)", "inside", "outside");
        byEdge.forEach((edge, sides) -> out.printf("  %-62s %7d %8d%n", edge, sides[0], sides[1]));
    }
}
