package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.khotam.check.RunDiff;
import io.khotam.run.StagingRun;
import io.khotam.store.RunCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The workshop loop through the real routes: a finished run's input rerun by the rerun route
 * (routes/run.camel.yaml), under the same or another rule-set, and the two runs diffed.
 */
class RerunRouteTest extends StagingRouteTestSupport {

    /** The second bundled rule-set: the demo one without the status "review". */
    private static final Path NO_REVIEW = Path.of("examples/rulesets/dieu-0g-no-review.yaml").toAbsolutePath();

    /** Rows in review at every stage they can end at, and rows not in review, so only some may change. */
    private static String mixedSample() {
        Map<String, Object> reviewPasses = Rows.with("status", "review");
        reviewPasses.put("entity_code", "FLORA-000010");
        Map<String, Object> reviewShortDescription = Rows.with("status", "review");
        reviewShortDescription.put("entity_code", "FLORA-000011");
        reviewShortDescription.put("description", "short");
        Map<String, Object> reviewFailsPen = Rows.with("status", "review");
        reviewFailsPen.put("entity_code", "bad code");
        Map<String, Object> reviewAlreadyStamped = Rows.with("status", "review");
        reviewAlreadyStamped.put("entity_code", "FLORA-000013");
        reviewAlreadyStamped.put("inspect_pen", "2026-03-01T00:00:00.000001Z");
        reviewAlreadyStamped.put("inspect_stamp", "2026-03-01T00:00:00.000002Z");
        Map<String, Object> reviewOutOfScope = Rows.with("status", "review");
        reviewOutOfScope.put("governance_role", "observer");
        Map<String, Object> reviewRejected = Rows.with("status", "review");
        reviewRejected.remove("name");
        Map<String, Object> reviewFailsGate = Rows.with("status", "review");
        reviewFailsGate.put("entity_code", "FLORA-000016");
        reviewFailsGate.put("species_code", "AVES-PASSER");
        Map<String, Object> activeFailsGate = Rows.with("species_code", "AVES-PASSER");
        return jsonl(Rows.valid("FLORA-000001"), reviewPasses, reviewShortDescription, reviewFailsPen, reviewAlreadyStamped,
                reviewOutOfScope, reviewRejected, reviewFailsGate, activeFailsGate, Rows.with("status", "draft"));
    }

    @Test
    void aRerunUnderTheSameRuleSetChangesNoRowAndLeavesTheFirstRunAsItWas() throws Exception {
        RunDir first = dropAndAwait("mixed.jsonl", mixedSample());
        Map<String, String> before = hashes(first.dir);

        RunDir second = rerun(first.id(), null);

        assertThat(second.status()).isEqualTo("COMPLETED");
        assertThat(second.manifest().path("rerun_of").asText()).isEqualTo(first.id());
        assertThat(second.manifest().path("input")).isEqualTo(first.manifest().path("input"));
        assertThat(Files.isSameFile(second.dir.resolve("input/mixed.jsonl"), first.dir.resolve("input/mixed.jsonl")))
                .as("a hard link, not a copy").isTrue();
        assertThat(hashes(first.dir)).as("the first run is never changed").isEqualTo(before);
        assertThat(first.manifest().path("rerun_of").isNull()).isTrue();

        RunDiff.Totals totals = diff(first, second, new ArrayList<>());
        assertThat(totals.changed()).isZero();
        assertThat(totals.unchanged()).isEqualTo(first.counts().path("scanned").asLong()).isEqualTo(10);
    }

    @Test
    void dropppingAStatusChangesExactlyTheRowsInThatStatusThatReachedStamp() throws Exception {
        RunDir first = dropAndAwait("mixed.jsonl", mixedSample());
        RunDir second = rerun(first.id(), NO_REVIEW.toString());
        assertThat(second.manifest().path("ruleset").path("version").asText()).isEqualTo("2026.06-demo-no-review");

        // from the first run's own outputs: the review rows whose STAMP checks ran (an already stamped row is checked too)
        List<Long> expected = new ArrayList<>();
        long passedStampBefore = 0;
        for (JsonNode candidate : first.candidates()) {
            String stamp = candidate.path("verdicts").path("stamp").asText();
            if ("review".equals(candidate.path("row_data").path("status").asText()) && !stamp.equals("NOT_RUN")) {
                expected.add(candidate.path("row").asLong());
                passedStampBefore += stamp.equals("FAILED") ? 0 : 1;
            }
        }
        assertThat(expected).as("review rows that pass, fail and arrive stamped at STAMP, and one that fails GATE").hasSize(5);

        List<RunDiff.Change> changes = new ArrayList<>();
        RunDiff.Totals totals = diff(first, second, changes);

        assertThat(changes).extracting(RunDiff.Change::row).containsExactlyElementsOf(expected);
        assertThat(changes).allSatisfy(change -> {
            assertThat(change.b().outcome()).isEqualTo("candidate");
            assertThat(change.b().stage()).isEqualTo("stamp");
            assertThat(change.b().codes()).contains("STATUS_UNKNOWN");
            assertThat(change.b().verdicts()).containsEntry("stamp", "FAILED").containsEntry("gate", "NOT_RUN");
        });
        assertThat(totals.changed() + totals.unchanged()).isEqualTo(10);
        JsonNode a = first.counts();
        JsonNode b = second.counts();
        assertThat(b.path("stamp").path("failed").asLong() - a.path("stamp").path("failed").asLong()).isEqualTo(passedStampBefore);
        assertThat(b.path("dead_letter_codes").path("stamp").path("STATUS_UNKNOWN").asLong()
                - a.path("dead_letter_codes").path("stamp").path("STATUS_UNKNOWN").asLong()).isEqualTo(expected.size());
        assertThat(b.path("scanned")).isEqualTo(a.path("scanned"));
        assertThat(b.path("skipped")).isEqualTo(a.path("skipped"));
        assertThat(b.path("rejected")).isEqualTo(a.path("rejected"));
    }

    @Test
    void aRerunWithABrokenRuleSetIsARejectedRunAndTheFirstRunKeepsItsInput() throws Exception {
        RunDir first = dropAndAwait("one.jsonl", jsonl(Rows.valid()));
        Path broken = Files.writeString(home.resolve("broken.yaml"), "ruleset: [\n");

        RunDir second = rerun(first.id(), broken.toString());

        assertThat(second.status()).isEqualTo("REJECTED");
        assertThat(second.manifest().path("reason").asText()).isEqualTo("SOURCE_RECOVERY_REQUIRED");
        assertThat(second.manifest().path("ruleset").path("source").asText()).isEqualTo(broken.toString());
        assertThat(first.dir.resolve("input/one.jsonl")).exists();
    }

    @Test
    void aRunningOrUnknownRunIsNotRerunAndNothingIsCreated() throws Exception {
        RunDir first = dropAndAwait("one.jsonl", jsonl(Rows.valid()));
        Path manifest = first.dir.resolve("evidence/manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"COMPLETED\"", "\"RUNNING\""));

        assertThatThrownBy(() -> rerun(first.id(), null)).isInstanceOf(CamelExecutionException.class)
                .cause().hasMessageContaining("is RUNNING");
        assertThatThrownBy(() -> rerun("20260101-000000-deadbeef", null)).cause().hasMessageContaining("no run 20260101-000000-deadbeef");
        assertThatThrownBy(() -> rerun("../" + first.id(), null)).cause().hasMessageContaining("is not a run id");
        assertThat(runs()).hasSize(1);
        try (Stream<Path> building = Files.list(staging().resolve(".claims"))) {
            assertThat(building).isEmpty();
        }
    }

    @Test
    void aRunWhoseInputIsGoneCannotBeRerun() throws Exception {
        RunDir first = dropAndAwait("one.jsonl", jsonl(Rows.valid()));
        Files.delete(first.dir.resolve("input/one.jsonl"));

        assertThatThrownBy(() -> rerun(first.id(), null)).cause().hasMessageContaining("no longer holds its input");
        assertThat(runs()).hasSize(1);
    }

    private RunDir rerun(String runId, String ruleSet) {
        Map<String, Object> headers = new TreeMap<>();
        headers.put("rerunOf", runId);
        headers.put("ruleset", ruleSet);
        StagingRun run = template.requestBodyAndHeaders("direct:rerun", null, headers, StagingRun.class);
        return runs().stream().filter(r -> r.id().equals(run.getId())).findFirst().orElseThrow();
    }

    private RunDiff.Totals diff(RunDir a, RunDir b, List<RunDiff.Change> changes) throws IOException {
        RunCatalog catalog = new RunCatalog(staging());
        return new RunDiff(catalog.find(a.id()), catalog.find(b.id())).walk(changes::add);
    }

    private static Map<String, String> hashes(Path dir) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                hashes.put(dir.relativize(file).toString(), Sha256.ofFile(file));
            }
        }
        return hashes;
    }
}
