package io.khotam.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every limit the readers enforce on hostile input, set explicitly rather than inherited from
 * Jackson's defaults, and configurable through {@code khotam.parser.*} (see README).
 *
 * @param maxFileBytes    larger files are REJECTED with TOO_LARGE before they are parsed
 * @param maxNestingDepth deeper JSON is not well-formed for kho-tam (rows are flat objects)
 * @param maxStringLength longest string value the parser materialises, in characters
 * @param maxNumberLength longest number literal, in characters
 * @param maxNameLength   longest object key, in characters
 * @param maxLineBytes    longest JSONL line; a longer line is an UNPARSABLE_ROW
 */
public record ParserLimits(long maxFileBytes, int maxNestingDepth, int maxStringLength, int maxNumberLength,
                           int maxNameLength, int maxLineBytes) {

    public ParserLimits {
        if (maxFileBytes <= 0 || maxNestingDepth <= 0 || maxStringLength <= 0 || maxNumberLength <= 0
                || maxNameLength <= 0 || maxLineBytes <= 0) {
            throw new IllegalArgumentException("khotam.parser.* limits must all be positive: " + this);
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
