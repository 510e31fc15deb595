package io.khotam.catalogue;

import io.khotam.evidence.RunIds;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A place in a list newest first, as the next or previous page's link carries it: the start (in
 * microseconds) and run id of the row a page ends on, and for dead letters that run's stage and line.
 * Opaque to clients; one not made here is refused with the reason.
 */
public record Cursor(long startedMicros, String runId, int stage, long line) {

    private static final Pattern TEXT = Pattern.compile("(-?[0-9]{1,19})\\|([0-9a-f-]{1,40})\\|([0-9])\\|([0-9]{1,19})");

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((startedMicros + "|" + runId + "|" + stage + "|" + line)
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** @throws IllegalArgumentException when the text is not a cursor this catalogue gave */
    public static Cursor decode(String text, String name) {
        String plain;
        try {
            if (text.length() > 120) {
                throw new IllegalArgumentException();
            }
            plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a cursor this server gave (take it from a Link header or a page link)");
        }
        Matcher m = TEXT.matcher(plain);
        if (!m.matches() || !RunIds.is(m.group(2))) {
            throw new IllegalArgumentException(name + " is not a cursor this server gave (take it from a Link header or a page link)");
        }
        try {
            return new Cursor(Long.parseLong(m.group(1)), m.group(2), Integer.parseInt(m.group(3)), Long.parseLong(m.group(4)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a cursor this server gave (take it from a Link header or a page link)");
        }
    }
}
