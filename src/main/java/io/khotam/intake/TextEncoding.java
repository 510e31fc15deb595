package io.khotam.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the first bytes of an input say about its encoding, and strict UTF-8. Jackson's UTF-8
 * parser lets overlong forms, encoded surrogates and sequences above U+10FFFF through; the JDK's
 * decoder (REPORT on every error) does not, so it is the judge of "valid UTF-8".
 */
final class TextEncoding {

    /** UTF-8 (with or without its byte-order mark), or something else: UTF-16 or UTF-32, by BOM or NUL bytes. */
    enum Kind { UTF8, UTF8_WITH_BOM, WIDE }

    private TextEncoding() {}

    static Kind sniff(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        return sniff(head, head.length, Files.size(file));
    }

    /** @param size the whole input's length in bytes */
    static Kind sniff(byte[] bytes, int length, long size) {
        if (length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            return Kind.UTF8_WITH_BOM;
        }
        if (length >= 2 && ((bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF
                || (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE)) {
            return Kind.WIDE;
        }
        if (size % 2 != 0) {
            return Kind.UTF8; // UTF-16 and UTF-32 take two or four bytes a character: an odd length is neither
        }
        // JSON text starts with ASCII, so UTF-16 and UTF-32 show in where the first bytes are NUL (RFC 4627 §3; a
        // one-character text, RFC 8259, shows in two bytes); a NUL anywhere else is a UTF-8 file's broken line
        if (length >= 4) {
            boolean z0 = bytes[0] == 0, z1 = bytes[1] == 0, z2 = bytes[2] == 0, z3 = bytes[3] == 0;
            boolean utf32be = z0 && z1 && z2 && !z3, utf16be = z0 && !z1 && z2 && !z3;
            boolean utf32le = !z0 && z1 && z2 && z3, utf16le = !z0 && z1 && !z2 && z3;
            return utf32be || utf16be || utf32le || utf16le ? Kind.WIDE : Kind.UTF8;
        }
        return length >= 2 && (bytes[0] == 0) != (bytes[1] == 0) ? Kind.WIDE : Kind.UTF8;
    }

    /** A strict decoder: malformed and unmappable input are errors, never replaced. */
    static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** @return null when the bytes are valid UTF-8 without a NUL byte, else what is wrong */
    static String utf8Problem(byte[] bytes, int length, CharsetDecoder decoder) {
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b == 0) {
                return "the line holds a NUL byte (JSON Lines must be UTF-8; UTF-16 or UTF-32?)";
            }
            ascii &= b > 0;
        }
        if (ascii) {
            return null; // the common case costs one pass over the bytes
        }
        try {
            decoder.reset().decode(ByteBuffer.wrap(bytes, 0, length));
            return null;
        } catch (CharacterCodingException e) {
            return "the line is not valid UTF-8 (an overlong form, an encoded surrogate, a sequence above U+10FFFF or a "
                    + "broken sequence)";
        }
    }
}
