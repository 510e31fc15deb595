package io.khotam.producer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.khotam.Problems;
import io.khotam.evidence.RunLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs an exec producer (docs/contract.md "Producer under test"): the rows go to its stdin as JSON
 * lines {@code {"row_no":N,"row":{…}}}, it answers one line per row on stdout
 * {@code {"row_no":N,"inspect_pen":…,"inspect_stamp":…,"inspect_gate":…}} plus any other column it
 * claims to set. Its stdin, stdout and stderr are files of the run (evidence/producer-*.jsonl,
 * evidence/producer.log). Nothing is guessed: a bad answer fails the run with the line that was bad.
 */
public class ExecProducer {

    private static final Set<String> COLUMNS = Set.copyOf(RegistryColumns.OTHERS);
    private static final Set<String> INSTANT_COLUMNS = Set.of("born_at", "certified_at");

    private final ObjectMapper mapper;

    public ExecProducer(ObjectMapper mapper) {
        // without Jackson's flush after each tree: the producer's input is written a buffer at a time, not a row
        this.mapper = mapper.copy().disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    }

    public Produced run(ProducerJob job) throws ProducerFailedException {
        Path input = job.runDir().resolve(RunLayout.PRODUCER_INPUT);
        Path output = job.runDir().resolve(RunLayout.PRODUCER_OUTPUT);
        Path log = job.runDir().resolve(RunLayout.PRODUCER_LOG);
        long loadStarted = System.nanoTime();
        BitSet given = writeInput(job.referenceFile(), input);
        long loadMillis = (System.nanoTime() - loadStarted) / 1_000_000;
        // in kho-tam's own working directory, where whoever named the command typed it
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", job.spec().source())
                .redirectInput(input.toFile()).redirectOutput(output.toFile()).redirectError(log.toFile());
        // a producer under test is somebody's program: it gets none of kho-tam's credentials or tokens
        builder.environment().keySet().removeIf(name -> name.startsWith("KHOTAM_"));
        Instant from = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ProducerFailedException("the producer could not be started: " + Problems.describe(e));
        }
        try {
            if (!process.waitFor(job.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new ProducerFailedException("the producer ran past its timeout of " + job.timeout().toSeconds()
                        + " s (--producer-timeout) and was stopped");
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new ProducerFailedException("stopped while the producer ran");
        }
        long producerMillis = (System.nanoTime() - started) / 1_000_000;
        Instant to = Instant.now().truncatedTo(ChronoUnit.MICROS).plus(1, ChronoUnit.MICROS);
        if (process.exitValue() != 0) {
            throw new ProducerFailedException("the producer exited with status " + process.exitValue() + "; its stderr is in "
                    + RunLayout.PRODUCER_LOG);
        }
        boolean inRowOrder = checkAnswers(output, given);
        return produced(job.referenceFile(), answers(output, inRowOrder), from, to, loadMillis, producerMillis);
    }

    private BitSet writeInput(Path reference, Path input) throws ProducerFailedException {
        BitSet given = new BitSet();
        try (MappingIterator<JsonNode> lines = ReferenceRow.lines(mapper, reference);
             JsonGenerator out = mapper.getFactory().createGenerator(Files.newBufferedWriter(input, StandardCharsets.UTF_8))) {
            out.setRootValueSeparator(null);
            while (lines.hasNext()) {
                ReferenceRow row = ReferenceRow.of(lines.next());
                given.set(row.row());
                out.writeStartObject();
                out.writeNumberField("row_no", row.row());
                out.writeFieldName("row");
                mapper.writeTree(out, row.rowData());
                out.writeEndObject();
                out.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new ProducerFailedException("the producer's input could not be written: " + Problems.describe(e));
        }
        return given;
    }

    /**
     * Checks every answer, holding none: one per given row, JSON, stamps ISO-8601 or null, columns of
     * the registry only.
     *
     * @return whether the answers came in row order (then they are read again as a stream)
     */
    private boolean checkAnswers(Path output, BitSet given) throws ProducerFailedException {
        BitSet answered = new BitSet();
        boolean inRowOrder = true;
        int last = -1;
        try (BufferedReader in = Files.newBufferedReader(output, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String where = RunLayout.PRODUCER_OUTPUT + " line " + lineNo + ": ";
                JsonNode answer;
                try {
                    answer = mapper.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new ProducerFailedException(where + "not JSON (" + e.getOriginalMessage() + ")");
                }
                if (answer == null || !answer.isObject()) {
                    throw new ProducerFailedException(where + "not a JSON object");
                }
                JsonNode rowNo = answer.get("row_no");
                if (rowNo == null || !rowNo.canConvertToInt() || !rowNo.isIntegralNumber()) {
                    throw new ProducerFailedException(where + "no row_no, or not a whole number");
                }
                int row = rowNo.intValue();
                if (row < 0 || !given.get(row)) {
                    throw new ProducerFailedException(where + "row_no " + row + " was not given to the producer");
                }
                if (answered.get(row)) {
                    throw new ProducerFailedException(where + "row_no " + row + " is answered twice");
                }
                answered.set(row);
                inRowOrder &= row > last;
                last = row;
                for (String stamp : RegistryColumns.STAMPS) {
                    JsonNode value = answer.get(stamp);
                    if (value == null) {
                        throw new ProducerFailedException(where + stamp + " is missing (null says it is unset)");
                    }
                    if (!value.isNull() && ReferenceRow.instant(value) == null) {
                        throw new ProducerFailedException(where + stamp + " is neither null nor an ISO-8601 instant with offset");
                    }
                }
                Iterator<String> names = answer.fieldNames();
                while (names.hasNext()) {
                    String name = names.next();
                    if (!name.equals("row_no") && !RegistryColumns.STAMPS.contains(name) && !COLUMNS.contains(name)) {
                        throw new ProducerFailedException(where + "\"" + name + "\" is not a column of birth_registry");
                    }
                }
            }
        } catch (IOException e) {
            throw new ProducerFailedException("the producer's output could not be read: " + Problems.describe(e));
        }
        if (answered.cardinality() != given.cardinality()) {
            BitSet missing = (BitSet) given.clone();
            missing.andNot(answered);
            throw new ProducerFailedException("the producer answered " + answered.cardinality() + " of " + given.cardinality()
                    + " rows; no answer for row_no " + missing.nextSetBit(0)
                    + (missing.cardinality() > 1 ? " and " + (missing.cardinality() - 1) + " more" : ""));
        }
        return inRowOrder;
    }

    /** The checked answers, by row: streamed when they came in row order, else held in memory (a map by row_no). */
    private interface Answers extends AutoCloseable {
        JsonNode of(int row);

        @Override
        void close() throws IOException;
    }

    private Answers answers(Path output, boolean inRowOrder) throws ProducerFailedException {
        try {
            MappingIterator<JsonNode> lines = mapper.readerFor(JsonNode.class).readValues(output.toFile());
            if (inRowOrder) {
                return new Answers() {
                    @Override public JsonNode of(int row) {
                        return lines.next(); // one per given row, in row order: checked above
                    }

                    @Override public void close() throws IOException {
                        lines.close();
                    }
                };
            }
            Map<Integer, JsonNode> byRow = new HashMap<>();
            try (lines) {
                lines.forEachRemaining(answer -> byRow.put(answer.get("row_no").intValue(), answer));
            }
            return new Answers() {
                @Override public JsonNode of(int row) {
                    return byRow.get(row);
                }

                @Override public void close() {
                }
            };
        } catch (IOException e) {
            throw new ProducerFailedException("the producer's output could not be read again: " + Problems.describe(e));
        }
    }

    private Produced produced(Path reference, Answers answers, Instant from, Instant to, long loadMillis,
                              long producerMillis) throws ProducerFailedException {
        MappingIterator<JsonNode> lines;
        try {
            lines = ReferenceRow.lines(mapper, reference);
        } catch (IOException e) {
            throw new ProducerFailedException("the reference could not be read again: " + Problems.describe(e));
        }
        return new Produced() {
            @Override public boolean hasNext() { return lines.hasNext(); }

            @Override public ProducedRow next() {
                ReferenceRow row = ReferenceRow.of(lines.next());
                JsonNode answer = answers.of(row.row());
                Instant[] after = new Instant[3];
                for (int i = 0; i < 3; i++) {
                    JsonNode value = answer.get(RegistryColumns.STAMPS.get(i));
                    after[i] = value.isNull() ? null : ReferenceRow.instant(value);
                }
                Map<String, JsonNode[]> changes = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> fields = answer.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    String column = field.getKey();
                    if (!COLUMNS.contains(column)) {
                        continue;
                    }
                    JsonNode was = given(row, column);
                    if (!same(column, was, field.getValue())) {
                        changes.put(column, new JsonNode[] {was, field.getValue()});
                    }
                }
                return new ProducedRow(row.row(), row.receivedStamps(), after, changes);
            }

            @Override public Instant from() { return from; }
            @Override public Instant to() { return to; }
            @Override public long loadMillis() { return loadMillis; }
            @Override public long producerMillis() { return producerMillis; }
            @Override public void close() throws IOException {
                try (answers) {
                    lines.close();
                }
            }
        };
    }

    private static JsonNode given(ReferenceRow row, String column) {
        JsonNode value = row.rowData().get(column);
        if (value == null || value.isNull()) {
            return column.equals("certified") ? BooleanNode.FALSE : NullNode.instance;
        }
        return value;
    }

    private static boolean same(String column, JsonNode was, JsonNode now) {
        if (INSTANT_COLUMNS.contains(column) && was.isTextual() && now.isTextual()) {
            Instant a = ReferenceRow.instant(was);
            Instant b = ReferenceRow.instant(now);
            return a != null && a.equals(b);
        }
        return was.equals(now);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
