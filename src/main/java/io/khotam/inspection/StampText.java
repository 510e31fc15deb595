package io.khotam.inspection;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * An instant as a stamp column holds it, {@code 2026-05-01T08:00:00.123456Z} (UTC, microseconds).
 * Stamps come one after another, mostly within a few seconds (a producer's three stages each in
 * their own), so the text up to the second is kept for the last few seconds seen and the
 * microseconds are appended; a property test holds it to
 * {@code DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")}.
 */
public final class StampText {

    private static final DateTimeFormatter UP_TO_SECOND = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.").withZone(ZoneOffset.UTC);

    private record Second(long epochSecond, String text) {}

    private static final int SECONDS_KEPT = 16; // a power of two: a second's place is its low bits
    // each entry immutable, so threads stamping at once at worst format the same second twice
    private static final Second[] KEPT = new Second[SECONDS_KEPT];

    private StampText() {}

    public static String of(Instant at) {
        int place = (int) (at.getEpochSecond() & (SECONDS_KEPT - 1));
        Second second = KEPT[place];
        if (second == null || second.epochSecond() != at.getEpochSecond()) {
            second = new Second(at.getEpochSecond(), UP_TO_SECOND.format(at));
            KEPT[place] = second;
        }
        int micros = at.getNano() / 1000;
        char[] text = new char[7];
        for (int i = 5; i >= 0; i--, micros /= 10) {
            text[i] = (char) ('0' + micros % 10);
        }
        text[6] = 'Z';
        return second.text().concat(new String(text));
    }
}
