package io.khotam.producer;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * One row as the producer left it, beside how it was given.
 *
 * @param rowNo the row's number ({@code row_no}); for a row the producer added, whatever it wrote there
 * @param before the three stamps as given (PEN, STAMP, GATE); null for an added row
 * @param after the three stamps as the producer left them; null for a row it removed
 * @param otherChanges every other column it changed: name to {before, after} (an added row: every column it set)
 */
public record ProducedRow(long rowNo, Instant[] before, Instant[] after, Map<String, JsonNode[]> otherChanges) {

    public boolean added() {
        return before == null;
    }

    public boolean removed() {
        return after == null;
    }
}
