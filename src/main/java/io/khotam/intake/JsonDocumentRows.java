package io.khotam.intake;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.CheckCode;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@code *.json} document: a JSON array of rows, or an object whose {@code rows} member is one.
 * {@link #prescan} walks the whole document first (constant memory) so that a document that is
 * not well-formed is REJECTED before a single candidate is written; only then are rows read. A
 * row longer than the row limit (khotam.parser.max-row-chars) is found by the prescan and skipped
 * unread: it is that row's ROW_TOO_LARGE, and the rows after it go on, as a too-long line does in
 * JSON Lines.
 */
final class JsonDocumentRows extends LookAheadRows {

    private final JsonParser parser;
    private final Prescan prescan;
    private final int maxRowChars;
    private int row;

    private JsonDocumentRows(JsonParser parser, Prescan prescan, int maxRowChars) {
        this.parser = parser;
        this.prescan = prescan;
        this.maxRowChars = maxRowChars;
    }

    /** What the prescan found: how many rows, and which of them are over the row limit (few: each is that long). */
    record Prescan(long rows, Set<Integer> tooLarge) {}

    static RowStream open(ObjectMapper mapper, Path file, int maxRowChars) throws IOException, FileRejectedException {
        Prescan prescan = prescan(mapper, file, maxRowChars);
        JsonParser parser = mapper.createParser(file.toFile());
        try {
            moveToRowList(parser);
        } catch (IOException | FileRejectedException | RuntimeException e) {
            parser.close();
            throw e;
        }
        return new JsonDocumentRows(parser, prescan, maxRowChars);
    }

    /**
     * @return the number of rows; every Jackson limit is enforced here, on every token, and a
     *         UTF-8 document is decoded strictly (Jackson's own UTF-8 reading is lenient)
     */
    static Prescan prescan(ObjectMapper mapper, Path file, int maxRowChars) throws IOException, FileRejectedException {
        try {
            try {
                return countRows(mapper, file, maxRowChars, Set.of(), true);
            } catch (StringTooLong tooLong) {
                // a string over the limit may lie in a row over the row limit: find those rows without decoding a string,
                // then hold every other row's strings to the limit
                Set<Integer> tooLarge = countRows(mapper, file, maxRowChars, Set.of(), false).tooLarge();
                return countRows(mapper, file, maxRowChars, tooLarge, true);
            }
        } catch (StringTooLong tooLong) {
            throw tooLong.rejection;
        } catch (FileRejectedException rejected) {
            if (rejected.code() == CheckCode.NOT_A_ROW_LIST) {
                requireWellFormed(mapper, file); // a broken document is UNPARSABLE_DOCUMENT, whatever its shape
            }
            throw rejected;
        }
    }

    /**
     * One walk of the document in characters.
     *
     * @param skipped rows known to be over the row limit: walked over without decoding their strings
     * @param decode decode every other string (and hold it to the string limit); false: only measure rows
     */
    private static Prescan countRows(ObjectMapper mapper, Path file, int maxRowChars, Set<Integer> skipped, boolean decode)
            throws IOException, FileRejectedException, StringTooLong {
        try (JsonParser parser = strictParser(mapper, file)) {
            boolean wrapped = moveToRowList(parser);
            long rows = 0;
            Set<Integer> tooLarge = new TreeSet<>(skipped);
            long rowStart = 0;
            boolean scalarRow = false; // its end shows only where the next token starts (a string is read lazily)
            int depth = 0; // 0: between rows of the list
            while (true) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    throw unparsable("the document ends inside the row list (truncated?)");
                }
                if (depth == 0) {
                    if (scalarRow && parser.currentTokenLocation().getCharOffset() - rowStart > maxRowChars) {
                        tooLarge.add((int) rows);
                    }
                    if (token == JsonToken.END_ARRAY) {
                        break;
                    }
                    rows++;
                    rowStart = parser.currentTokenLocation().getCharOffset();
                    scalarRow = token.isScalarValue();
                    if (skipped.contains((int) rows)) {
                        parser.skipChildren();
                        continue;
                    }
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (token == JsonToken.VALUE_STRING && decode) {
                    requireShortEnough(parser); // now, not mid-run
                }
                if (token.isStructEnd() && depth == 0 && parser.currentLocation().getCharOffset() - rowStart > maxRowChars) {
                    tooLarge.add((int) rows);
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
            return new Prescan(rows, tooLarge);
        } catch (StreamConstraintsException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("String value length")) {
                throw new StringTooLong(unreadable(e));
            }
            throw unreadable(e);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** A string over the string limit: the document is rejected unless that string lies in a row over the row limit. */
    private static final class StringTooLong extends Exception {
        private final FileRejectedException rejection;

        StringTooLong(FileRejectedException rejection) {
            super(rejection.getMessage(), null, false, false);
            this.rejection = rejection;
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
        } catch (StringTooLong tooLong) {
            throw tooLong.rejection;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * Decodes the string (so a broken escape or encoding shows now) and holds it to the string
     * limit: Jackson checks that limit only when a long string outgrows its buffer.
     */
    private static void requireShortEnough(JsonParser parser) throws IOException, StringTooLong {
        int length = parser.getTextLength();
        int limit = parser.streamReadConstraints().getMaxStringLength();
        if (length > limit) {
            throw new StringTooLong(unparsable("a string of " + length + " characters is longer than " + limit
                    + " (khotam.parser.max-string-length)" + locationOf(parser.currentLocation())));
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
        if (e instanceof JacksonException jackson) {
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

    private static String locationOf(JacksonException e) {
        return locationOf(e.getLocation());
    }

    private static String locationOf(JsonLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static FileRejectedException unparsable(String message) {
        return new FileRejectedException(CheckCode.UNPARSABLE_DOCUMENT, message);
    }

    @Override
    public long expectedRows() {
        return prescan.rows();
    }

    @Override
    public long position() {
        JsonLocation at = parser.currentLocation();
        return at.getByteOffset() >= 0 ? at.getByteOffset() : at.getCharOffset(); // a wide document is read as characters
    }

    @Override
    protected ReceivedRow advance() {
        try {
            JsonToken token = parser.nextToken();
            if (token == null || token == JsonToken.END_ARRAY) {
                return null;
            }
            if (prescan.tooLarge().contains(++row)) {
                parser.skipChildren(); // unread: no string of it is decoded or held
                return ReceivedRow.tooLarge(row, "the row is longer than " + maxRowChars + " characters (khotam.parser.max-row-chars)");
            }
            return RowObjectReader.read(parser, row);
        } catch (IOException e) {
            // the prescan accepted this document: it changed underneath us, the run must fail, not guess
            throw new UncheckedIOException("the input changed while it was read, at row " + (row + 1), e);
        }
    }

    @Override
    protected void closeInput() throws IOException {
        parser.close();
    }
}
