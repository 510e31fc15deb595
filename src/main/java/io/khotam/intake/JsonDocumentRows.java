package io.khotam.intake;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.CheckCode;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.NoSuchElementException;

/**
 * A {@code *.json} document: a JSON array of rows, or an object whose {@code rows} member is one.
 * {@link #prescan} walks the whole document first (constant memory) so that a document that is
 * not well-formed is REJECTED before a single candidate is written; only then are rows read.
 */
final class JsonDocumentRows implements RowStream {

    private final JsonParser parser;
    private final long expected;
    private int row;
    private ReceivedRow next;
    private boolean exhausted; // Camel's splitter asks hasNext() again after the end and after close()

    private JsonDocumentRows(JsonParser parser, long expected) {
        this.parser = parser;
        this.expected = expected;
    }

    static RowStream open(ObjectMapper mapper, Path file) throws IOException, FileRejectedException {
        long expected = prescan(mapper, file);
        JsonParser parser = mapper.createParser(file.toFile());
        try {
            moveToRowList(parser);
        } catch (IOException | FileRejectedException | RuntimeException e) {
            parser.close();
            throw e;
        }
        return new JsonDocumentRows(parser, expected);
    }

    /**
     * @return the number of rows; every Jackson limit is enforced here, on every token, and a
     *         UTF-8 document is decoded strictly (Jackson's own UTF-8 reading is lenient)
     */
    static long prescan(ObjectMapper mapper, Path file) throws IOException, FileRejectedException {
        try {
            return countRows(mapper, file);
        } catch (FileRejectedException rejected) {
            if (rejected.code() == CheckCode.NOT_A_ROW_LIST) {
                requireWellFormed(mapper, file); // a broken document is UNPARSABLE_DOCUMENT, whatever its shape
            }
            throw rejected;
        }
    }

    private static long countRows(ObjectMapper mapper, Path file) throws IOException, FileRejectedException {
        try (JsonParser parser = strictParser(mapper, file)) {
            boolean wrapped = moveToRowList(parser);
            long rows = 0;
            int depth = 0; // 0: between rows of the list
            while (true) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    throw unparsable("the document ends inside the row list (truncated?)");
                }
                if (depth == 0) {
                    if (token == JsonToken.END_ARRAY) {
                        break;
                    }
                    rows++;
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (token == JsonToken.VALUE_STRING) {
                    requireShortEnough(parser); // now, not mid-run
                }
            }
            if (wrapped) {
                finishWrapper(parser);
            }
            if (parser.nextToken() != null) {
                throw unparsable("content follows the end of the document");
            }
            if (rows == 0) {
                throw new FileRejectedException(CheckCode.EMPTY_INPUT, "the row list is empty");
            }
            return rows;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** Reads the whole document, every string decoded, and nothing after its one value. */
    private static void requireWellFormed(ObjectMapper mapper, Path file) throws FileRejectedException {
        try (JsonParser parser = strictParser(mapper, file)) {
            int depth = 0;
            JsonToken token;
            do {
                token = parser.nextToken();
                if (token == null) {
                    throw unparsable("the document ends before its value does (truncated?)");
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (token == JsonToken.VALUE_STRING) {
                    requireShortEnough(parser);
                }
            } while (depth > 0);
            if (parser.nextToken() != null) {
                throw unparsable("content follows the end of the document");
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * Decodes the string (so a broken escape or encoding shows now) and holds it to the string
     * limit: Jackson checks that limit only when a long string outgrows its buffer.
     */
    private static void requireShortEnough(JsonParser parser) throws IOException, FileRejectedException {
        int length = parser.getTextLength();
        int limit = parser.streamReadConstraints().getMaxStringLength();
        if (length > limit) {
            throw unparsable("a string of " + length + " characters is longer than " + limit
                    + " (khotam.parser.max-string-length)" + locationOf(parser.currentLocation()));
        }
    }

    /** A UTF-8 document through the JDK's strict decoder; UTF-16/32 as Jackson detects it. */
    private static JsonParser strictParser(ObjectMapper mapper, Path file) throws IOException {
        TextEncoding.Kind kind = TextEncoding.sniff(file);
        if (kind == TextEncoding.Kind.WIDE) {
            return mapper.createParser(file.toFile());
        }
        InputStream in = Files.newInputStream(file);
        if (kind == TextEncoding.Kind.UTF8_WITH_BOM) {
            in.skipNBytes(3);
        }
        return mapper.createParser(new InputStreamReader(in, TextEncoding.strictUtf8()));
    }

    private static FileRejectedException unreadable(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JacksonException jackson) {
            return unparsable(jackson.getOriginalMessage() + locationOf(jackson));
        }
        if (e instanceof CharacterCodingException) {
            return unparsable("the document is not valid UTF-8 (an overlong form, an encoded surrogate, a sequence above "
                    + "U+10FFFF or a broken sequence)");
        }
        if (e instanceof CharConversionException) {
            return unparsable("the document's encoding cannot be read: " + e.getMessage());
        }
        return unparsable("the document cannot be read: " + e.getMessage());
    }

    /** Leaves the parser on the START_ARRAY of the row list; @return true when it is wrapped in {"rows": …}. */
    private static boolean moveToRowList(JsonParser parser) throws IOException, FileRejectedException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new FileRejectedException(CheckCode.EMPTY_INPUT, "the document has no content");
        }
        if (first == JsonToken.START_ARRAY) {
            return false;
        }
        if (first != JsonToken.START_OBJECT) {
            throw new FileRejectedException(CheckCode.NOT_A_ROW_LIST, "the document is a single " + kind(first)
                    + ", not a list of rows");
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("rows".equals(name)) {
                if (value != JsonToken.START_ARRAY) {
                    throw new FileRejectedException(CheckCode.NOT_A_ROW_LIST, "'rows' is a " + kind(value) + ", not an array");
                }
                return true;
            }
            parser.skipChildren();
        }
        throw new FileRejectedException(CheckCode.NOT_A_ROW_LIST, "the object has no 'rows' member");
    }

    /** The rest of the {"rows": …} wrapper: well-formed, and no second 'rows'. */
    private static void finishWrapper(JsonParser parser) throws IOException, FileRejectedException {
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            if (token == null) {
                throw unparsable("the document ends inside the wrapping object (truncated?)");
            }
            if ("rows".equals(parser.currentName())) {
                throw new FileRejectedException(CheckCode.NOT_A_ROW_LIST, "'rows' appears more than once");
            }
            parser.nextToken();
            parser.skipChildren();
        }
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private static String locationOf(com.fasterxml.jackson.core.JacksonException e) {
        return locationOf(e.getLocation());
    }

    private static String locationOf(com.fasterxml.jackson.core.JsonLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static FileRejectedException unparsable(String message) {
        return new FileRejectedException(CheckCode.UNPARSABLE_DOCUMENT, message);
    }

    @Override
    public long expectedRows() {
        return expected;
    }

    @Override
    public long position() {
        JsonLocation at = parser.currentLocation();
        return at.getByteOffset() >= 0 ? at.getByteOffset() : at.getCharOffset(); // a wide document is read as characters
    }

    @Override
    public boolean hasNext() {
        if (next == null && !exhausted) {
            next = advance();
            exhausted = next == null;
        }
        return next != null;
    }

    @Override
    public ReceivedRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ReceivedRow current = next;
        next = null;
        return current;
    }

    private ReceivedRow advance() {
        try {
            JsonToken token = parser.nextToken();
            if (token == null || token == JsonToken.END_ARRAY) {
                return null;
            }
            return RowObjectReader.read(parser, ++row);
        } catch (IOException e) {
            // the prescan accepted this document: it changed underneath us, the run must fail, not guess
            throw new UncheckedIOException("the input changed while it was read, at row " + (row + 1), e);
        }
    }

    @Override
    public void close() throws IOException {
        exhausted = true;
        next = null;
        parser.close();
    }
}
