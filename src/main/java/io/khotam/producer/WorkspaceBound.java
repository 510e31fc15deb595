package io.khotam.producer;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a producer under test may write (khotam.producer.max-workspace): a SQL producer's growth of
 * its run's schema beyond the rows kho-tam loaded, and the temporary files of its queries; an exec
 * producer's files (its output and log included). Past it the producer is stopped and its run FAILS.
 *
 * @param maxBytes the bound in bytes
 */
public record WorkspaceBound(long maxBytes) {

    private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*(B|kB|KB|KiB|MB|MiB|GB|GiB|TB|TiB)?");
    public static final WorkspaceBound DEFAULT = new WorkspaceBound(1L << 30);

    public WorkspaceBound {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("a producer's workspace bound is at least 1KiB (" + maxBytes + " bytes given)");
        }
    }

    /**
     * @param text bytes, or a number with B, kB, KiB, MB, MiB, GB, GiB, TB or TiB (kB = 1,000 bytes, KiB = 1,024)
     * @throws IllegalArgumentException saying what it takes
     */
    public static WorkspaceBound parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size: give bytes, or a number with kB, KiB, MB, MiB, "
                    + "GB, GiB (for example 1GiB or 500MB)");
        }
        long unit = switch (m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT)) {
            case "KB" -> 1_000L;
            case "KIB" -> 1L << 10;
            case "MB" -> 1_000_000L;
            case "MIB" -> 1L << 20;
            case "GB" -> 1_000_000_000L;
            case "GIB" -> 1L << 30;
            case "TB" -> 1_000_000_000_000L;
            case "TIB" -> 1L << 40;
            default -> 1L;
        };
        try {
            return new WorkspaceBound(Math.multiplyExact(Long.parseLong(m.group(1)), unit));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
    }

    /** PostgreSQL's temp_file_limit for a run role, in kB. */
    long tempFileLimitKb() {
        return Math.max(1, maxBytes / 1024);
    }

    /** The bound in words: 1 GiB, 512 MiB, 2,048 bytes. */
    public String text() {
        return words(maxBytes);
    }

    /** A size in words, as the bound is said. */
    public static String words(long bytes) {
        if (bytes >= 1L << 30) {
            return in(bytes, 1L << 30, "GiB");
        }
        if (bytes >= 1L << 20) {
            return in(bytes, 1L << 20, "MiB");
        }
        return String.format(Locale.ROOT, "%,d bytes", bytes);
    }

    private static String in(long bytes, long unit, String name) {
        return (bytes % unit == 0 ? Long.toString(bytes / unit) : String.format(Locale.ROOT, "%.1f", bytes / (double) unit)) + " " + name;
    }
}
