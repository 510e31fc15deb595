package io.khotam.store;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ages and intervals as people write them: 500ms, 45s, 30m, 12h, 14d (or ISO-8601, PT12H). */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("^([0-9]{1,9})(ms|[smhd])$");

    private Durations() {}

    /** The other way: an age in the same short form, rounded down (45s, 30m, 12h, 14d). */
    public static String format(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 7200) {
            return seconds / 60 + "m";
        }
        return seconds < 172800 ? seconds / 3600 + "h" : seconds / 86400 + "d";
    }

    public static Duration parse(String text) {
        String value = text == null ? "" : text.strip();
        Matcher m = SHORT.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (write 500ms, 45s, 30m, 12h or 14d)");
        }
    }
}
