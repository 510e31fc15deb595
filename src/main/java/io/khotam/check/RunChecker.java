package io.khotam.check;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.Json;
import io.khotam.Sha256;
import io.khotam.Stage;
import io.khotam.evidence.CandidatePacket;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.ProducerUsed;
import io.khotam.evidence.RunLayout;
import io.khotam.intake.RowFields;
import io.khotam.store.RunCatalog;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The verdict-only checker (docs/contract.md "Check rules"): reads a finished run's files and says
 * whether they keep the contract, writing nothing. A second opinion on the producer's output, not
 * a re-run: it uses none of the inspection code and judges no threshold of the rule-set, only the
 * invariants every genuine run keeps. Every file is read as a stream in row order, so memory does
 * not grow with the run.
 */
public final class RunChecker {

    public enum Rule { PACKET_HASH, CANDIDATE_ID, INPUT_BINDING, ORDER, OWN_COLUMN, GENUINE, VERDICT_CHAIN, PARTITION, PACKETS, REFERENCE }

    /** One broken rule; {@code row} and {@code candidateId} are null when it concerns the whole run. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Violation(Rule rule, Long row, @JsonProperty("candidate_id") String candidateId,
                            String detail) {}

    /**
     * @param scope what was checked: "whole run", or, for a run that did not complete (its files
     *              partial, its input not judged row by row), which rules were checked and which not
     */
    public record Summary(@JsonProperty("run_id") String runId, boolean conforms,
                          long candidates, long violations, Map<Rule, Long> rules, String scope) {}

    public static final String WHOLE = "whole run";

    private static final ObjectMapper JSON = Json.DATA;
    private static final String[] STAGES = {"pen", "stamp", "gate"};
    private static final Pattern MICROSECOND_UTC = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");

    private RunChecker() {}

    /**
     * @param report given every violation as it is found
     * @throws IllegalArgumentException when the run has no manifest or has not ended
     */
    public static Summary check(RunCatalog.Entry run, Consumer<Violation> report) throws IOException {
        Manifest m = run.endedManifest("check");
        Map<Rule, Long> broken = new TreeMap<>();
        Consumer<Violation> count = v -> {
            broken.merge(v.rule(), 1L, Long::sum);
            report.accept(v);
        };
        reusedReference(run.dir(), m, count);
        Walk walk = new Walk(run.dir(), m, count);
        long candidates = walk.whole() ? walk.run() : walk.candidatesOnly();
        long total = broken.values().stream().mapToLong(Long::longValue).sum();
        return new Summary(run.runId(), total == 0, candidates, total, broken, walk.whole() ? WHOLE
                : "partial: the run is " + m.status() + ", so its files stop where it stopped; each candidate line was "
                + "checked (packet hash, candidate id, order, own columns, genuine stamps, verdict chain) against its own "
                + "row_data, not the input, and the partition and the manifest's packets were not checked");
    }

    /** A rerun that reused its source's reference file holds that very file: the sha256 its manifest names. */
    private static void reusedReference(Path dir, Manifest m, Consumer<Violation> report) throws IOException {
        ProducerUsed.ReferenceFrom from = m.producerOrBuiltin().referenceFrom();
        if (from == null || from.sha256() == null) {
            return;
        }
        Path file = dir.resolve(RunLayout.REFERENCE);
        String actual = Files.isRegularFile(file) ? Sha256.ofFile(file) : "(no file)";
        if (!from.sha256().equals(actual)) {
            report.accept(new Violation(Rule.REFERENCE, null, null, RunLayout.REFERENCE + " is not the reference taken from run "
                    + from.runId() + ": sha256 " + actual + ", the manifest's producer.reference_from names " + from.sha256()));
        }
    }

    /** One pass over the input and every output of a run, merged by row number. */
    private static final class Walk {
        private final Path dir;
        private final Manifest m;
        private final Consumer<Violation> report;
        private final MessageDigest chain = Sha256.digest();
        private final Instant started;
        private final Instant finished;

        Walk(Path dir, Manifest m, Consumer<Violation> report) {
            this.dir = dir;
            this.m = m;
            this.report = report;
            this.started = m.startedAt();
            this.finished = m.finishedAt();
        }

        /** Whether the run completed with its input kept: only then are its rows judged against the input, whole. */
        boolean whole() {
            return m.inputReturnedAs() == null && "COMPLETED".equals(m.status().name())
                    && Files.isRegularFile(RunLayout.inputFile(dir, m.input().file()));
        }

        /** A run that did not complete: its candidate lines, each on its own. */
        long candidatesOnly() throws IOException {
            try (RunLines candidates = new RunLines(dir.resolve(RunLayout.CANDIDATES))) {
                for (JsonNode line = candidates.take(); line != null; line = candidates.take()) {
                    candidate(line, RunLines.row(line), line.path("row_data"), null, new long[3]);
                }
                return candidates.count();
            }
        }

        long run() throws IOException {
            try (RunLines candidates = new RunLines(dir.resolve(RunLayout.CANDIDATES));
                 RunLines admission = new RunLines(dir.resolve(RunLayout.deadLetters(Stage.ADMISSION)));
                 RunLines skipped = new RunLines(dir.resolve(RunLayout.SKIPPED));
                 RunLines pen = new RunLines(dir.resolve(RunLayout.deadLetters(Stage.PEN)));
                 RunLines stamp = new RunLines(dir.resolve(RunLayout.deadLetters(Stage.STAMP)));
                 RunLines gate = new RunLines(dir.resolve(RunLayout.deadLetters(Stage.GATE)));
                 InputRows input = InputRows.open(dir, m)) {
                RunLines[] stageLetters = {pen, stamp, gate};
                long[] failedVerdicts = new long[3];
                long scanned = 0;
                long packets = 0;
                while (input.hasNext()) {
                    InputRows.Row in = input.next();
                    scanned++;
                    int places = 0;
                    places += admission.takeIf(in.row()) != null ? 1 : 0;
                    places += skipped.takeIf(in.row()) != null ? 1 : 0;
                    JsonNode candidate = candidates.takeIf(in.row());
                    if (candidate != null) {
                        places++;
                        packets++;
                        candidate(candidate, in.row(), in.fields(), stageLetters, failedVerdicts);
                    }
                    if (places != 1) {
                        violation(Rule.PARTITION, in.row(), null, "input row " + in.row() + " is in " + places
                                + " places (candidates, admission dead letters, skipped); exactly one is allowed");
                    }
                }
                for (RunLines leftover : new RunLines[] {candidates, admission, skipped, pen, stamp, gate}) {
                    for (JsonNode line = leftover.take(); line != null; line = leftover.take()) {
                        violation(Rule.PARTITION, RunLines.row(line), line.path("candidate_id").asText(null), leftover.name()
                                + " holds row " + RunLines.row(line) + ", which the input does not have (or not in row order)");
                    }
                }
                totals(scanned, candidates.count(), admission.count(), skipped.count(), failedVerdicts, stageLetters);
                packets(packets);
                return candidates.count();
            }
        }

        /**
         * @param received the row's recognised fields as received: from the input, or (a partial run) its own row_data
         * @param stageLetters the stage dead letters to match each FAILED verdict with; null when not matched
         */
        private void candidate(JsonNode c, long row, JsonNode received, RunLines[] stageLetters, long[] failedVerdicts)
                throws IOException {
            String id = c.path("candidate_id").asText(null);
            String hash = c.path(CandidatePacket.HASH).asText("");
            ObjectNode unhashed = ((ObjectNode) c.deepCopy());
            unhashed.remove(CandidatePacket.HASH);
            // the JCS library's canonical form, not the producer's own writer: a second opinion on that too
            String canonical = new JsonCanonicalizer(JSON.writeValueAsString(unhashed)).getEncodedString();
            if (!Sha256.hex(canonical.getBytes(StandardCharsets.UTF_8)).equals(hash)) {
                violation(Rule.PACKET_HASH, row, id, "packet_hash does not recompute from the line");
            }
            chain.update((hash + "\n").getBytes(StandardCharsets.US_ASCII));
            if (!m.runId().equals(c.path("run_id").asText()) || !(m.runId() + "/" + row).equals(id)
                    || !"STAGING".equals(c.path("marker").asText()) || !"candidate".equals(c.path("designation").asText())) {
                violation(Rule.CANDIDATE_ID, row, id, "expected marker STAGING, designation candidate, run_id " + m.runId()
                        + " and candidate_id " + m.runId() + "/" + row);
            }
            if (!received.equals(c.path("row_data"))) {
                violation(Rule.INPUT_BINDING, row, id, "row_data differs from input row " + row + " as received");
            }
            if (!Objects.equals(text(received.path("entity_code")), text(c.path("entity_code")))) {
                violation(Rule.INPUT_BINDING, row, id, "entity_code differs from input row " + row + "'s");
            }
            String[] stamps = new String[3];
            String[] verdicts = new String[3];
            for (int s = 0; s < 3; s++) {
                stamps[s] = text(c.path("inspect_" + STAGES[s]));
                verdicts[s] = c.path("verdicts").path(STAGES[s]).asText("");
            }
            for (int s = 1; s < 3; s++) {
                if (stamps[s] != null && stamps[s - 1] == null) {
                    violation(Rule.ORDER, row, id, "inspect_" + STAGES[s] + " is set while inspect_" + STAGES[s - 1] + " is not");
                }
            }
            Instant lastSet = null;
            boolean failedBefore = false;
            for (int s = 0; s < 3; s++) {
                String column = "inspect_" + STAGES[s];
                String given = text(received.path(column));
                switch (verdicts[s]) {
                    case "ALREADY_STAMPED" -> {
                        if (given == null || !given.equals(stamps[s])) {
                            violation(Rule.OWN_COLUMN, row, id, column + " is ALREADY_STAMPED but is not exactly as received");
                        }
                    }
                    case "PASSED" -> {
                        if (given != null || stamps[s] == null) {
                            violation(Rule.OWN_COLUMN, row, id, column + " is PASSED but was not set by the run");
                        } else {
                            lastSet = genuine(row, id, column, stamps[s], lastSet);
                        }
                    }
                    case "FAILED", "NOT_RUN" -> {
                        if (!Objects.equals(given, stamps[s])) {
                            violation(Rule.OWN_COLUMN, row, id, column + " is " + verdicts[s] + " but differs from what was received");
                        }
                    }
                    default -> violation(Rule.VERDICT_CHAIN, row, id, "verdict " + STAGES[s] + " is '" + verdicts[s] + "'");
                }
                if (failedBefore && !"NOT_RUN".equals(verdicts[s])) {
                    violation(Rule.VERDICT_CHAIN, row, id, STAGES[s] + " is " + verdicts[s] + " after a FAILED stage");
                }
                if ("FAILED".equals(verdicts[s])) {
                    failedBefore = true;
                    failedVerdicts[s]++;
                    if (stageLetters != null && stageLetters[s].takeIf(row) == null) {
                        violation(Rule.PARTITION, row, id, STAGES[s] + " is FAILED but dead-letter/" + STAGES[s]
                                + ".jsonl has no line for row " + row);
                    }
                }
            }
        }

        /** A stamp the run set: microsecond UTC, within the run, after the row's previous run-set stamp. */
        private Instant genuine(long row, String id, String column, String stamp, Instant previous) {
            Instant at;
            try {
                at = Instant.parse(stamp);
            } catch (DateTimeParseException e) {
                violation(Rule.GENUINE, row, id, column + " is not an instant");
                return previous;
            }
            if (!MICROSECOND_UTC.matcher(stamp).matches()) {
                violation(Rule.GENUINE, row, id, column + " is not a microsecond UTC instant");
            }
            if (started == null || finished == null || at.isBefore(started) || at.isAfter(finished)) {
                violation(Rule.GENUINE, row, id, column + " " + stamp + " is outside the run (" + started + " to " + finished + ")");
            }
            if (previous != null && !at.isAfter(previous)) {
                violation(Rule.GENUINE, row, id, column + " is not later than the row's earlier stamp");
            }
            return at;
        }

        private void totals(long scanned, long candidates, long admission, long skipped, long[] failed, RunLines[] stageLetters) {
            var c = m.counts();
            check(scanned == c.scanned(), "the input holds " + scanned + " rows; the manifest counts " + c.scanned() + " scanned");
            check(candidates == c.candidates(), candidates + " candidate lines; the manifest counts " + c.candidates());
            check(admission == c.rejected(), admission + " admission dead letters; the manifest counts " + c.rejected() + " rejected");
            check(skipped == c.skipped(), skipped + " skipped lines; the manifest counts " + c.skipped());
            for (int s = 0; s < 3; s++) {
                long counted = c.stage(Stage.valueOf(STAGES[s].toUpperCase(Locale.ROOT))).failed();
                check(failed[s] == counted && stageLetters[s].count() == counted, STAGES[s] + ": " + failed[s]
                        + " FAILED verdicts and " + stageLetters[s].count() + " dead letters; the manifest counts " + counted);
            }
        }

        private void check(boolean holds, String detail) {
            if (!holds) {
                violation(Rule.PARTITION, null, null, detail);
            }
        }

        private void packets(long count) {
            Manifest.Packets recorded = m.packets();
            String sha = Sha256.hex(chain);
            if (recorded == null) {
                if (count > 0) {
                    violation(Rule.PACKETS, null, null, "the manifest records no packets; the candidates file holds " + count);
                }
            } else if (recorded.count() != count || !recorded.sha256().equals(sha)) {
                violation(Rule.PACKETS, null, null, "the manifest's packets (" + recorded.count() + ", " + recorded.sha256()
                        + ") do not match the candidates file (" + count + ", " + sha + ")");
            }
        }

        private void violation(Rule rule, Long row, String candidateId, String detail) {
            report.accept(new Violation(rule, row, candidateId, detail));
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }

    /** The run's input read independently of the pipeline: each row's number and recognised fields as received. */
    private static final class InputRows implements Iterator<InputRows.Row>, Closeable {
        record Row(long row, JsonNode fields) {}

        private final Iterator<Row> rows;
        private final Closeable source;

        private InputRows(Iterator<Row> rows, Closeable source) {
            this.rows = rows;
            this.source = source;
        }

        static InputRows open(Path dir, Manifest m) throws IOException {
            Path file = RunLayout.inputFile(dir, m.input().file());
            if (m.inputReturnedAs() != null || !"COMPLETED".equals(m.status().name()) || !Files.isRegularFile(file)) {
                return new InputRows(Collections.emptyIterator(), () -> { }); // nothing was judged row by row
            }
            if (m.input().format().equals("json")) {
                JsonParser parser = JSON.createParser(file.toFile());
                JsonToken first = parser.nextToken();
                if (first == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME && !"rows".equals(parser.currentName())) {
                        parser.nextToken();
                        parser.skipChildren();
                    }
                    parser.nextToken(); // the rows array
                }
                parser.nextToken(); // the first element, or the end
                long[] index = {0};
                Iterator<Row> rows = new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return parser.currentToken() != null && parser.currentToken() != JsonToken.END_ARRAY;
                    }

                    @Override
                    public Row next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        try {
                            JsonNode value = JSON.readTree(parser);
                            parser.nextToken();
                            return new Row(++index[0], recognised(value));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                };
                return new InputRows(rows, parser);
            }
            BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            long[] line = {0};
            Iterator<Row> rows = reader.lines().map(text -> {
                line[0]++;
                return text.isBlank() ? null : new Row(line[0], recognised(parse(text.startsWith("\uFEFF") ? text.substring(1) : text)));
            }).filter(Objects::nonNull).iterator();
            return new InputRows(rows, reader);
        }

        private static JsonNode parse(String text) {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                return JSON.getNodeFactory().textNode(text); // not JSON: an admission dead letter, never a candidate
            }
        }

        private static JsonNode recognised(JsonNode value) {
            if (!value.isObject()) {
                return value;
            }
            ObjectNode fields = JSON.createObjectNode();
            value.fields().forEachRemaining(f -> {
                if (RowFields.RECOGNISED.contains(f.getKey())) {
                    fields.set(f.getKey(), f.getValue());
                }
            });
            return fields;
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public Row next() {
            return rows.next();
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }
}
