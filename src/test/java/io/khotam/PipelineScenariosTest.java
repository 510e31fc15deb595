package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.khotam.intake.RowFields;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Whole files through the real routes: formats, counts, stamps, the claim. */
class PipelineScenariosTest extends StagingRouteTestSupport {

    @Test
    void mixedFileCountsReconcileExactly() throws Exception {
        Map<String, Object> alreadyPen = Rows.valid("FLORA-000005");
        alreadyPen.put("inspect_pen", "2026-06-01T00:00:00Z");
        List<Object> rows = List.of(
                Rows.valid("FLORA-000001"), Rows.valid("FLORA-000002"), Rows.valid("FLORA-000003"),
                Rows.valid("FLORA-000004"), alreadyPen,
                Rows.with("entity_code", 7), Rows.with("owner", "x"),                       // admission
                Rows.with("certified", true), Rows.with("governance_role", "observer"),     // skipped
                Rows.with("collection_name", "mushrooms"),                                  // pen
                Rows.with("status", "archived"),                                            // stamp
                Rows.with("dot_origin", "DOT-WILD"));                                       // gate

        RunDir run = dropAndAwait("mixed.json", write(rows));

        assertThat(run.status()).isEqualTo("COMPLETED");
        JsonNode c = run.counts();
        assertThat(c.path("scanned").asInt()).isEqualTo(12);
        assertThat(c.path("rejected").asInt()).isEqualTo(2);
        assertThat(c.path("skipped").asInt()).isEqualTo(2);
        assertThat(c.path("admitted").asInt()).isEqualTo(8);
        assertThat(c.path("scanned").asInt()).isEqualTo(c.path("admitted").asInt() + c.path("rejected").asInt()
                + c.path("skipped").asInt());
        assertThat(stage(c, "pen")).containsExactly(6, 1, 1);
        assertThat(stage(c, "stamp")).containsExactly(6, 1, 0);
        assertThat(stage(c, "gate")).containsExactly(5, 1, 0);
        assertThat(c.path("candidates").asInt()).isEqualTo(8);
        assertThat(c.path("dead_letters").asInt()).isEqualTo(5);

        // every line is counted once: the files agree with the counts
        assertThat(run.candidates()).hasSize(8);
        assertThat(run.lines("evidence/skipped.jsonl")).hasSize(2);
        int deadLetterLines = Stream.of("admission", "pen", "stamp", "gate").mapToInt(s -> run.deadLetters(s).size()).sum();
        assertThat(deadLetterLines).isEqualTo(5);
        List<Integer> accounted = new ArrayList<>();
        run.candidates().forEach(l -> accounted.add(l.path("row").asInt()));
        run.lines("evidence/skipped.jsonl").forEach(l -> accounted.add(l.path("row").asInt()));
        run.deadLetters("admission").forEach(l -> accounted.add(l.path("row").asInt()));
        assertThat(accounted).as("every row exactly once").containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);

        // the manifest's output hashes are the files' hashes
        for (JsonNode output : run.manifest().path("outputs")) {
            Path file = run.dir.resolve(output.path("path").asText());
            assertThat(Sha256.ofFile(file)).as(output.path("path").asText()).isEqualTo(output.path("sha256").asText());
            assertThat(Files.size(file)).isEqualTo(output.path("bytes").asLong());
        }
        assertThat(run.manifest().path("outputs").findValuesAsText("path")).containsExactlyInAnyOrder(
                "candidates/candidates.jsonl", "evidence/skipped.jsonl", "dead-letter/admission.jsonl",
                "dead-letter/pen.jsonl", "dead-letter/stamp.jsonl", "dead-letter/gate.jsonl", "evidence/report.html");
    }

    @Test
    void jsonArrayRowsAreNumberedByPosition() {
        RunDir run = dropAndAwait("array.json", write(List.of(Rows.valid("FLORA-000001"), Rows.with("name", null),
                Rows.valid("FLORA-000003"))));
        assertThat(run.candidates()).extracting(l -> l.path("row").asInt()).containsExactly(1, 2, 3);
        assertThat(run.deadLetters("stamp")).singleElement().extracting(l -> l.path("row").asInt()).isEqualTo(2);
        assertThat(run.manifest().path("input").path("format").asText()).isEqualTo("json");
    }

    @Test
    void wrappedRowsObjectIsRead() {
        String doc = "{\"exported_by\": {\"tool\": \"x\", \"rows\": 3}, \"rows\": [" + write(Rows.valid("FLORA-000001")) + ","
                + write(Rows.valid("FLORA-000002")) + "], \"trailer\": [1, 2]}";
        RunDir run = dropAndAwait("wrapped.json", doc);
        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(run.candidates()).extracting(l -> l.path("entity_code").asText())
                .containsExactly("FLORA-000001", "FLORA-000002");
    }

    @Test
    void jsonlRowsAreNumberedByLineAndBlankLinesIgnored() {
        String doc = write(Rows.valid("FLORA-000001")) + "\n\n" + write(Rows.valid("FLORA-000003")) + "\r\n   \n\n"
                + write(Rows.with("born_at", null)) + "\n";
        RunDir run = dropAndAwait("lines.ndjson", doc);
        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(run.counts().path("scanned").asInt()).isEqualTo(3);
        assertThat(run.candidates()).extracting(l -> l.path("row").asInt()).containsExactly(1, 3, 6);
        assertThat(run.deadLetters("pen")).singleElement().extracting(l -> l.path("row").asInt()).isEqualTo(6);
        assertThat(run.manifest().path("input").path("format").asText()).isEqualTo("jsonl");
    }

    @Test
    void utf8ByteOrderMarkIsAccepted() {
        String bom = "\uFEFF";
        RunDir json = dropAndAwait("bom.json", bom + "[" + write(Rows.valid()) + "]");
        RunDir lines = dropAndAwait("bom.jsonl", bom + write(Rows.valid()) + "\n");
        assertThat(json.candidates()).singleElement().extracting(l -> l.path("verdicts").path("gate").asText()).isEqualTo("PASSED");
        assertThat(lines.candidates()).singleElement().extracting(l -> l.path("verdicts").path("gate").asText()).isEqualTo("PASSED");
    }

    @Test
    void freshStampsAreMicrosecondsAndStrictlyIncreasing() {
        RunDir run = dropAndAwait("fresh.jsonl", jsonl(Rows.valid("FLORA-000001"), Rows.valid("FLORA-000002")));
        Instant previous = Instant.MIN;
        for (JsonNode candidate : run.candidates()) {
            for (String column : List.of("inspect_pen", "inspect_stamp", "inspect_gate")) {
                String stamp = candidate.path(column).asText();
                assertThat(stamp).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
                Instant at = Instant.parse(stamp);
                assertThat(at).as(column).isAfter(previous);
                previous = at;
            }
            assertThat(candidate.path("verdicts").path("pen").asText()).isEqualTo("PASSED");
            assertThat(candidate.path("marker").asText()).isEqualTo("STAGING");
            assertThat(candidate.path("designation").asText()).isEqualTo("candidate");
            assertThat(candidate.path("run_id").asText()).isEqualTo(run.id());
        }
        Instant started = Instant.parse(run.manifest().path("started_at").asText());
        assertThat(Instant.parse(run.candidates().get(0).path("inspect_pen").asText())).isAfterOrEqualTo(started.minusMillis(1));
    }

    @Test
    void aWrongTypeIsReportedForEveryFieldWithItsName() {
        Map<String, Object> wrong = new LinkedHashMap<>();
        for (String text : RowFields.TEXT) {
            wrong.put(text, 7);
        }
        for (String instant : RowFields.INSTANTS) {
            wrong.put(instant, "yesterday");
        }
        wrong.put("certified", "no");
        StringBuilder lines = new StringBuilder();
        for (Map.Entry<String, Object> field : wrong.entrySet()) {
            lines.append(write(Rows.with(field.getKey(), field.getValue()))).append('\n');
        }
        lines.append(write(Rows.with("entity_code", List.of("FLORA-000001")))).append('\n'); // an array
        lines.append(write(Rows.with("certified", 1))).append('\n');                        // a number
        RunDir run = dropAndAwait("wrong-types.jsonl", lines.toString());

        List<JsonNode> letters = run.deadLetters("admission");
        assertThat(letters).hasSize(wrong.size() + 2);
        List<String> fields = new ArrayList<>();
        for (JsonNode letter : letters) {
            assertThat(letter.path("checks").findValuesAsText("code")).containsExactly("WRONG_TYPE");
            fields.add(letter.path("checks").get(0).path("field").asText());
        }
        List<String> expected = new ArrayList<>(wrong.keySet());
        expected.add("entity_code");
        expected.add("certified");
        assertThat(fields).containsExactlyElementsOf(expected);
        assertThat(run.candidates()).isEmpty();
    }

    @Test
    void alreadyStampedColumnsAreLeftUntouched() {
        Map<String, Object> row = Rows.valid();
        row.put("inspect_pen", "2026-06-01T07:00:00+07:00");
        row.put("inspect_stamp", "2026-06-02T00:00:00Z");

        RunDir run = dropAndAwait("stamped.jsonl", jsonl(row));

        JsonNode candidate = run.candidates().get(0);
        assertThat(candidate.path("inspect_pen").asText()).as("exactly as received").isEqualTo("2026-06-01T07:00:00+07:00");
        assertThat(candidate.path("inspect_stamp").asText()).isEqualTo("2026-06-02T00:00:00Z");
        assertThat(candidate.path("inspect_gate").asText()).matches(".*\\.\\d{6}Z");
        assertThat(candidate.path("verdicts").path("pen").asText()).isEqualTo("ALREADY_STAMPED");
        assertThat(candidate.path("verdicts").path("stamp").asText()).isEqualTo("ALREADY_STAMPED");
        assertThat(candidate.path("verdicts").path("gate").asText()).isEqualTo("PASSED");
        assertThat(stage(run.counts(), "pen")).containsExactly(0, 0, 1);
    }

    @Test
    void alreadyStampedRowStillFailsAStageItDoesNotPass() {
        Map<String, Object> row = Rows.with("dot_origin", null);
        row.put("inspect_pen", "2026-06-01T00:00:00Z");
        RunDir run = dropAndAwait("claims-pen.jsonl", jsonl(row));
        assertThat(run.deadLetters("pen")).singleElement()
                .satisfies(l -> assertThat(l.path("checks").findValuesAsText("code")).containsExactly("DOT_ORIGIN_MISSING"));
        JsonNode candidate = run.candidates().get(0);
        assertThat(candidate.path("inspect_pen").asText()).isEqualTo("2026-06-01T00:00:00Z");
        assertThat(candidate.path("inspect_stamp").isNull()).isTrue();
    }

    @Test
    void allViolationsOfTheFailingStageAreReportedTogether() {
        Map<String, Object> row = Rows.without("name");
        row.put("status", "archived");
        row.put("description", "short");
        row.put("species_code", "AVES-PASSER"); // a GATE problem too, never reached
        RunDir run = dropAndAwait("many.jsonl", jsonl(row));
        assertThat(run.deadLetters("stamp")).singleElement().satisfies(l -> assertThat(l.path("checks").findValuesAsText("code"))
                .containsExactly("NAME_MISSING", "DESCRIPTION_TOO_SHORT", "STATUS_UNKNOWN"));
        assertThat(run.deadLetters("gate")).isEmpty();
    }

    @Test
    void claimMovesTheFileIntoItsRunAndRecordsItsHash() throws Exception {
        String content = jsonl(Rows.valid());
        RunDir run = dropAndAwait("claim.jsonl", content);

        assertThat(run.id()).matches("\\d{8}-\\d{6}-[0-9a-f]{8}");
        String sha = Sha256.hex(content.getBytes(StandardCharsets.UTF_8));
        assertThat(run.id()).endsWith(sha.substring(0, 8));
        JsonNode input = run.manifest().path("input");
        assertThat(input.path("file").asText()).isEqualTo("claim.jsonl");
        assertThat(input.path("sha256").asText()).isEqualTo(sha);
        assertThat(input.path("bytes").asLong()).isEqualTo(content.getBytes(StandardCharsets.UTF_8).length);
        assertThat(Sha256.ofFile(run.dir.resolve("input/claim.jsonl"))).isEqualTo(sha);
        assertThat(run.manifest().path("ruleset").path("id").asText()).isEqualTo("dieu-0g");
        assertThat(run.manifest().path("ruleset").path("sha256").asText()).hasSize(64);
        JsonNode production = run.manifest().path("production");
        assertThat(production.path("untouched").asBoolean()).as("DEMO registry by default").isTrue();
        // H2 keeps no write counters: the proof rests on its two digests and says what it cannot see
        assertThat(production.path("counters_before").isNull()).isTrue();
        assertThat(production.path("digest_before").path("fingerprint").asText()).isEqualTo(production.path("digest_after")
                .path("fingerprint").asText()).isNotEmpty();
        assertThat(production.path("note").asText()).contains("keeps no write counters", "a change undone in between would not show");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (Stream<Path> left = Files.list(inbox())) {
                assertThat(left).as("nothing left in the inbox, no lock marker either").isEmpty();
            }
        });
    }

    @Test
    void sameContentDroppedTwiceMakesTwoRuns() {
        String content = jsonl(Rows.valid());
        RunDir first = dropAndAwait("again.jsonl", content);
        drop("again-2.jsonl", content);
        RunDir second = awaitRunFor("again-2.jsonl");
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(second.id().substring(16, 24)).isEqualTo(first.id().substring(16, 24));
    }

    @Test
    void partFileIsNotTouchedUntilRenamed() throws Exception {
        Files.createDirectories(inbox());
        Path part = Files.writeString(inbox().resolve("slow.json.part"), "[" + write(Rows.valid()));

        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> Files.exists(part) && runs().isEmpty());

        Files.writeString(part, "[" + write(Rows.valid()) + "]");
        Files.move(part, inbox().resolve("slow.json"));
        RunDir run = awaitRunFor("slow.json");
        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(run.candidates()).hasSize(1);
    }

    @Test
    void hiddenAndTmpFilesAreLeftAlone() throws Exception {
        Files.createDirectories(inbox());
        Path hidden = Files.writeString(inbox().resolve(".draft.json"), "[]");
        Path tmp = Files.writeString(inbox().resolve("export.tmp"), "[]");
        drop("visible.jsonl", jsonl(Rows.valid()));
        awaitRunFor("visible.jsonl");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> Files.exists(hidden) && Files.exists(tmp) && runs().size() == 1);
    }

    private static List<Integer> stage(JsonNode counts, String stage) {
        JsonNode s = counts.path(stage);
        return List.of(s.path("passed").asInt(), s.path("failed").asInt(), s.path("already_stamped").asInt());
    }
}
