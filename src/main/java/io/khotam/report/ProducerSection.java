package io.khotam.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Json;
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
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The "Producer under test" section of a run's page and of the console (templates in
 * resources/report/sections.mustache): the verdict, what the producer did against what the
 * reference found, stage by stage, and the first rows of each judge code.
 */
final class ProducerSection {

    private static final ObjectMapper JSON = Json.DATA;
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
        section.put("verdict", p.verdict() != null ? p.verdict() : m.running() ? "no verdict yet" : "no verdict");
        section.put("verdictClass", p.verdict() == null ? "none" : switch (p.verdict()) {
            case ProducerUsed.CONFORMS -> "ok";
            case ProducerUsed.DIVERGES -> "warn";
            default -> "bad";
        });
        section.put("next", next(m, p));
        section.put("sandbox", p.sandbox());
        section.put("warnings", p.warnings());
        section.put("rowsGiven", p.rowsGiven());
        section.put("rowsJudged", p.rowsJudged());
        section.put("window", p.windowStarted() == null ? null : p.windowStarted() + " to " + p.windowFinished());
        section.put("workspace", p.workspace() == null ? null
                : p.workspace().schema() + " in " + p.workspace().database() + ": " + p.workspace().state());
        section.put("timings", p.millis() == null ? null : timings(p.millis()));
        section.put("agreement", agreement(p));
        section.put("codes", codes(runDir, p));
        List<Map<String, Object>> probes = probes(runDir);
        section.put("probes", probes);
        section.put("hasProbes", !probes.isEmpty());
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
                String reference = verdict.name().toLowerCase(Locale.ROOT);
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
                entry.put("more", count > EXAMPLES ? count - EXAMPLES : null);
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
                            example.put("why", textOf(line.path("why")));
                            example.put("probe", line.path("probe").asText(null));
                            examples.add(example);
                        }
                    }
                }
            }
        }
        return new ArrayList<>(byCode.values());
    }

    /**
     * Judged rows by the edge of the rule-set they probe (their probe field, `kho-tam edges`): the edge,
     * how many rows of it were judged, and which. Empty when no judged row names a probe.
     */
    private static List<Map<String, Object>> probes(Path runDir) throws IOException {
        Map<String, Map<String, Object>> byEdge = new TreeMap<>();
        Path file = runDir.resolve(RunLayout.PRODUCER_DEAD_LETTERS);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (MappingIterator<JsonNode> lines = JSON.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (lines.hasNext()) {
                JsonNode line = lines.next();
                String probe = line.path("probe").asText(null);
                if (probe == null) {
                    continue;
                }
                int cut = probe.indexOf(": ");
                Map<String, Object> group = byEdge.computeIfAbsent(cut < 0 ? probe : probe.substring(0, cut), edge -> {
                    Map<String, Object> g = new LinkedHashMap<>();
                    g.put("edge", edge);
                    g.put("count", 0L);
                    g.put("rows", new ArrayList<String>());
                    return g;
                });
                group.put("count", (Long) group.get("count") + 1);
                @SuppressWarnings("unchecked")
                List<String> rows = (List<String>) group.get("rows");
                if (rows.size() < EXAMPLES) {
                    rows.add("row " + line.path("row").asText() + " " + (cut < 0 ? "" : probe.substring(cut + 2)) + ": "
                            + String.join(", ", textOf(line.path("codes"))));
                }
            }
        }
        return new ArrayList<>(byEdge.values());
    }

    /** One sentence: the verdict in words, and what to look at next. */
    private static String next(Manifest m, ProducerUsed p) {
        if (p.verdict() == null) {
            return m.running() ? "The run is RUNNING: the producer is judged when it ends."
                    : "The run " + m.status() + (m.reason() == null ? "" : ": " + m.reason()) + ". Nothing was judged; the producer's "
                    + "own output is in evidence/producer.log.";
        }
        long judged = p.rowsJudged() == null ? 0 : p.rowsJudged();
        return switch (p.verdict()) {
            case ProducerUsed.CONFORMS -> "The producer conforms: on every one of its " + p.rowsGiven() + " rows it keeps the "
                    + "contract and agrees with the reference.";
            case ProducerUsed.DIVERGES -> "The producer keeps the contract but disagrees with the reference on " + judged
                    + " row(s): read each row's why below, or diff this run with a built-in run of the same input.";
            default -> "The producer breaks the contract on " + judged + " row(s): read the " + firstBreaking(p)
                    + " rows below, each with its why (all in dead-letter/producer.jsonl).";
        };
    }

    private static String firstBreaking(ProducerUsed p) {
        return p.counts() == null ? "judged" : p.counts().keySet().stream().filter(c -> Judge.Code.valueOf(c).breaksContract())
                .findFirst().orElse("judged");
    }

    /**
     * How long each part took, in words: "load finished 21 ms after the reference, producer ran 14 ms,
     * read back and judged in 30 ms" (the rows stream into the workspace while the reference is recorded).
     */
    static String timings(Map<String, Long> millis) {
        List<String> parts = new ArrayList<>();
        for (String[] part : new String[][] {{"load", "load finished ", " after the reference"},
                {"producer", "producer ran ", ""}, {"judge", "read back and judged in ", ""}}) {
            Long ms = millis.get(part[0]);
            if (ms != null) {
                parts.add(part[1] + duration(ms) + part[2]);
            }
        }
        return String.join(", ", parts);
    }

    private static String duration(long ms) {
        return ms < 1_000 ? ms + " ms" : ms < 60_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0)
                : String.format(Locale.ROOT, "%d min %d s", ms / 60_000, (ms % 60_000) / 1000);
    }

    private static List<String> textOf(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }
}
