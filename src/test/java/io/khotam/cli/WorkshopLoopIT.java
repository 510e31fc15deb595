package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.KhotamProcess;
import io.khotam.store.RunCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/rulesets.md "Change it, run again, compare", step by step on the packaged jar, each step its own process:
 * run the examples, rerun one under the second bundled rule-set, diff, delete both.
 */
class WorkshopLoopIT {

    private static final Path NO_REVIEW = Path.of("examples/rulesets/dieu-0g-no-review.yaml").toAbsolutePath();

    @TempDir
    Path home;

    @Test
    void runRerunDiffDelete() throws Exception {
        assertThat(kt("--no-registry", "run", "--once", "--examples").exit()).isZero();
        RunCatalog catalog = new RunCatalog(home.resolve("staging"));
        String flora = catalog.list().stream().filter(r -> r.manifest().input().file().equals("flora-sample.json"))
                .findFirst().orElseThrow().runId();

        Step rerun = kt("--no-registry", "rerun", flora, "--ruleset", NO_REVIEW.toString());
        assertThat(rerun.exit()).as(rerun.log()).isZero();
        assertThat(rerun.log()).contains("1 run(s): 1 completed").contains("compare: kho-tam --home " + home + " diff " + flora);
        String second = catalog.list().stream().filter(r -> flora.equals(r.manifest().rerunOf())).findFirst().orElseThrow().runId();

        Step text = kt("diff", flora, second);
        assertThat(text.exit()).isZero();
        assertThat(text.log()).contains("input: the same bytes (flora-sample.json")
                .contains("2026.06-demo-no-review")
                .containsPattern("stamp STATUS_UNKNOWN\\s+1\\s+2\\s+\\+1")
                .contains("1 of 7 row(s) changed:")
                .containsPattern("FLORA-000105\\s+candidate PASSED/PASSED/FAILED gate: SPECIES_NOT_FIT -> "
                        + "candidate PASSED/FAILED/NOT_RUN stamp: STATUS_UNKNOWN");

        Step json = kt("diff", flora, second, "--json");
        JsonNode diff = new ObjectMapper().readTree(json.log().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
        assertThat(diff.path("same_input").asBoolean()).isTrue();
        assertThat(diff.path("changed_rows").asLong()).isEqualTo(1);
        assertThat(diff.path("unchanged_rows").asLong()).isEqualTo(6);
        assertThat(diff.path("changes").get(0).path("b").path("codes").toString()).isEqualTo("[\"STATUS_UNKNOWN\"]");

        assertThat(kt("--no-registry", "delete", flora, second).exit()).isZero();
        assertThat(catalog.list()).extracting(RunCatalog.Entry::runId).doesNotContain(flora, second).hasSize(2);
    }

    record Step(int exit, String log) {}

    private Step kt(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        try (KhotamProcess process = KhotamProcess.start("WorkshopLoopIT", all.toArray(String[]::new))) {
            int exit = process.waitFor(120);
            return new Step(exit, process.log());
        }
    }
}
