package io.khotam.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Json;
import io.khotam.evidence.Manifest;
import java.time.Instant;
import java.util.List;

/**
 * What one delete did, printed as one JSON line. {@code left_behind} counts what still exists of
 * the run afterwards; a delete is only DELETED when it is 0 (the registry owners' rule: never a silent
 * success while anything remains). {@code status} and {@code input} say which run it was: the
 * status its manifest had, and the file it was run on.
 */
@JsonPropertyOrder({"run_id", "outcome", "status", "input", "message", "entries_removed", "bytes_removed", "left_behind",
        "left", "production", "at"})
public record DeleteReceipt(
        @JsonProperty("run_id") String runId,
        Outcome outcome,
        String status,
        String input,
        String message,
        @JsonProperty("entries_removed") long entriesRemoved,
        @JsonProperty("bytes_removed") long bytesRemoved,
        @JsonProperty("left_behind") long leftBehind,
        List<String> left,
        Manifest.Production production,
        Instant at) {

    /**
     * ALREADY_DELETED: the run was picked by {@code --all} / {@code --older-than} but another delete
     * removed it first; what was asked for holds, so it counts as complete.
     */
    public enum Outcome { DELETED, ALREADY_DELETED, REFUSED, INCOMPLETE }

    private static final ObjectMapper JSON = Json.RECORDS;

    public boolean complete() {
        return outcome == Outcome.DELETED || outcome == Outcome.ALREADY_DELETED;
    }

    /** The receipt as the one JSON line `delete` and `requeue` print. */
    public String toJsonLine() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a receipt could not be written as JSON", e);
        }
    }
}
