package io.khotam.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khotam.CheckCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a claimed file into rows, without Camel: every file-level verdict and how each row
 * arrives (an object, not an object, unparsable), at the limits' exact boundaries.
 */
class RowSourceTest {

    private static final ParserLimits LIMITS = new ParserLimits(1000, 4, 20, 5, 10, 40, 40);
    private static final RowSource SOURCE = new RowSource(LIMITS);

    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path file(String name, String text) throws Exception {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Each row as "n:object", "n:not-an-object" or "n:unparsable" or "n:too-large"; the expected count must match. */
    private static List<String> rows(Path input) throws Exception {
        List<String> rows = new ArrayList<>();
        try (RowStream stream = SOURCE.open(input)) {
            long expected = stream.expectedRows();
            while (stream.hasNext()) {
                ReceivedRow row = stream.next();
                rows.add(row.row() + ":" + (row.isTooLarge() ? "too-large" : row.isUnparsable() ? "unparsable" : row.isObject() ? "object" : "not-an-object"));
            }
            assertThat(stream.hasNext()).as("asked again after the end").isFalse();
            assertThat((long) rows.size()).as("the prescan's count").isEqualTo(expected);
        }
        return rows;
    }

    private static CheckCode rejection(Path input) {
        try (RowStream ignored = SOURCE.open(input)) {
            throw new AssertionError(input.getFileName() + " was not rejected");
        } catch (FileRejectedException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("Exception", "java.");
            return e.code();
        } catch (Exception e) {
            throw new AssertionError(input.getFileName() + ": " + e, e);
        }
    }

    @Test
    void aJsonArrayAndARowsWrapperGiveTheirRowsInOrder() throws Exception {
        assertThat(rows(file("a.json", "[{\"a\":\"b\"}, [1], 3, {}]")))
                .containsExactly("1:object", "2:not-an-object", "3:not-an-object", "4:object");
        assertThat(rows(file("w.json", "{\"meta\": {\"x\": [1]}, \"rows\": [{}, {}], \"after\": 1}")))
                .containsExactly("1:object", "2:object");
    }

    @Test
    void jsonLinesNumberRowsByLineAndSkipBlankLines() throws Exception {
        assertThat(rows(file("l.jsonl", "{}\n\n  \n[1]\n{\"a\" \n{} {}\n{}")))
                .containsExactly("1:object", "4:not-an-object", "5:unparsable", "6:unparsable", "7:object");
        assertThat(rows(file("n.ndjson", "{}\r\n{}\r\n"))).containsExactly("1:object", "2:object");
    }

    @Test
    void fileLevelVerdicts() throws Exception {
        assertThat(rejection(file("x.csv", "a,b"))).isEqualTo(CheckCode.UNSUPPORTED_FORMAT);
        assertThat(rejection(file("big.json", "[" + "{},".repeat(400) + "{}]"))).isEqualTo(CheckCode.TOO_LARGE);
        assertThat(rejection(file("empty.json", ""))).isEqualTo(CheckCode.EMPTY_INPUT);
        assertThat(rejection(file("blank.json", " \n\t"))).isEqualTo(CheckCode.EMPTY_INPUT);
        assertThat(rejection(file("none.json", "[]"))).isEqualTo(CheckCode.EMPTY_INPUT);
        assertThat(rejection(file("none-wrapped.json", "{\"rows\": []}"))).isEqualTo(CheckCode.EMPTY_INPUT);
        assertThat(rejection(file("blank.jsonl", "\n \n"))).isEqualTo(CheckCode.EMPTY_INPUT);
        assertThat(rejection(file("str.json", "\"x\""))).isEqualTo(CheckCode.NOT_A_ROW_LIST);
        assertThat(rejection(file("obj.json", "{\"data\": []}"))).isEqualTo(CheckCode.NOT_A_ROW_LIST);
        assertThat(rejection(file("rows-obj.json", "{\"rows\": {}}"))).isEqualTo(CheckCode.NOT_A_ROW_LIST);
        assertThat(rejection(file("rows-twice.json", "{\"rows\": [{}], \"rows\": [{}]}"))).isEqualTo(CheckCode.NOT_A_ROW_LIST);
        assertThat(rejection(file("cut.json", "[{}, {"))).isEqualTo(CheckCode.UNPARSABLE_DOCUMENT);
        assertThat(rejection(file("cut-wrapper.json", "{\"rows\": [{}]"))).isEqualTo(CheckCode.UNPARSABLE_DOCUMENT);
        assertThat(rejection(file("trailing.json", "[{}] x"))).isEqualTo(CheckCode.UNPARSABLE_DOCUMENT);
        assertThat(rejection(file("broken-object.json", "{\"data\": [}"))).isEqualTo(CheckCode.UNPARSABLE_DOCUMENT);
    }

    @Test
    void aLinkIsRefusedUnread() throws Exception {
        Path target = file("target.json", "[{}]");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), target);
        assertThat(rejection(link)).isEqualTo(CheckCode.SYMLINK_REFUSED);
    }

    @Test
    void theParserLimitsHoldAtTheirExactBoundaries() throws Exception {
        assertThat(rows(file("depth-ok.jsonl", "{\"a\":[[[1]]]}\n"))).containsExactly("1:object");
        assertThat(rows(file("depth-over.jsonl", "{\"a\":[[[[1]]]]}\n"))).containsExactly("1:unparsable");
        // a recognised field is read, so its value meets the limits; any other field is skipped unread
        assertThat(rows(file("string-ok.jsonl", "{\"name\":\"" + "s".repeat(20) + "\"}\n"))).containsExactly("1:object");
        assertThat(rows(file("string-over.jsonl", "{\"name\":\"" + "s".repeat(21) + "\"}\n"))).containsExactly("1:unparsable");
        assertThat(rows(file("string-skipped.jsonl", "{\"other\":\"" + "s".repeat(25) + "\"}\n"))).containsExactly("1:object");
        assertThat(rows(file("number-ok.jsonl", "{\"name\":12345}\n"))).containsExactly("1:object");
        assertThat(rows(file("number-over.jsonl", "{\"name\":123456}\n"))).containsExactly("1:unparsable");
        assertThat(rows(file("name-ok.jsonl", "{\"" + "k".repeat(10) + "\":1}\n"))).containsExactly("1:object");
        assertThat(rows(file("name-over.jsonl", "{\"" + "k".repeat(11) + "\":1}\n"))).containsExactly("1:unparsable");
        assertThat(rows(file("line-ok.jsonl", "{\"a\":\"" + "s".repeat(25) + "\",\"bb\":1}\n")))
                .as("a line of exactly the limit").containsExactly("1:object");
        assertThat(rows(file("line-over.jsonl", "{\"a\":\"" + "s".repeat(25) + "\",\"bbb\":1}\n{}\n")))
                .containsExactly("1:too-large", "2:object");
        assertThat(rejection(file("string-over.json", "[{\"a\":\"" + "s".repeat(21) + "\"}]")))
                .isEqualTo(CheckCode.UNPARSABLE_DOCUMENT);
        assertThat(rows(file("size-ok.json", "[" + "{},".repeat(332) + "{}]"))).hasSize(333);
        // a document's row over 40 characters is skipped unread, whatever it holds; the rows after it go on
        assertThat(rows(file("row-over.json", "[{\"a\":\"x\"},{\"name\":\"" + "s".repeat(30) + "\"},{}]")))
                .as("a string over the string limit in a row over the row limit").containsExactly("1:object", "2:too-large", "3:object");
        assertThat(rows(file("row-many.json", "[{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\",\"d\":\"4\",\"e\":\"5\",\"f\":\"6\"},{}]")))
                .as("short strings, a long row").containsExactly("1:too-large", "2:object");
        assertThat(rows(file("row-scalar.json", "[\"" + "s".repeat(50) + "\",{}]"))).containsExactly("1:too-large", "2:object");
        assertThat(rejection(file("row-broken.json", "[{\"name\":\"" + "s".repeat(30) + "\"},{\"a\":\"\\uZZZZ\"}]")))
                .as("a broken escape outside the long row still rejects the document").isEqualTo(CheckCode.UNPARSABLE_DOCUMENT);
        new ParserLimits(1, 1, 1, 1, 1, 1, 1); // the smallest limits there are
        for (int zero = 0; zero < 7; zero++) {
            int z = zero;
            assertThatThrownBy(() -> new ParserLimits(z == 0 ? 0 : 1, z == 1 ? 0 : 1, z == 2 ? 0 : 1, z == 3 ? 0 : 1,
                    z == 4 ? 0 : 1, z == 5 ? 0 : 1, z == 6 ? 0 : 1)).as("limit %d at zero", zero).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theLimitsComeFromTheirPropertiesAndABadValueSaysWhichKey() {
        assertThat(ParserLimits.shipped()).isEqualTo(new ParserLimits(4294967296L, 64, 1_000_000, 1000, 1024, 4194304, 4194304));
        Map<String, String> set = new HashMap<>();
        for (String limit : List.of("max-file-bytes", "max-nesting-depth", "max-string-length", "max-number-length",
                "max-name-length", "max-line-bytes", "max-row-chars")) {
            set.put("khotam.parser." + limit, "7");
        }
        assertThat(ParserLimits.from(set::get)).isEqualTo(new ParserLimits(7, 7, 7, 7, 7, 7, 7));
        set.put("khotam.parser.max-row-chars", "4Mi");
        assertThatThrownBy(() -> ParserLimits.from(set::get)).hasMessageContaining("khotam.parser.max-row-chars")
                .hasMessageContaining("'4Mi'");
        set.put("khotam.parser.max-row-chars", "3000000000");
        assertThatThrownBy(() -> ParserLimits.from(set::get)).hasMessageContaining("at most 2147483647");
        set.remove("khotam.parser.max-row-chars");
        assertThatThrownBy(() -> ParserLimits.from(set::get)).hasMessageContaining("khotam.parser.max-row-chars");
    }

    @Test
    void encodingsAreRecognisedAndInvalidUtf8IsRefused() throws Exception {
        byte[] utf16 = concat(HexFormat.of().parseHex("FEFF"), "[{}]".getBytes(StandardCharsets.UTF_16BE));
        assertThat(rows(file("u16.json", utf16))).containsExactly("1:object");
        assertThat(rows(file("u32.json", "[{}]".getBytes(Charset.forName("UTF-32LE"))))).containsExactly("1:object");
        assertThat(rows(file("bom.json", concat(HexFormat.of().parseHex("EFBBBF"), "[{}]".getBytes(StandardCharsets.UTF_8)))))
                .containsExactly("1:object");
        assertThat(rows(file("bom.jsonl", concat(HexFormat.of().parseHex("EFBBBF"), "{}\n{}".getBytes(StandardCharsets.UTF_8)))))
                .containsExactly("1:object", "2:object");
        assertThat(rejection(file("u16.jsonl", concat(HexFormat.of().parseHex("FFFE"), "{}\n".getBytes(StandardCharsets.UTF_16LE)))))
                .isEqualTo(CheckCode.UNPARSABLE_DOCUMENT);
        assertThat(rows(file("nul.jsonl", "\u0000{}\n{}\n"))).as("a NUL out of the RFC's patterns is a broken line").containsExactly("1:unparsable", "2:object");
        assertThat(rejection(file("overlong.json", concat("[{\"a\":\"".getBytes(StandardCharsets.UTF_8),
                HexFormat.of().parseHex("C0AF"), "\"}]".getBytes(StandardCharsets.UTF_8))))).isEqualTo(CheckCode.UNPARSABLE_DOCUMENT);
        assertThat(rows(file("lines.jsonl", concat("{\"a\":\"é\"}\n{\"a\":\"".getBytes(StandardCharsets.UTF_8),
                HexFormat.of().parseHex("EDA080"), "\"}\n{\"a\":\"\u0000\"}\n".getBytes(StandardCharsets.UTF_8)))))
                .containsExactly("1:object", "2:unparsable", "3:unparsable");
    }

    @Test
    void sniffingNeedsOnlyTheFirstBytes() {
        assertThat(TextEncoding.sniff(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, 3, 3)).isEqualTo(TextEncoding.Kind.UTF8_WITH_BOM);
        assertThat(TextEncoding.sniff(new byte[] {(byte) 0xEF, (byte) 0xBB}, 2, 2)).isEqualTo(TextEncoding.Kind.UTF8);
        assertThat(TextEncoding.sniff(new byte[] {(byte) 0xFE, (byte) 0xFF}, 2, 2)).isEqualTo(TextEncoding.Kind.WIDE);
        assertThat(TextEncoding.sniff(new byte[] {(byte) 0xFF, (byte) 0xFE}, 2, 2)).isEqualTo(TextEncoding.Kind.WIDE);
        assertThat(TextEncoding.sniff(new byte[] {'[', '{', '}', 0}, 4, 4)).as("a NUL out of the RFC's patterns").isEqualTo(TextEncoding.Kind.UTF8);
        assertThat(TextEncoding.sniff(new byte[] {0, 0, 0, '['}, 4, 4)).as("UTF-32BE").isEqualTo(TextEncoding.Kind.WIDE);
        assertThat(TextEncoding.sniff(new byte[] {0, '[', 0, '{'}, 4, 4)).as("UTF-16BE").isEqualTo(TextEncoding.Kind.WIDE);
        assertThat(TextEncoding.sniff(new byte[] {'[', 0, 0, 0}, 4, 4)).as("UTF-32LE").isEqualTo(TextEncoding.Kind.WIDE);
        assertThat(TextEncoding.sniff(new byte[] {'[', 0, '{', 0}, 4, 4)).as("UTF-16LE").isEqualTo(TextEncoding.Kind.WIDE);
        assertThat(TextEncoding.sniff(new byte[] {'1', 0}, 2, 2)).as("one character in UTF-16LE").isEqualTo(TextEncoding.Kind.WIDE);
        assertThat(TextEncoding.sniff(new byte[] {0, '1'}, 2, 2)).as("one character in UTF-16BE").isEqualTo(TextEncoding.Kind.WIDE);
        assertThat(TextEncoding.sniff(new byte[] {'[', '{', '}', ']', 0}, 5, 5)).as("only the first four bytes").isEqualTo(TextEncoding.Kind.UTF8);
        assertThat(TextEncoding.sniff(new byte[] {'[', 0}, 1, 1)).as("only the bytes read").isEqualTo(TextEncoding.Kind.UTF8);
        assertThat(TextEncoding.sniff(new byte[0], 0, 0)).isEqualTo(TextEncoding.Kind.UTF8);
        assertThat(TextEncoding.sniff(new byte[] {'[', 0, ']'}, 3, 3)).as("an odd length is no UTF-16").isEqualTo(TextEncoding.Kind.UTF8);
        assertThat(TextEncoding.sniff(new byte[] {'[', 0, '{', 0}, 4, 41)).as("nor UTF-32").isEqualTo(TextEncoding.Kind.UTF8);
    }

    @Test
    void theFormatComesFromTheNameOnly() {
        assertThat(InputFormat.of("a.json")).isEqualTo(InputFormat.JSON);
        assertThat(InputFormat.of("a.JSONL")).isEqualTo(InputFormat.JSONL);
        assertThat(InputFormat.of("a.ndjson")).isEqualTo(InputFormat.JSONL);
        assertThat(InputFormat.of("json")).isNull();
        assertThat(InputFormat.of("a.json.txt")).isNull();
        assertThat(InputFormat.JSON.label()).isEqualTo("json");
        assertThat(InputFormat.JSONL.label()).isEqualTo("jsonl");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
