package io.khotam.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting bytes into lines without decoding them: every edge a file can have. */
class ByteLinesTest {

    private static List<String> lines(byte[] bytes, int maxLineBytes) throws Exception {
        List<String> lines = new ArrayList<>();
        try (ByteLines in = new ByteLines(new ByteArrayInputStream(bytes), maxLineBytes)) {
            while (in.next()) {
                lines.add(in.overlong() ? "<overlong>" : in.blank() ? "<blank>"
                        : new String(in.bytes(), 0, in.length(), StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    private static List<String> lines(String text) throws Exception {
        return lines(text.getBytes(StandardCharsets.UTF_8), 1 << 20);
    }

    @Test
    void linesEndAtNewlinesAndTheLastNeedsNone() throws Exception {
        assertThat(lines("a\nb\nc")).containsExactly("a", "b", "c");
        assertThat(lines("a\nb\n")).containsExactly("a", "b");
        assertThat(lines("")).isEmpty();
    }

    @Test
    void aCarriageReturnBeforeTheNewlineIsDroppedOneInsideIsKept() throws Exception {
        assertThat(lines("a\r\nb\r\n")).containsExactly("a", "b");
        assertThat(lines("a\rb\n")).containsExactly("a\rb");
    }

    @Test
    void aByteOrderMarkIsDroppedOnlyAtTheStart() throws Exception {
        assertThat(lines("\uFEFFa\n\uFEFFb")).containsExactly("a", "\uFEFFb");
        assertThat(lines("\uFEFF")).containsExactly("<blank>");
    }

    @Test
    void blankMeansSpacesTabsAndCarriageReturnsOnly() throws Exception {
        assertThat(lines(" \t\r\n\n x \n")).containsExactly("<blank>", "<blank>", " x ");
    }

    @Test
    void aLineOverTheLimitIsConsumedButNotKeptAndTheNextIsWhole() throws Exception {
        assertThat(lines("12345\n123456\n1234\n".getBytes(StandardCharsets.UTF_8), 5))
                .containsExactly("12345", "<overlong>", "1234");
    }

    @Test
    void aLineLongerThanOneReadChunkIsJoinedWhole() throws Exception {
        String big = "x".repeat(200_000);
        assertThat(lines(big + "\nend")).containsExactly(big, "end");
    }
}
