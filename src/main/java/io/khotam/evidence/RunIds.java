package io.khotam.evidence;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * A run's id, {@code <yyyyMMdd-HHmmss>-<8 hex>[-N]} (docs/contract.md "Output: one run directory"):
 * the second the run was claimed in UTC, the first 8 hex digits of its input's SHA-256, and a
 * suffix from 2 to 1000 for the same input claimed again within that second. In one place, for
 * whoever makes one or takes one from outside (a path, a request, a schema name).
 */
public final class RunIds {

    /** What a run id looks like. */
    public static final Pattern PATTERN = Pattern.compile("[0-9]{8}-[0-9]{6}-[0-9a-f]{8}(-[0-9]{1,4})?");
    /** How many runs of one input one second may hold. */
    public static final int MAX_SAME_SECOND = 1000;
    /** What a bad id is told: the shape it must have. */
    public static final String SHAPE = "yyyyMMdd-HHmmss-<8 hex>[-N]";

    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private RunIds() {}

    public static boolean is(String text) {
        return text != null && PATTERN.matcher(text).matches();
    }

    /** The id of a run claimed at {@code at} on an input of this SHA-256; {@code n} 1 for the first, then 2, 3, ... */
    public static String of(Instant at, String inputSha256, int n) {
        String base = SECOND.format(at) + "-" + inputSha256.substring(0, 8);
        return n == 1 ? base : base + "-" + n;
    }

    /** The second an id names (its run was claimed within it). */
    public static Instant second(String runId) {
        return LocalDateTime.parse(runId.substring(0, 15), DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")).toInstant(ZoneOffset.UTC);
    }
}
