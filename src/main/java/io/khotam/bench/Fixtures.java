package io.khotam.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.khotam.Json;
import io.khotam.intake.InputFormat;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Deterministic N-row fixtures with a realistic mix, row i by i mod 20: 15 of 20 pass every stage
 * (one of them arriving with PEN already stamped), one fails PEN, one STAMP, one GATE, one is
 * skipped (certified), one is rejected at admission (entity_code not a string).
 */
public final class Fixtures {

    private Fixtures() {}

    public static void write(Path file, int rows, InputFormat format) throws IOException {
        write(file, 1, rows, format);
    }

    /** Rows {@code first} to {@code first + rows - 1} of the mix: many small files continue one another's mix. */
    public static void write(Path file, int first, int rows, InputFormat format) throws IOException {
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16);
             JsonGenerator out = Json.DATA.getFactory().createGenerator(stream)) {
            out.setRootValueSeparator(null);
            if (format == InputFormat.JSON) {
                out.writeRaw("[\n");
            }
            int last = first + rows - 1;
            for (int i = first; i <= last; i++) {
                row(out, i);
                out.writeRaw(format == InputFormat.JSON ? (i < last ? ",\n" : "\n") : "\n");
            }
            if (format == InputFormat.JSON) {
                out.writeRaw("]\n");
            }
        }
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void row(JsonGenerator out, int i) throws IOException {
        int kind = i % 20;
        boolean flora = i % 2 == 0;
        out.writeStartObject();
        if (kind == 19) {
            out.writeNumberField("entity_code", i); // admission: WRONG_TYPE
        } else {
            out.writeStringField("entity_code", (flora ? "FLORA-" : "FAUNA-") + String.format("%09d", i));
        }
        out.writeStringField("collection_name", kind == 16 ? "mushrooms" : flora ? "flora" : "fauna"); // 16: PEN
        out.writeStringField("species_code", kind == 18 ? "REPTILIA-SNAKE" : flora ? "PLANTAE-TREE" : "AVES-PASSER"); // 18: GATE
        out.writeStringField("dot_origin", flora ? "DOT-CUT" : "DOT-IMPORT");
        out.writeStringField("governance_role", "governed");
        out.writeStringField("born_at", "2026-05-01T08:00:00+07:00");
        out.writeStringField("name", "Benchmark row " + i);
        out.writeStringField("description", kind == 17 ? "short" : "A benchmark row of a realistic size"); // 17: STAMP
        out.writeStringField("status", "active");
        out.writeBooleanField("certified", kind == 15); // 15: skipped
        out.writeStringField("inspect_pen", kind == 14 ? "2026-06-01T00:00:00Z" : null); // 14: already stamped
        out.writeNullField("inspect_stamp");
        out.writeNullField("inspect_gate");
        out.writeEndObject();
    }
}
