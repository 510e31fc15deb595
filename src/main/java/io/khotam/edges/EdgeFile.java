package io.khotam.edges;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.Json;
import io.khotam.intake.RowFields;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Edge rows as the JSON Lines file kho-tam reads: one row a line, its probe's name in the reserved field "probe". */
public final class EdgeFile {

    private static final ObjectMapper JSON = Json.DATA;

    private EdgeFile() {}

    public static void write(List<EdgeProbe> probes, OutputStream out) throws IOException {
        try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            json.setRootValueSeparator(null);
            for (EdgeProbe probe : probes) {
                ObjectNode line = probe.row().deepCopy();
                line.put(RowFields.PROBE, probe.name());
                JSON.writeTree(json, line);
                json.writeRaw('\n');
            }
        }
    }

    /** The same, as text. */
    public static String jsonl(List<EdgeProbe> probes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(probes, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
