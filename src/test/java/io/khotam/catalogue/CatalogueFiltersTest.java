package io.khotam.catalogue;

import static io.khotam.Gens.pick;
import static io.khotam.Gens.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.bench.RunHomes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every filter of the runs list against a brute-force reading of the manifests, on a home of mixed outcomes. */
class CatalogueFiltersTest {

    @TempDir
    static Path staging;

    private static CatalogueStore store;
    private static List<ManifestsOnDisk.Run> onDisk;
    private static final Instant NEWEST = Instant.parse("2026-12-07T00:00:00Z");

    @BeforeAll
    static void home() throws Exception {
        RunHomes.write(staging, 800, 7, NEWEST, n -> { });
        store = Catalogues.sqlite(staging);
        new CatalogueKeeper(store, staging, new ObjectMapper(), null, Duration.ZERO).rebuild(n -> { });
        onDisk = ManifestsOnDisk.newestFirst(staging);
        assertThat(onDisk).hasSize(800);
    }

    @AfterAll
    static void close() throws Exception {
        store.close();
    }

    private static List<String> all(RunFilter filter, int pageSize) throws Exception {
        List<String> ids = new ArrayList<>();
        Cursor after = null;
        long total = -1;
        do {
            Page<RunSummary> page = store.runs(filter, after, null, pageSize);
            page.items().forEach(r -> ids.add(r.runId()));
            total = page.total();
            after = page.next();
        } while (after != null);
        assertThat(ids).as("the total the pages said").hasSize((int) total);
        return ids;
    }

    private static List<String> expected(Predicate<ManifestsOnDisk.Run> keep) {
        return onDisk.stream().filter(keep).map(ManifestsOnDisk.Run::id).toList();
    }

    private static void check(String status, String verdict, String untouched, String input, String since, String until,
                              String node, String ruleset, String attention, Predicate<ManifestsOnDisk.Run> keep) throws Exception {
        RunFilter filter = RunFilter.parse(status, verdict, untouched, input, since, until, node, ruleset, attention);
        assertThat(all(filter, 97)).as("%s", filter).isEqualTo(expected(keep));
    }

    @Test
    void eachFilterAloneListsWhatTheManifestsSay() throws Exception {
        check(null, null, null, null, null, null, null, null, null, r -> true);
        check("FAILED", null, null, null, null, null, null, null, null, r -> r.status().equals("FAILED"));
        check("completed,rejected", null, null, null, null, null, null, null, null,
                r -> r.status().equals("COMPLETED") || r.status().equals("REJECTED"));
        check(null, "BREAKS_CONTRACT", null, null, null, null, null, null, null, r -> "BREAKS_CONTRACT".equals(r.verdict()));
        check(null, "none", null, null, null, null, null, null, null, r -> r.verdict() == null);
        check(null, "CONFORMS,DIVERGES", null, null, null, null, null, null, null,
                r -> "CONFORMS".equals(r.verdict()) || "DIVERGES".equals(r.verdict()));
        check(null, null, "true", null, null, null, null, null, null, r -> r.proof().equals("untouched"));
        check(null, null, "false", null, null, null, null, null, null, r -> r.proof().equals("touched") || r.proof().equals("unproven"));
        check(null, null, "not-configured", null, null, null, null, null, null, r -> r.proof().equals("not-configured"));
        check(null, null, null, "FAUNA-4", null, null, null, null, null, r -> r.input().toLowerCase(Locale.ROOT).contains("fauna-4"));
        check(null, null, null, null, "2026-12-06T23:00:00Z", "2026-12-06T23:30:00Z", null, null, null,
                r -> !r.started().isBefore(Instant.parse("2026-12-06T23:00:00Z")) && r.started().isBefore(Instant.parse("2026-12-06T23:30:00Z")));
        check(null, null, null, null, null, "2026-12-06", null, null, null, r -> r.started().isBefore(Instant.parse("2026-12-07T00:00:00Z")));
        check(null, null, null, null, null, null, "node-b", null, null, r -> r.node().equals("node-b"));
        check(null, null, null, null, null, null, null, "dieu-1x", null, r -> r.ruleset().equals("dieu-1x"));
        check(null, null, null, null, null, null, null, null, "true", ManifestsOnDisk.Run::attention);
        assertThat(expected(ManifestsOnDisk.Run::attention)).as("the home holds runs that need attention").isNotEmpty();
        assertThat(store.counts()).containsEntry("attention", (long) expected(ManifestsOnDisk.Run::attention).size())
                .containsEntry("all", 800L).containsEntry("status.FAILED", (long) expected(r -> r.status().equals("FAILED")).size());
    }

    private static final BiFunction<String, String, String[]> PAIR = (a, b) -> new String[] {a, b};

    @Test
    void anyFiltersTogetherListWhatTheManifestsSay() {
        qt(60).forAll(pick("", "COMPLETED", "FAILED", "REJECTED,INTERRUPTED").zip(pick("", "none", "DIVERGES", "BREAKS_CONTRACT,CONFORMS"), PAIR),
                pick("", "true", "false", "not-configured").zip(pick("", "batch-1", "FAUNA"), PAIR),
                pick("", "node-a", "node-c").zip(pick("", "dieu-0g", "dieu-1x"), PAIR), pick("", "true"))
                .checkAssert((statusVerdict, proofInput, nodeRuleset, attention) -> {
                    String status = statusVerdict[0];
                    String verdict = statusVerdict[1];
                    String proof = proofInput[0];
                    String input = proofInput[1];
                    String node = nodeRuleset[0];
                    String ruleset = nodeRuleset[1];
                    List<String> statuses = Arrays.asList(status.split(","));
                    List<String> verdicts = Arrays.asList(verdict.split(","));
                    Predicate<ManifestsOnDisk.Run> keep = r -> (status.isEmpty() || statuses.contains(r.status()))
                            && (verdict.isEmpty() || (r.verdict() == null ? verdicts.contains("none") : verdicts.contains(r.verdict())))
                            && (proof.isEmpty() || (proof.equals("true") ? r.proof().equals("untouched") : proof.equals("false")
                                    ? r.proof().equals("touched") || r.proof().equals("unproven") : r.proof().equals(proof)))
                            && (input.isEmpty() || r.input().toLowerCase(Locale.ROOT).contains(input.toLowerCase(Locale.ROOT)))
                            && (node.isEmpty() || r.node().equals(node)) && (ruleset.isEmpty() || r.ruleset().equals(ruleset))
                            && (attention.isEmpty() || r.attention());
                    try {
                        check(status, verdict, proof, input, null, null, node, ruleset, attention, keep);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void aPageWalkedBackwardsIsThePageBefore() throws Exception {
        Page<RunSummary> first = store.runs(RunFilter.ALL, null, null, 50);
        Page<RunSummary> second = store.runs(RunFilter.ALL, first.next(), null, 50);
        assertThat(first.previous()).as("the first page has none before it").isNull();
        Page<RunSummary> back = store.runs(RunFilter.ALL, null, second.previous(), 50);
        assertThat(back.items()).isEqualTo(first.items());
        assertThat(back.previous()).as("back on the first page").isNull();
        assertThat(back.next()).isEqualTo(first.next());
    }

    @Test
    void badFiltersAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> RunFilter.parse("DONE", null, null, null, null, null, null, null, null)).hasMessageContaining("status is one");
        assertThatThrownBy(() -> RunFilter.parse(null, "GOOD", null, null, null, null, null, null, null)).hasMessageContaining("verdict is one");
        assertThatThrownBy(() -> RunFilter.parse(null, null, "maybe", null, null, null, null, null, null)).hasMessageContaining("untouched is");
        assertThatThrownBy(() -> RunFilter.parse(null, null, null, "<script>", null, null, null, null, null)).hasMessageContaining("input is");
        assertThatThrownBy(() -> RunFilter.parse(null, null, null, null, "last week", null, null, null, null)).hasMessageContaining("since is a date");
        assertThatThrownBy(() -> RunFilter.parse(null, null, null, null, "2026-12-07", "2026-12-01", null, null, null))
                .hasMessageContaining("since must be before until");
        assertThatThrownBy(() -> RunFilter.parse(null, null, null, null, null, null, "a b", null, null)).hasMessageContaining("node is");
        assertThatThrownBy(() -> RunFilter.parse(null, null, null, null, null, null, null, null, "perhaps")).hasMessageContaining("attention is");
        assertThatThrownBy(() -> Cursor.decode("AAAA", "after")).hasMessageContaining("not a cursor");
        assertThatThrownBy(() -> Cursor.decode("!!", "after")).hasMessageContaining("not a cursor");
        assertThatThrownBy(() -> Cursor.decode(Base64.getUrlEncoder().encodeToString("1|../../etc|0|0".getBytes()), "after"))
                .hasMessageContaining("not a cursor");
    }
}
