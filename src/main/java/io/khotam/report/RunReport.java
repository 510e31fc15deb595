package io.khotam.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.khotam.Json;
import io.khotam.Sha256;
import io.khotam.Stage;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.OutputFile;
import io.khotam.evidence.RunCounts;
import io.khotam.evidence.RunLayout;
import io.khotam.evidence.StageCounts;
import io.khotam.registry.WriteCounters;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run as one self-contained HTML page (inline CSS, an inline SVG funnel, no script, no network):
 * written into {@code evidence/report.html} at the end of every run, so whoever opens the staging
 * folder sees the run without a server, and it goes when the run is deleted. Every value from a
 * row is HTML-escaped by the template engine, and the page's own Content-Security-Policy forbids
 * scripts and any fetch, so hostile row data renders as text.
 */
public final class RunReport {

    /** Evidence lines shown per dead-letter stage; the rest are counted and named by file. */
    static final int EXAMPLES = 20;
    /** Characters of an example's row data shown; the rest is in the dead-letter file. */
    static final int ROW_DATA_CHARS = 4096;

    private static final Mustache TEMPLATE = new DefaultMustacheFactory().compile("report/run.mustache");
    private static final ObjectMapper JSON = Json.DATA;
    private static final int BAR = 420;

    private final Clock clock;

    public RunReport(Clock clock) {
        this.clock = clock;
    }

    /** The page's words for what `check` found; null when the page was made without checking. */
    public record CheckResult(boolean conforms, String label) {}

    /**
     * Writes the page for the run's own evidence, in place: only the manifest written after it lists
     * it (with this hash); one that cannot be written whole is removed, and one a crash cut short is
     * listed as partial by the recovery. A link in its place is refused, never followed.
     *
     * @return the output entry for the manifest
     */
    public OutputFile writeInto(Path runDir, Manifest manifest) throws IOException {
        byte[] page = render(runDir, manifest, null).getBytes(StandardCharsets.UTF_8);
        Path target = runDir.resolve(RunLayout.REPORT);
        try {
            Files.write(target, page, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            if (!Files.isSymbolicLink(target)) {
                Files.deleteIfExists(target); // a page cut short (a full disk) is not left to be taken for one
            }
            throw e;
        }
        return OutputFile.complete(RunLayout.REPORT, Sha256.hex(page), page.length);
    }

    /** The page for a finished run, as HTML. */
    public String render(Path runDir, Manifest m, CheckResult check) throws IOException {
        StringWriter html = new StringWriter();
        TEMPLATE.execute(html, page(runDir, m, check));
        return html.toString();
    }

    /** What the page shows, for this page and for the console's run page (the same sections). */
    public Map<String, Object> page(Path runDir, Manifest m, CheckResult check) throws IOException {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("runId", m.runId());
        page.put("status", m.status().name());
        page.put("reason", m.reason());
        page.put("detail", m.detail());
        page.put("rerunOf", m.rerunOf());
        page.put("input", Map.of("file", m.input().file(), "format", m.input().format(), "bytes", m.input().bytes(),
                "sha256", m.input().sha256()));
        Manifest.RuleSetUsed rules = m.ruleset();
        page.put("rulesetLabel", rules == null || rules.id() == null ? "none loaded" : rules.id() + " " + rules.version());
        page.put("rulesetSha", rules == null ? null : rules.sha256());
        page.put("rulesetSource", rules == null ? null : rules.source());
        page.put("startedAt", String.valueOf(m.startedAt()));
        page.put("node", m.owner() == null || m.owner().node() == null ? null : m.owner().node());
        page.put("finishedAt", m.finishedAt() == null ? "not yet" : m.finishedAt().toString());
        page.put("packetsLabel", m.packets() == null ? "none recorded" : m.packets().count() + " candidate packet(s), chain sha256 "
                + m.packets().sha256());
        RunCounts c = m.counts();
        page.put("counts", Map.of("scanned", c.scanned(), "admitted", c.admitted(), "rejected", c.rejected(), "skipped",
                c.skipped(), "candidates", c.candidates(), "deadLetters", c.deadLetters()));
        page.put("funnel", funnel(c));
        page.put("funnelHeight", 5 * 26 + 4);
        List<Map<String, Object>> stages = new ArrayList<>();
        for (Stage stage : List.of(Stage.PEN, Stage.STAMP, Stage.GATE)) {
            StageCounts s = c.stage(stage);
            stages.add(Map.of("name", stage.fileName(), "passed", s.passed(), "alreadyStamped", s.alreadyStamped(),
                    "failed", s.failed()));
        }
        page.put("stages", stages);
        page.put("deadLetterStages", deadLetters(runDir, c));
        List<Map<String, Object>> skipped = new ArrayList<>();
        c.skippedCodes().forEach((code, n) -> skipped.add(Map.of("code", code, "count", n)));
        page.put("skippedCodes", skipped);
        Manifest.Production proof = m.production();
        Map<String, Object> production = new LinkedHashMap<>();
        production.put("configured", proof.configured());
        production.put("note", proof.note());
        production.put("source", proof.source());
        production.put("pending", proof.pending());
        production.put("fingerprintBefore", proof.fingerprintBefore());
        production.put("digestBeforeAt", proof.digestBefore() == null ? null : proof.digestBefore().at().toString());
        production.put("fingerprintAfter", proof.fingerprintAfter());
        production.put("digestAfterAt", proof.digestAfter() == null ? null : proof.digestAfter().at().toString());
        production.put("counters", proof.countersBefore() == null ? null : "inserted, updated, deleted rows: "
                + counters(proof.countersBefore()) + " before, " + (proof.countersAfter() == null ? "not read"
                : counters(proof.countersAfter())) + " after");
        page.put("production", production);
        page.put("productionClass", Boolean.TRUE.equals(m.production().untouched()) ? "ok" : "bad");
        if (check != null) {
            page.put("check", true);
            page.put("checkClass", check.conforms() ? "ok" : "bad");
            page.put("checkLabel", check.label());
        }
        List<Map<String, Object>> outputs = new ArrayList<>();
        for (OutputFile file : m.outputs()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", file.path());
            entry.put("bytes", file.bytes());
            entry.put("sha256", file.sha256());
            entry.put("partial", Boolean.TRUE.equals(file.partial()));
            outputs.add(entry);
        }
        page.put("outputs", outputs);
        page.put("producer", ProducerSection.of(runDir, m));
        page.put("generatedAt", clock.instant().toString());
        return page;
    }

    private static String counters(WriteCounters c) {
        return c.inserted() + " / " + c.updated() + " / " + c.deleted();
    }

    /** How long each part of a producer run took, in words: "rows loaded in 21 ms, producer ran 14 ms, judged in 30 ms". */
    public static String timings(Map<String, Long> millis) {
        return ProducerSection.timings(millis);
    }

    /** scanned → admitted → PEN → STAMP → GATE: how many went on, and how many stopped at each step. */
    private static List<Map<String, Object>> funnel(RunCounts c) {
        long scanned = Math.max(1, c.scanned());
        List<Map<String, Object>> rows = new ArrayList<>();
        Object[][] steps = {
                {"scanned", c.scanned(), 0L, ""},
                {"admitted", c.admitted(), c.rejected() + c.skipped(), "rejected or skipped"},
                {"PEN", c.pen().passed() + c.pen().alreadyStamped(), c.pen().failed(), "failed"},
                {"STAMP", c.stamp().passed() + c.stamp().alreadyStamped(), c.stamp().failed(), "failed"},
                {"GATE", c.gate().passed() + c.gate().alreadyStamped(), c.gate().failed(), "failed"}};
        for (int i = 0; i < steps.length; i++) {
            long passed = (Long) steps[i][1];
            long failed = (Long) steps[i][2];
            long passedWidth = passed * BAR / scanned;
            long failedWidth = failed * BAR / scanned;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("label", steps[i][0]);
            row.put("passed", passed);
            row.put("failed", failed == 0 ? null : failed);
            row.put("failedLabel", steps[i][3]);
            row.put("barY", i * 26 + 2);
            row.put("textY", i * 26 + 15);
            row.put("passedWidth", passedWidth);
            row.put("failedX", 150 + passedWidth);
            row.put("failedWidth", failedWidth);
            row.put("countX", 150 + passedWidth + failedWidth + 8);
            rows.add(row);
        }
        return rows;
    }

    private static List<Map<String, Object>> deadLetters(Path runDir, RunCounts c) throws IOException {
        List<Map<String, Object>> stages = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            Map<String, Long> byCode = c.deadLetterCodes().get(stage.fileName());
            if (byCode == null || byCode.isEmpty()) {
                continue;
            }
            List<Map<String, Object>> codes = new ArrayList<>();
            byCode.forEach((code, n) -> codes.add(Map.of("code", code, "count", n)));
            Path file = runDir.resolve(RunLayout.deadLetters(stage));
            // only the examples are read: at the end of a million-row run the rest is counted, not re-read
            List<Map<String, Object>> examples = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? examples(file) : List.of();
            long letters = letters(c, stage);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("stage", stage.fileName());
            entry.put("codes", codes);
            entry.put("examples", examples);
            entry.put("more", letters > examples.size() ? letters - examples.size() : null);
            stages.add(entry);
        }
        return stages;
    }

    /** How many dead-letter lines the manifest counts for a stage (one per rejected or failed row; file: the rest). */
    private static long letters(RunCounts c, Stage stage) {
        return switch (stage) {
            case ADMISSION -> c.rejected();
            case PEN, STAMP, GATE -> c.stage(stage).failed();
            default -> c.deadLetters() - c.rejected() - c.pen().failed() - c.stamp().failed() - c.gate().failed();
        };
    }

    /**
     * The first dead letters of a file, read as a stream: a hostile row of tens of megabytes is
     * never held whole, only the excerpt of its row data that the page shows.
     */
    private static List<Map<String, Object>> examples(Path file) throws IOException {
        List<Map<String, Object>> examples = new ArrayList<>();
        try (JsonParser in = JSON.createParser(file.toFile())) {
            while (examples.size() < EXAMPLES && in.nextToken() == JsonToken.START_OBJECT) {
                examples.add(example(in));
            }
        }
        return examples;
    }

    private static Map<String, Object> example(JsonParser in) throws IOException {
        String row = "-";
        String rowData = "null";
        List<Map<String, Object>> checks = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String name = in.currentName();
            JsonToken value = in.nextToken();
            switch (name) {
                case "row" -> row = value == JsonToken.VALUE_NULL ? "-" : in.getText();
                case "checks" -> {
                    for (JsonNode check : (JsonNode) JSON.readTree(in)) {
                        codes.add(check.path("code").asText());
                        checks.add(Map.of("code", check.path("code").asText(), "message", check.path("message").asText("")));
                    }
                }
                case "row_data" -> rowData = excerpt(in);
                default -> in.skipChildren();
            }
        }
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("row", row);
        example.put("codes", String.join(", ", codes));
        example.put("checks", checks);
        example.put("rowData", rowData);
        return example;
    }

    /** The value under the parser as pretty JSON, cut after ROW_DATA_CHARS characters. */
    private static String excerpt(JsonParser in) throws IOException {
        Excerpt text = new Excerpt();
        try (JsonGenerator out = JSON.getFactory().createGenerator(text)) {
            out.useDefaultPrettyPrinter();
            out.copyCurrentStructure(in);
        }
        return text.toString();
    }

    /** Keeps the first characters written to it and counts the rest. */
    private static final class Excerpt extends Writer {
        private final StringBuilder kept = new StringBuilder();
        private long dropped;

        @Override
        public void write(char[] chars, int offset, int length) {
            int room = Math.max(0, ROW_DATA_CHARS - kept.length());
            kept.append(chars, offset, Math.min(room, length));
            dropped += Math.max(0, length - room);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        @Override
        public String toString() {
            return dropped == 0 ? kept.toString()
                    : kept + "\n… cut here: " + dropped + " more characters; the whole row is in the dead-letter file";
        }
    }
}
