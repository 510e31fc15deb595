package io.khotam.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Json;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A JSONL output read one line at a time, in row order; a missing file is empty. */
final class RunLines implements Closeable {

    private static final ObjectMapper JSON = Json.DATA;

    private final String name;
    private final BufferedReader reader;
    private JsonNode next;
    private long count;

    RunLines(Path file) throws IOException {
        this.name = file.getParent().getFileName() + "/" + file.getFileName();
        this.reader = Files.exists(file) ? Files.newBufferedReader(file, StandardCharsets.UTF_8) : null;
        advance();
    }

    private void advance() throws IOException {
        String line = reader == null ? null : reader.readLine();
        next = line == null ? null : JSON.readTree(line);
    }

    /** The next line if it is for this row; lines for earlier rows are left for the leftover report. */
    JsonNode takeIf(long row) throws IOException {
        return next != null && row(next) == row ? take() : null;
    }

    /** The row of the next line; Long.MAX_VALUE when there is none (so a merge walk takes the others first). */
    long nextRow() {
        return next == null ? Long.MAX_VALUE : row(next);
    }

    JsonNode take() throws IOException {
        JsonNode taken = next;
        if (taken != null) {
            count++;
            advance();
        }
        return taken;
    }

    long count() {
        return count;
    }

    String name() {
        return name;
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
        }
    }

    /** A line's row number; -1 when it has none. */
    static long row(JsonNode line) {
        return line.path("row").asLong(-1);
    }
}
