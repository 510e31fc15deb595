package io.khotam.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * PostgreSQL's count of the rows ever inserted, updated (HOT included) and deleted in every table of
 * the registry's database ({@code pg_stat_user_tables}, one query): read in O(tables), they grow
 * with every write, even one undone before a run ends (A→B→A), which a digest cannot see, and a
 * write to any table (the KG, an identity mint, a certify trigger's) shows, not only to
 * {@code birth_registry}. They only ever grow; a statistics reset or a crash sets them back, and
 * then nothing can be proven from them. The four totals sum every table; {@code tables} holds each
 * table's own four, by schema-qualified name, to name the one written. {@code at} is when they were read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WriteCounters(@JsonProperty("n_tup_ins") long inserted, @JsonProperty("n_tup_upd") long updated,
                            @JsonProperty("n_tup_del") long deleted, @JsonProperty("n_tup_hot_upd") long hotUpdated,
                            Map<String, long[]> tables, Instant at) {

    private static final String[] WHAT = {"inserted", "updated", "deleted", "hot-updated"};

    /** The counters of these tables (each: inserted, updated, deleted, hot-updated), summed. */
    public static WriteCounters of(Map<String, long[]> tables, Instant at) {
        long[] sum = new long[4];
        tables.values().forEach(c -> {
            for (int i = 0; i < 4; i++) {
                sum[i] += c[i];
            }
        });
        return new WriteCounters(sum[0], sum[1], sum[2], sum[3], tables, at);
    }

    /** The same counts in every table (and the same tables), whenever they were read. */
    public boolean sameCounts(WriteCounters other) {
        return changed(other).isEmpty() && inserted == other.inserted && updated == other.updated
                && deleted == other.deleted && hotUpdated == other.hotUpdated;
    }

    /** Some table's counter is lower than before: statistics were reset, or the server crashed. */
    public boolean wentDownFrom(WriteCounters before) {
        if (inserted < before.inserted || updated < before.updated || deleted < before.deleted || hotUpdated < before.hotUpdated) {
            return true;
        }
        if (tables == null || before.tables == null) {
            return false;
        }
        for (Map.Entry<String, long[]> then : before.tables.entrySet()) {
            long[] now = tables.get(then.getKey());
            for (int i = 0; now != null && i < 4; i++) {
                if (now[i] < then.getValue()[i]) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What was written since {@code before}, table by table: "public.kg_edge inserted +1; public.birth_registry updated +2". */
    public String since(WriteCounters before) {
        List<String> changed = changed(before);
        if (!changed.isEmpty()) {
            return String.join("; ", changed);
        }
        StringBuilder text = new StringBuilder();
        append(text, "inserted", inserted - before.inserted);
        append(text, "updated", updated - before.updated);
        append(text, "deleted", deleted - before.deleted);
        return "rows " + text;
    }

    /** Each table whose counters moved, or that appeared or went, in words. */
    private List<String> changed(WriteCounters before) {
        List<String> changed = new ArrayList<>();
        if (tables == null || before.tables == null) {
            return changed;
        }
        TreeSet<String> names = new TreeSet<>(tables.keySet());
        names.addAll(before.tables.keySet());
        for (String name : names) {
            long[] then = before.tables.get(name);
            long[] now = tables.get(name);
            if (then == null) {
                changed.add(name + " made while this ran");
            } else if (now == null) {
                changed.add(name + " dropped while this ran");
            } else {
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < 3; i++) {
                    append(text, WHAT[i], now[i] - then[i]);
                }
                if (text.length() > 0) {
                    changed.add(name + " " + text);
                }
            }
        }
        return changed;
    }

    private static void append(StringBuilder text, String what, long delta) {
        if (delta != 0) {
            text.append(text.length() == 0 ? "" : ", ").append(what).append(' ').append(delta > 0 ? "+" : "").append(delta);
        }
    }
}
