package io.khotam.producer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.khotam.StagingRouteTestSupport;
import io.khotam.check.RunChecker;
import io.khotam.run.StagingRun;
import io.khotam.store.RunCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A producer rerun over the same input and rule-set takes its source's reference instead of
 * inspecting the rows again, and says so; the verdicts are those of a rerun that inspects; a
 * changed rule-set inspects again; check fails a run whose reused reference was altered.
 */
class ReferenceReuseRouteTest extends StagingRouteTestSupport {

    private static final String REFERENCE = "exec:python3 " + Path.of("examples/producers/reference.py").toAbsolutePath();
    private static final String LENIENT = "sql:" + Path.of("examples/producers/lenient-gate.sql").toAbsolutePath();

    @Override
    protected void moreProperties(Properties properties) {
        properties.setProperty("khotam.workspace.url", TestWorkspace.url());
    }

    private RunDir rerun(String runId, String ruleSet, String producer) {
        Map<String, Object> headers = new TreeMap<>();
        headers.put("rerunOf", runId);
        headers.put("ruleset", ruleSet);
        headers.put("producer", producer);
        StagingRun run = template.requestBodyAndHeaders("direct:rerun", null, headers, StagingRun.class);
        return runs().stream().filter(r -> r.id().equals(run.getId())).findFirst().orElseThrow();
    }

    private static JsonNode from(RunDir run) {
        return run.manifest().path("producer").path("reference_from");
    }

    @Test
    void aProducerRerunOfABuiltinRunReusesItsCandidatesAndJudgesAsAnInspectingRunDoes() throws Exception {
        RunDir builtin = dropAndAwait("mixed.jsonl", SqlProducerRouteTest.mixedSample());
        RunDir reused = rerun(builtin.id(), null, LENIENT);

        assertThat(from(reused).path("run_id").asText()).isEqualTo(builtin.id());
        assertThat(from(reused).path("from").asText()).isEqualTo("candidates and dead letters");
        assertThat(reused.status()).isEqualTo("COMPLETED");
        assertThat(reused.manifest().path("producer").path("verdict").asText()).isEqualTo("DIVERGES");
        RunDir inspected = rerun(builtin.id(), sameRulesOtherBytes().toString(), LENIENT);
        assertThat(from(inspected).isMissingNode()).as("another rule-set file: inspected again").isTrue();
        assertThat(reused.counts()).as("the rows' outcomes, as an inspecting run finds them").isEqualTo(inspected.counts());
        assertThat(reused.lines("dead-letter/producer.jsonl")).extracting(l -> l.path("row").asInt()).containsExactly(3);
        assertThat(RunChecker.check(new RunCatalog(staging()).find(reused.id()), v -> { }).conforms()).isTrue();
    }

    /** The bundled rule-set with one comment more: the same rules, another sha256, so a rerun under it inspects. */
    private Path sameRulesOtherBytes() throws IOException {
        return Files.writeString(home.resolve("same-rules.yaml"),
                Files.readString(Path.of("src/main/resources/rulesets/dieu-0g-demo.yaml")) + "\n# the same rules\n");
    }

    @Test
    void aRerunOfAProducerRunLinksItsReferenceFileAndCheckFailsItWhenAltered() throws Exception {
        RunDir builtin = dropAndAwait("mixed.jsonl", SqlProducerRouteTest.mixedSample());
        RunDir producerRun = rerun(builtin.id(), null, REFERENCE);
        RunDir again = rerun(producerRun.id(), null, LENIENT);

        assertThat(from(again).path("from").asText()).isEqualTo("evidence/reference.jsonl");
        assertThat(from(again).path("run_id").asText()).isEqualTo(producerRun.id());
        Path linked = again.dir.resolve("evidence/reference.jsonl");
        assertThat(Files.getAttribute(linked, "unix:ino")).as("the same file, linked")
                .isEqualTo(Files.getAttribute(producerRun.dir.resolve("evidence/reference.jsonl"), "unix:ino"));
        assertThat(again.manifest().path("producer").path("verdict").asText()).isEqualTo("DIVERGES");
        assertThat(RunChecker.check(new RunCatalog(staging()).find(again.id()), v -> { }).conforms()).isTrue();

        Files.delete(linked); // a copy of its own, then altered: the source's stays as it was
        Files.copy(producerRun.dir.resolve("evidence/reference.jsonl"), linked);
        Files.writeString(linked, "{}\n", StandardOpenOption.APPEND);
        List<RunChecker.Violation> found = new ArrayList<>();
        assertThat(RunChecker.check(new RunCatalog(staging()).find(again.id()), found::add).conforms()).isFalse();
        assertThat(found).extracting(RunChecker.Violation::rule).contains(RunChecker.Rule.REFERENCE);
    }

    @Test
    void aRerunUnderAnotherRuleSetInspectsTheRowsAgain() throws Exception {
        RunDir builtin = dropAndAwait("mixed.jsonl", SqlProducerRouteTest.mixedSample());
        RunDir other = rerun(builtin.id(), Path.of("examples/rulesets/dieu-0g-no-review.yaml").toAbsolutePath().toString(), LENIENT);
        assertThat(from(other).isMissingNode()).as("no reference to reuse: another rule-set").isTrue();
        assertThat(other.status()).isEqualTo("COMPLETED");
    }
}
