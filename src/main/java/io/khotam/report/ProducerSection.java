package io.khotam.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Stage;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.ProducerUsed;
import io.khotam.evidence.RunLayout;
import io.khotam.inspection.Row;
import io.khotam.producer.Judge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "Producer under test" section of a run's page and of the console (templates in
 * resources/report/sections.mustache): the verdict, what the producer did against what the
 * reference found, stage by stage, and the first rows of each judge code.
 */
final class ProducerSection {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Rows shown per judge code; the rest are in dead-letter/producer.jsonl. */
    static final int EXAMPLES = 5;

    private ProducerSection() {}

    /** @return the section's values, or null for a run of the built-in inspectors (no section) */
    static Map<String, Object> of(Path runDir, Manifest m) throws IOException {
        ProducerUsed p = m.producerOrBuiltin();
        if (p.builtin()) {
            return null;
        }
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("kind", p.kind());
        section.put("source", p.source());
        section.put("sha256", p.sha256());
        section.put("verdict", p.verdict() != null ? p.verdict()
                : m.running() ? "no verdict yet (the run is RUNNING)" : "no verdict (the run did not complete)");
        section.put("verdictClass", ProducerUsed.CONFORMS.equals(p.verdict()) ? "ok" : "bad");
        section.put("rowsGiven", p.rowsGiven());
        section.put("rowsJudged", p.rowsJudged());
        section.put("window", p.windowStarted() == null ? null : p.windowStarted() + " to " + p.windowFinished());
        section.put("workspace", p.workspace() == null ? null
                : p.workspace().schema() + " in " + p.workspace().database() + ": " + p.workspace().state());
        section.put("millis", p.millis() == null ? null : p.millis().toString());
        section.put("agreement", agreement(p));
        section.put("codes", codes(runDir, p));
        return section;
    }

    private static List<Map<String, Object>> agreement(ProducerUsed p) {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (p.agreement() == null) {
            return rows;
        }
        for (Stage inspector : Stage.INSPECTORS) {
            String stage = inspector.fileName();
            Map<String, Map<String, Long>> byReference = p.agreement().getOrDefault(stage, Map.of());
            for (Row.Verdict verdict : Row.Verdict.values()) {
                String reference = verdict.name().toLowerCase(java.util.Locale.ROOT);
                Map<String, Long> did = byReference.get(reference);
                if (did == null) {
                    continue;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("stage", stage);
                row.put("reference", reference.replace('_', ' '));
                long stamped = did.getOrDefault("stamped", 0L);
                long unset = did.getOrDefault("unset", 0L);
                row.put("stamped", stamped);
                row.put("unset", unset);
                row.put("kept", did.getOrDefault("kept", 0L));
                // agreement: stamping what the reference passes, leaving unset what it does not
                boolean disagrees = reference.equals("passed") ? unset > 0 : !reference.equals("already_stamped") && stamped > 0;
                row.put("rowClass", disagrees ? "bad" : "");
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<Map<String, Object>> codes(Path runDir, ProducerUsed p) throws IOException {
        Map<String, Map<String, Object>> byCode = new LinkedHashMap<>();
        if (p.counts() != null) {
            p.counts().forEach((code, count) -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("code", code);
                entry.put("count", count);
                entry.put("kind", Judge.Code.valueOf(code).breaksContract() ? "breaks the contract" : "disagrees with the reference");
                entry.put("examples", new ArrayList<Map<String, Object>>());
                entry.put("more", Math.max(0, count - EXAMPLES));
                byCode.put(code, entry);
            });
        }
        Path file = runDir.resolve(RunLayout.PRODUCER_DEAD_LETTERS);
        if (!byCode.isEmpty() && Files.isRegularFile(file)) {
            try (MappingIterator<JsonNode> lines = JSON.readerFor(JsonNode.class).readValues(file.toFile())) {
                while (lines.hasNext()) {
                    JsonNode line = lines.next();
                    for (JsonNode code : line.path("codes")) {
                        Map<String, Object> entry = byCode.get(code.asText());
                        @SuppressWarnings("unchecked")
                        List<Map<String, Object>> examples = entry == null ? null : (List<Map<String, Object>>) entry.get("examples");
                        if (examples != null && examples.size() < EXAMPLES) {
                            Map<String, Object> example = new LinkedHashMap<>();
                            example.put("row", line.path("row").asText());
                            example.put("entityCode", line.path("entity_code").asText(""));
                            example.put("codes", String.join(", ", textOf(line.path("codes"))));
                            example.put("before", line.path("before").toString());
                            example.put("after", line.path("after").toString());
                            example.put("reference", line.path("reference").toString());
                            examples.add(example);
                        }
                    }
                }
            }
        }
        return new ArrayList<>(byCode.values());
    }

    private static List<String> textOf(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }
}
