package io.khotam.registry;

import io.khotam.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The registry's fingerprint, row by row: each row's guarded values are encoded (a null as one 0
 * byte; a value as 1, the byte length of its UTF-8 in minimal two's-complement big-endian, ':' and
 * the UTF-8), hashed with SHA-256, and the hashes summed modulo 2^256, so the order of the rows does
 * not matter. One buffer and one digest serve every row (millions of them): nothing is allocated per
 * value or per row.
 */
final class RegistryDigest {

    private final MessageDigest digest = Sha256.digest();
    private final byte[] hash = new byte[32];
    // the sum modulo 2^256, least significant 64 bits first
    private final long[] sum = new long[4];
    private final long[] hashLimbs = new long[4];
    private byte[] row = new byte[1024];
    private int length;
    private long rows;

    /** The next value of the row being read; null for SQL NULL. */
    void value(String value) {
        if (value == null) {
            room(1);
            row[length++] = 0;
            return;
        }
        byte[] utf8 = ascii(value) ? null : value.getBytes(StandardCharsets.UTF_8);
        int bytes = utf8 == null ? value.length() : utf8.length;
        int lengthBytes = (32 - Integer.numberOfLeadingZeros(bytes)) / 8 + 1; // as BigInteger.toByteArray() writes it
        room(2 + lengthBytes + bytes);
        row[length++] = 1;
        for (int shift = (lengthBytes - 1) * 8; shift >= 0; shift -= 8) {
            row[length++] = (byte) (bytes >>> shift);
        }
        row[length++] = ':';
        if (utf8 == null) {
            for (int i = 0; i < bytes; i++) {
                row[length++] = (byte) value.charAt(i);
            }
        } else {
            System.arraycopy(utf8, 0, row, length, bytes);
            length += bytes;
        }
    }

    /** The row's values are all given: its hash joins the sum. */
    void endRow() {
        digest.update(row, 0, length);
        length = 0;
        try {
            digest.digest(hash, 0, hash.length);
        } catch (DigestException e) {
            throw new IllegalStateException("a SHA-256 needs 32 bytes", e);
        }
        for (int limb = 0; limb < 4; limb++) {
            long part = 0;
            for (int b = 0; b < 8; b++) {
                part = (part << 8) | (hash[(3 - limb) * 8 + b] & 0xff);
            }
            hashLimbs[limb] = part;
        }
        addToSum(hashLimbs);
        rows++;
    }

    /** Another part's rows join these (the sum of sums is the sum). */
    void add(RegistryDigest other) {
        addToSum(other.sum);
        rows += other.rows;
    }

    /** sum += addend, modulo 2^256 (least significant 64 bits first) */
    private void addToSum(long[] addend) {
        long carry = 0;
        for (int limb = 0; limb < 4; limb++) {
            long added = sum[limb] + addend[limb];
            long total = added + carry;
            carry = (Long.compareUnsigned(added, sum[limb]) < 0 ? 1 : 0) + (Long.compareUnsigned(total, added) < 0 ? 1 : 0);
            sum[limb] = total;
        }
    }

    /** {@code <rows>:<64 hex>} */
    String fingerprint() {
        return rows + ":" + String.format("%016x%016x%016x%016x", sum[3], sum[2], sum[1], sum[0]);
    }

    private void room(int more) {
        if (length + more > row.length) {
            row = Arrays.copyOf(row, Math.max(row.length * 2, length + more));
        }
    }

    private static boolean ascii(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
