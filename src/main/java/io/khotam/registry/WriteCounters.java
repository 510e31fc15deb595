package io.khotam.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * PostgreSQL's count of the rows ever inserted, updated (HOT included) and deleted in the registry
 * table ({@code pg_stat_user_tables}): read in O(1), they grow with every write, even one undone
 * before a run ends (A→B→A), which a digest of the table cannot see. They only ever grow; a
 * statistics reset or a crash sets them back, and then nothing can be proven from them. {@code at}
 * is when they were read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WriteCounters(@JsonProperty("n_tup_ins") long inserted, @JsonProperty("n_tup_upd") long updated,
                            @JsonProperty("n_tup_del") long deleted, @JsonProperty("n_tup_hot_upd") long hotUpdated,
                            Instant at) {

    /** The same counts, whenever they were read. */
    public boolean sameCounts(WriteCounters other) {
        return inserted == other.inserted && updated == other.updated && deleted == other.deleted
                && hotUpdated == other.hotUpdated;
    }

    /** Some counter is lower than before: statistics were reset, or the server crashed. */
    public boolean wentDownFrom(WriteCounters before) {
        return inserted < before.inserted || updated < before.updated || deleted < before.deleted
                || hotUpdated < before.hotUpdated;
    }

    /** Rows written since {@code before}, in words: "inserted +1, updated +2". */
    public String since(WriteCounters before) {
        StringBuilder text = new StringBuilder();
        append(text, "inserted", inserted - before.inserted);
        append(text, "updated", updated - before.updated);
        append(text, "deleted", deleted - before.deleted);
        return text.toString();
    }

    private static void append(StringBuilder text, String what, long delta) {
        if (delta != 0) {
            text.append(text.length() == 0 ? "" : ", ").append(what).append(" +").append(delta);
        }
    }
}
