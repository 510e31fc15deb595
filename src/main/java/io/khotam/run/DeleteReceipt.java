package io.khotam.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * What one delete did, printed as one JSON line. {@code left_behind} counts what still exists of
 * the run afterwards; a delete is only DELETED when it is 0 (the seed's BAD-15: never a silent
 * success while anything remains).
 */
@JsonPropertyOrder({"run_id", "outcome", "message", "entries_removed", "bytes_removed", "left_behind", "left", "production", "at"})
public record DeleteReceipt(
        @JsonProperty("run_id") String runId,
        Outcome outcome,
        String message,
        @JsonProperty("entries_removed") long entriesRemoved,
        @JsonProperty("bytes_removed") long bytesRemoved,
        @JsonProperty("left_behind") long leftBehind,
        List<String> left,
        Manifest.Production production,
        Instant at) {

    public enum Outcome { DELETED, REFUSED, INCOMPLETE }

    public boolean complete() {
        return outcome == Outcome.DELETED;
    }
}
