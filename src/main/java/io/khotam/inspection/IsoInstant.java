package io.khotam.inspection;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads an ISO-8601 instant with an offset exactly as {@link OffsetDateTime#parse(CharSequence)}
 * does, the usual shape ({@code 2026-05-01T08:00:00Z}, {@code 2026-05-01T08:00:00.5+07:00}) by a
 * direct reading of its digits, everything else by {@code OffsetDateTime.parse} itself. The direct
 * reading only ever answers what the JDK would, or hands the text over; a property test holds the
 * two to the same answers.
 */
public final class IsoInstant {

    private static final int[] NANOS_PER_DIGIT = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private IsoInstant() {}

    public static Instant parse(String text) throws DateTimeParseException {
        Instant direct = direct(text);
        return direct != null ? direct : OffsetDateTime.parse(text).toInstant();
    }

    /** uuuu-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM) in ASCII digits and upper case, or null. */
    static Instant direct(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
        int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        int i = 19, nano = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            int length = i - start;
            if (length < 1 || length > 9) {
                return null;
            }
            nano = digits(s, start, length) * NANOS_PER_DIGIT[length];
        }
        try {
            ZoneOffset offset;
            if (i == n - 1 && s.charAt(i) == 'Z') {
                offset = ZoneOffset.UTC;
            } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
                int hours = digits(s, i + 1, 2), minutes = digits(s, i + 4, 2);
                if (hours < 0 || minutes < 0) {
                    return null;
                }
                int sign = s.charAt(i) == '-' ? -1 : 1;
                offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
            } else {
                return null;
            }
            return LocalDateTime.of(year, month, day, hour, minute, second, nano).toInstant(offset);
        } catch (DateTimeException outOfRange) {
            return null; // the JDK says how it is wrong
        }
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
