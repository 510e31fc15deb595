package io.khotam.intake;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream on '\n' without decoding it, so an invalid byte sequence spoils only its
 * own line. A line longer than the limit is consumed but not kept ({@link #overlong()}).
 */
final class ByteLines implements Closeable {

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[1 << 16];
    private int pos;
    private int limit;
    private long beforeChunk; // bytes of the input before the current chunk
    private byte[] line = new byte[1024];
    private int length;
    private boolean overlong;
    private boolean first = true;

    ByteLines(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** @return false when the input is exhausted */
    boolean next() throws IOException {
        length = 0;
        overlong = false;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                beforeChunk += limit;
                limit = Math.max(in.read(chunk), 0);
                pos = 0;
                if (limit == 0) {
                    if (!any) {
                        return false;
                    }
                    break; // the last line has no '\n': it is still a line, byte-order mark and all
                }
            }
            any = true;
            int start = pos;
            while (pos < limit && chunk[pos] != '\n') {
                pos++;
            }
            append(start, pos - start);
            if (pos < limit) {
                pos++;
                break;
            }
        }
        if (first) {
            first = false;
            if (!overlong && length >= 3 && Arrays.equals(line, 0, 3, UTF8_BOM, 0, 3)) {
                System.arraycopy(line, 3, line, 0, length - 3); // a UTF-8 byte-order mark is accepted and dropped
                length -= 3;
            }
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return true;
    }

    private void append(int start, int n) {
        if (overlong) {
            return;
        }
        if ((long) length + n > maxLineBytes) {
            overlong = true;
            length = 0;
            return;
        }
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
        }
        System.arraycopy(chunk, start, line, length, n);
        length += n;
    }

    /** Bytes of the input consumed so far, up to the end of the current line. */
    long position() { return beforeChunk + pos; }

    byte[] bytes() { return line; }
    int length() { return length; }
    boolean overlong() { return overlong; }

    boolean blank() {
        if (overlong) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
