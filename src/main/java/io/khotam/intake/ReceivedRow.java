package io.khotam.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Set;

/**
 * One row exactly as it arrived, before any check: its 1-based position, the recognised fields
 * as received, and what the reader noticed (not an object, not parseable, duplicate keys).
 * Unrecognised fields were skipped by the reader and never held in memory.
 */
public final class ReceivedRow {

    private final int row;
    private final ObjectNode fields;
    private final JsonNode nonObject;
    private final String unparsable;
    private final boolean tooLarge;
    private final Set<String> duplicateKeys;
    private final String probe;

    private final long weight;

    private ReceivedRow(int row, ObjectNode fields, JsonNode nonObject, String unparsable, boolean tooLarge,
                        Set<String> duplicateKeys, String probe) {
        this.row = row;
        this.probe = probe;
        this.fields = fields;
        this.nonObject = nonObject;
        this.unparsable = unparsable;
        this.tooLarge = tooLarge;
        this.duplicateKeys = duplicateKeys;
        // measured here, where the row is read (the reader's thread), not where it is written
        this.weight = fields != null ? weightOf(fields) : unparsable != null
                ? unparsable.length() + (nonObject == null ? 0 : nonObject.textValue().length())
                : nonObject == null ? 0 : Integer.MAX_VALUE;
    }

    static ReceivedRow object(int row, ObjectNode fields, Set<String> duplicateKeys, String probe) {
        return new ReceivedRow(row, fields, null, null, false, duplicateKeys, probe);
    }

    static ReceivedRow notAnObject(int row, JsonNode value) {
        return new ReceivedRow(row, null, value, null, false, Set.of(), null);
    }

    static ReceivedRow unparsable(int row, String lineText, String problem) {
        return new ReceivedRow(row, null, TextNode.valueOf(lineText), problem, false, Set.of(), null);
    }

    /** A row over the row limit: skipped unread, so nothing of it is held (its dead letter's row_data is null). */
    static ReceivedRow tooLarge(int row, String problem) {
        return new ReceivedRow(row, null, null, problem, true, Set.of(), null);
    }

    public int row() { return row; }
    public boolean isObject() { return fields != null; }
    public boolean isUnparsable() { return unparsable != null && !tooLarge; }
    public boolean isTooLarge() { return tooLarge; }
    /** Why the row could not be read (not parseable, or too large), or null. */
    public String unparsableReason() { return unparsable; }
    public Set<String> duplicateKeys() { return duplicateKeys; }
    /** The edge of the rule-set the row says it probes (its reserved probe field), or null. */
    public String probe() { return probe; }

    /** A recognised field as received, or null when absent (JSON null is a NullNode). */
    public JsonNode field(String name) {
        return fields == null ? null : fields.get(name);
    }

    /**
     * About how many characters of input the row holds, what a line about it carries: the room it
     * takes while it waits to be written. A value that is not an object counts as heavy.
     */
    public long weight() {
        return weight;
    }

    /** The same for rows already taken apart into their fields (a producer run's): their strings and a little per field. */
    public static long weightOf(JsonNode fields) {
        if (fields == null || !fields.isContainerNode()) {
            return fields == null ? 0 : Integer.MAX_VALUE;
        }
        long weight = 0;
        for (JsonNode value : fields) {
            weight += 16 + (value.isTextual() ? value.textValue().length() : value.isContainerNode() ? weightOf(value) : 0);
        }
        return weight;
    }

    /** What the dead letter records as row_data: the recognised fields, the non-object value, or the raw line. */
    public JsonNode asReceived() {
        return fields != null ? fields : nonObject;
    }
}
