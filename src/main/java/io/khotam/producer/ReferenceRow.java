package io.khotam.producer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.Stage;
import io.khotam.inspection.IsoInstant;
import io.khotam.inspection.Row.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;

/**
 * One line of a producer run's evidence/reference.jsonl: a row the producer is given, as received,
 * with what the built-in inspectors found on it.
 *
 * @param verdicts PEN, STAMP, GATE
 * @param failedStage the stage the reference failed the row at, or null
 * @param checks that stage's failed checks, as its dead letter would carry them (JSON)
 * @param probe the edge of the rule-set the row says it probes (its reserved probe field), or null
 */
public record ReferenceRow(int row, ObjectNode rowData, Verdict[] verdicts, Stage failedStage, JsonNode checks, String probe) {

    /** The three stamps as received; a missing, null, blank or unparsable one is null (admission let none of the last through). */
    public Instant[] receivedStamps() {
        Instant[] stamps = new Instant[3];
        for (int i = 0; i < 3; i++) {
            stamps[i] = instant(rowData.get(RegistryColumns.STAMPS.get(i)));
        }
        return stamps;
    }

    /** The stamp of stage {@code i} (PEN, STAMP, GATE) exactly as received: a JSON string, or null. */
    public String receivedStampText(int i) {
        JsonNode value = rowData.get(RegistryColumns.STAMPS.get(i));
        return value == null || !value.isTextual() ? null : value.textValue();
    }

    /** A stamp column's name, PEN, STAMP, GATE by index. */
    public static String stampColumn(int i) {
        return RegistryColumns.STAMPS.get(i);
    }

    public String entityCode() {
        JsonNode code = rowData.get("entity_code");
        return code != null && code.isTextual() ? code.textValue() : null;
    }

    /** A JSON value as an ISO-8601 instant with offset; null when it is missing, null, blank, or no such instant. */
    static Instant instant(JsonNode value) {
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            return null;
        }
        try {
            return IsoInstant.parse(value.textValue());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Reads the reference lines in file order (row order: the split is sequential). */
    public static MappingIterator<JsonNode> lines(ObjectMapper mapper, Path file) throws IOException {
        return mapper.readerFor(JsonNode.class).readValues(file.toFile());
    }

    public static ReferenceRow of(JsonNode line) {
        JsonNode v = line.get("verdicts");
        Verdict[] verdicts = {Verdict.valueOf(v.get("pen").textValue()), Verdict.valueOf(v.get("stamp").textValue()),
                Verdict.valueOf(v.get("gate").textValue())};
        JsonNode stage = line.get("stage");
        JsonNode probe = line.get("probe");
        return new ReferenceRow(line.get("row").intValue(), (ObjectNode) line.get("row_data"), verdicts,
                stage == null || stage.isNull() ? null : Stage.valueOf(stage.textValue().toUpperCase(Locale.ROOT)),
                line.get("checks"), probe == null || !probe.isTextual() ? null : probe.textValue());
    }

    /** The lines as rows. */
    public static Iterator<ReferenceRow> rows(MappingIterator<JsonNode> lines) {
        return new Iterator<>() {
            @Override public boolean hasNext() { return lines.hasNext(); }
            @Override public ReferenceRow next() { return of(lines.next()); }
        };
    }
}
