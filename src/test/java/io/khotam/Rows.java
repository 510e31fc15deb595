package io.khotam;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test rows: one that passes every stage of the bundled demo rule-set, changed one field at a time. */
public final class Rows {

    private Rows() {}

    public static Map<String, Object> valid() {
        return valid("FLORA-000001");
    }

    public static Map<String, Object> valid(String entityCode) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("entity_code", entityCode);
        row.put("collection_name", "flora");
        row.put("species_code", "PLANTAE-TREE");
        row.put("dot_origin", "DOT-CUT");
        row.put("governance_role", "governed");
        row.put("born_at", "2026-05-01T08:00:00+07:00");
        row.put("name", "Banyan at the village gate");
        row.put("description", "An old banyan tree beside the communal house");
        row.put("status", "active");
        row.put("certified", false);
        row.put("inspect_pen", null);
        row.put("inspect_stamp", null);
        row.put("inspect_gate", null);
        return row;
    }

    public static Map<String, Object> with(String field, Object value) {
        Map<String, Object> row = valid();
        row.put(field, value);
        return row;
    }

    /** Writes {@code count} valid rows (distinct entity codes) as JSONL, streaming: for large inputs. */
    public static void writeJsonl(Path file, int count) throws IOException {
        writeJsonl(file, count, valid());
    }

    /** Writes {@code count} copies of {@code row}, each with its own entity code, as JSONL. */
    public static void writeJsonl(Path file, int count, Map<String, Object> row) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int i = 1; i <= count; i++) {
                row.put("entity_code", String.format("FLORA-%09d", i));
                out.write(json.writeValueAsString(row));
                out.write('\n');
            }
        }
    }

    public static Map<String, Object> without(String field) {
        Map<String, Object> row = valid();
        row.remove(field);
        return row;
    }
}
