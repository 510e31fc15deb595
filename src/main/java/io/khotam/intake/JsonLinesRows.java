package io.khotam.intake;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.CheckCode;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code *.jsonl} / {@code *.ndjson} file: one row object per line, blank lines ignored, the row
 * number being the line number. A bad line is that row's UNPARSABLE_ROW; the other lines go on.
 */
final class JsonLinesRows extends LookAheadRows {

    /** How much of a bad line the dead letter keeps as evidence. */
    private static final int EVIDENCE_CHARS = 4096;

    private final ObjectMapper mapper;
    private final ByteLines lines;
    private final long expected;
    private final int maxLineBytes;
    private final CharsetDecoder decoder = TextEncoding.strictUtf8();
    private int lineNumber;

    private JsonLinesRows(ObjectMapper mapper, ByteLines lines, long expected, int maxLineBytes) {
        this.mapper = mapper;
        this.lines = lines;
        this.expected = expected;
        this.maxLineBytes = maxLineBytes;
    }

    static RowStream open(ObjectMapper mapper, Path file, int maxLineBytes) throws IOException, FileRejectedException {
        if (TextEncoding.sniff(file) == TextEncoding.Kind.WIDE) {
            throw new FileRejectedException(CheckCode.UNPARSABLE_DOCUMENT, "JSON Lines must be UTF-8 (a UTF-8 byte-order "
                    + "mark is allowed); this file starts like UTF-16 or UTF-32 (a byte-order mark or NUL bytes), so it is "
                    + "not split into lines");
        }
        long expected = 0;
        try (ByteLines scan = new ByteLines(Files.newInputStream(file), maxLineBytes)) {
            while (scan.next()) {
                expected += scan.blank() ? 0 : 1;
            }
        }
        if (expected == 0) {
            throw new FileRejectedException(CheckCode.EMPTY_INPUT, "the file holds no non-blank line");
        }
        return new JsonLinesRows(mapper, new ByteLines(Files.newInputStream(file), maxLineBytes), expected, maxLineBytes);
    }

    @Override
    public long expectedRows() {
        return expected;
    }

    @Override
    public long position() {
        return lines.position();
    }

    @Override
    protected ReceivedRow advance() {
        try {
            while (lines.next()) {
                lineNumber++;
                if (lines.blank()) {
                    continue;
                }
                if (lines.overlong()) {
                    return ReceivedRow.tooLarge(lineNumber, "the line is longer than " + maxLineBytes
                            + " bytes (khotam.parser.max-line-bytes)");
                }
                return parse(lines.bytes(), lines.length());
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the input failed after line " + lineNumber, e);
        }
    }

    private ReceivedRow parse(byte[] bytes, int length) throws IOException {
        String notUtf8 = TextEncoding.utf8Problem(bytes, length, decoder);
        if (notUtf8 != null) {
            return ReceivedRow.unparsable(lineNumber, evidence(bytes, length), notUtf8);
        }
        try (JsonParser parser = mapper.createParser(bytes, 0, length)) {
            parser.nextToken();
            ReceivedRow row = RowObjectReader.read(parser, lineNumber);
            if (parser.nextToken() != null) {
                return ReceivedRow.unparsable(lineNumber, evidence(bytes, length), "content follows the row on the same line");
            }
            return row;
        } catch (JacksonException e) {
            return ReceivedRow.unparsable(lineNumber, evidence(bytes, length), e.getOriginalMessage());
        } catch (CharConversionException e) {
            return ReceivedRow.unparsable(lineNumber, evidence(bytes, length), e.getMessage());
        }
    }

    private static String evidence(byte[] bytes, int length) {
        String text = new String(bytes, 0, Math.min(length, EVIDENCE_CHARS * 4), StandardCharsets.UTF_8);
        return text.length() > EVIDENCE_CHARS ? text.substring(0, EVIDENCE_CHARS) : text;
    }

    @Override
    protected void closeInput() throws IOException {
        lines.close();
    }
}
