package io.khotam.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.function.Function;

/**
 * Every limit the readers enforce on hostile input, set explicitly rather than inherited from
 * Jackson's defaults, and configurable through {@code khotam.parser.*} (docs/operations.md "Hostile input and faults").
 *
 * @param maxFileBytes    larger files are REJECTED with TOO_LARGE before they are parsed
 * @param maxNestingDepth deeper JSON is not well-formed for kho-tam (rows are flat objects)
 * @param maxStringLength longest string value the parser materialises, in characters
 * @param maxNumberLength longest number literal, in characters
 * @param maxNameLength   longest object key, in characters
 * @param maxLineBytes    longest JSONL line; a longer line is ROW_TOO_LARGE, unread
 * @param maxRowChars     longest row of a JSON document, in characters; a longer row is ROW_TOO_LARGE, unread
 */
public record ParserLimits(long maxFileBytes, int maxNestingDepth, int maxStringLength, int maxNumberLength,
                           int maxNameLength, int maxLineBytes, int maxRowChars) {

    public ParserLimits {
        if (maxFileBytes <= 0 || maxNestingDepth <= 0 || maxStringLength <= 0 || maxNumberLength <= 0
                || maxNameLength <= 0 || maxLineBytes <= 0 || maxRowChars <= 0) {
            throw new IllegalArgumentException("khotam.parser.* limits must all be positive: " + this);
        }
    }

    /** The limits kho-tam ships with (application.properties), for code that starts no Camel (the floors of bench). */
    public static ParserLimits shipped() {
        Properties shipped = new Properties();
        try (InputStream in = ParserLimits.class.getResourceAsStream("/application.properties")) {
            shipped.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return from(shipped::getProperty);
    }

    /** The limits as the {@code khotam.parser.*} properties set them, each looked up by its full key. */
    public static ParserLimits from(Function<String, String> property) {
        return new ParserLimits(number(property, "max-file-bytes"), (int) number(property, "max-nesting-depth"),
                (int) number(property, "max-string-length"), (int) number(property, "max-number-length"),
                (int) number(property, "max-name-length"), (int) number(property, "max-line-bytes"),
                (int) number(property, "max-row-chars"));
    }

    private static long number(Function<String, String> property, String limit) {
        String key = "khotam.parser." + limit;
        String value = property.apply(key);
        try {
            long number = Long.parseLong(value == null ? "" : value.strip());
            if (!limit.equals("max-file-bytes") && number > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number of at most " + (limit.equals("max-file-bytes")
                    ? Long.MAX_VALUE : Integer.MAX_VALUE) + ", not '" + value + "'");
        }
    }

    /** An ObjectMapper whose parsers enforce these limits. */
    public ObjectMapper newMapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxNestingDepth)
                        .maxStringLength(maxStringLength)
                        .maxNumberLength(maxNumberLength)
                        .maxNameLength(maxNameLength)
                        .build())
                .build();
        return new ObjectMapper(factory);
    }
}
