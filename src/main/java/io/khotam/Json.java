package io.khotam;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * kho-tam's JSON mappers, one per purpose, each configured here once and never after (a configured
 * mapper is safe to share between threads).
 */
public final class Json {

    /** Rows as received, lines of a run's files, trees: Jackson's defaults. */
    public static final ObjectMapper DATA = new ObjectMapper();

    /** Many values written one after another to one stream (the run's output lines): not flushed after each. */
    public static final ObjectMapper LINES = new ObjectMapper().disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    /** What kho-tam says about runs (receipts, the API's answers): instants as ISO-8601 text. */
    public static final ObjectMapper RECORDS = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** A run's manifest: as a record, indented, and one written by a later version still reads (its new fields ignored). */
    public static final ObjectMapper MANIFEST = RECORDS.copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** What a command prints as one JSON document (--json): indented. */
    public static final ObjectWriter PRINTED = RECORDS.writerWithDefaultPrettyPrinter();

    private Json() {}
}
