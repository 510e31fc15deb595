package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Hostile encodings, as bytes the test writes (no files copied in): a bad document is REJECTED
 * UNPARSABLE_DOCUMENT with a detail a person can read, a bad JSONL line is that row's
 * UNPARSABLE_ROW and the other lines go on, and nothing ever ends FAILED with a Java exception.
 */
class HostileEncodingTest extends StagingRouteTestSupport {

    private static final String VALID_ROW = write(Rows.valid());

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A row whose name holds the given raw bytes, in an otherwise valid UTF-8 row. */
    private static byte[] rowWithNameBytes(byte[] raw) {
        String row = write(Rows.with("name", "Cây @@"));
        int at = row.indexOf("@@");
        return concat(utf8(row.substring(0, at)), raw, utf8(row.substring(at + 2)));
    }

    private RunDir rejected(String name, byte[] bytes, CheckCode code) {
        drop(name, bytes);
        RunDir run = awaitRunFor(name);
        JsonNode manifest = run.manifest();
        assertThat(manifest.path("status").asText()).as(manifest.toString()).isEqualTo("REJECTED");
        assertThat(manifest.path("reason").asText()).isEqualTo(code.name());
        assertThat(run.deadLetters("file")).singleElement()
                .satisfies(letter -> assertThat(letter.path("checks").findValuesAsText("code")).containsExactly(code.name()));
        assertThat(run.has("candidates")).isFalse();
        assertReadable(manifest.path("detail").asText());
        return run;
    }

    private static void assertReadable(String detail) {
        assertThat(detail).isNotBlank().doesNotContain("Exception", "java.", "io.khotam", "com.fasterxml");
    }

    @Test
    void ucs4InUnusualByteOrdersIsAnUnparsableDocument() {
        rejected("ucs4-2143.json", concat(hex("00 00 5B 00"), hex("00 00 5D 00")), CheckCode.UNPARSABLE_DOCUMENT);
        rejected("ucs4-3412.json", concat(hex("00 5B 00 00"), hex("00 5D 00 00")), CheckCode.UNPARSABLE_DOCUMENT);
    }

    @Test
    void utf32CutMidCharacterIsAnUnparsableDocument() {
        byte[] whole = ("[" + VALID_ROW + "]").getBytes(Charset.forName("UTF-32BE"));
        byte[] cut = Arrays.copyOf(whole, whole.length - 2);
        rejected("utf32-cut.json", cut, CheckCode.UNPARSABLE_DOCUMENT);
    }

    @Test
    void utf32AboveTheLastCodePointIsAnUnparsableDocument() {
        byte[] bytes = concat("[\"".getBytes(Charset.forName("UTF-32BE")), hex("00 11 00 00"),
                "\"]".getBytes(Charset.forName("UTF-32BE")));
        rejected("utf32-above.json", bytes, CheckCode.UNPARSABLE_DOCUMENT);
    }

    @Test
    void aNonListFollowedByGarbageIsUnparsableNotNotARowList() {
        RunDir object = rejected("object-garbage.json", utf8("{\"a\":\"b\"}#"), CheckCode.UNPARSABLE_DOCUMENT);
        assertThat(object.manifest().path("detail").asText()).contains("'#'");
        rejected("string-garbage.json", utf8("\"\"x"), CheckCode.UNPARSABLE_DOCUMENT);
        rejected("bad-escape.json", utf8("\"\\UA66D\""), CheckCode.UNPARSABLE_DOCUMENT);
        rejected("well-formed-string.json", utf8("\"just text\""), CheckCode.NOT_A_ROW_LIST);
    }

    @Test
    void invalidUtf8InsideAStringIsAnUnparsableDocument() {
        for (String raw : new String[] {"C0 AF", "ED A0 80", "F4 BF BF BF", "F4 90 80 80"}) {
            String name = "bad-" + raw.replace(" ", "") + ".json";
            RunDir run = rejected(name, concat(utf8("["), rowWithNameBytes(hex(raw)), utf8("]")), CheckCode.UNPARSABLE_DOCUMENT);
            assertThat(run.manifest().path("detail").asText()).as(raw).contains("not valid UTF-8");
        }
    }

    @Test
    void aByteOrderMarkAloneIsEmptyInBothFormats() {
        rejected("bom.json", hex("EF BB BF"), CheckCode.EMPTY_INPUT);
        rejected("bom.jsonl", hex("EF BB BF"), CheckCode.EMPTY_INPUT);
    }

    @Test
    void utf16WithItsByteOrderMarkIsStillAcceptedForJson() {
        drop("utf16.json", concat(hex("FE FF"), ("[" + VALID_ROW + "]").getBytes(StandardCharsets.UTF_16BE)));
        RunDir run = awaitRunFor("utf16.json");
        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(run.candidates()).singleElement()
                .satisfies(c -> assertThat(c.path("verdicts").path("gate").asText()).isEqualTo("PASSED"));
    }

    @Test
    void aUtf16JsonLinesFileIsRejectedAsAWholeAndSaysWhy() {
        byte[] lines = concat(hex("FF FE"), (VALID_ROW + "\n" + VALID_ROW + "\n").getBytes(StandardCharsets.UTF_16LE));
        RunDir run = rejected("utf16.jsonl", lines, CheckCode.UNPARSABLE_DOCUMENT);
        assertThat(run.manifest().path("detail").asText()).contains("must be UTF-8", "UTF-16 or UTF-32");
        assertThat(run.counts().path("scanned").asInt()).isZero();
    }

    @Test
    void oneWideOrInvalidLineIsThatRowsUnparsableRowAndTheRestGoOn() {
        byte[] file = concat(utf8(VALID_ROW + "\n"),
                hex("00 00 5B 00"), utf8("\n"),                          // line 2: UCS-4 looking bytes
                rowWithNameBytes(hex("C0 AF")), utf8("\n"),               // line 3: overlong '/'
                rowWithNameBytes(hex("ED A0 80")), utf8("\n"),            // line 4: an encoded surrogate
                rowWithNameBytes(hex("F4 BF BF BF")), utf8("\n"),         // line 5: above U+10FFFF
                utf8(VALID_ROW + "\n"));
        drop("mixed.jsonl", file);
        RunDir run = awaitRunFor("mixed.jsonl");

        assertThat(run.status()).as(run.manifest().toString()).isEqualTo("COMPLETED");
        assertThat(run.deadLetters("admission")).extracting(l -> l.path("row").asInt()).containsExactly(2, 3, 4, 5);
        for (JsonNode letter : run.deadLetters("admission")) {
            assertThat(letter.path("checks").findValuesAsText("code")).containsExactly("UNPARSABLE_ROW");
            assertReadable(letter.path("checks").get(0).path("message").asText());
        }
        assertThat(run.deadLetters("admission").get(1).path("checks").get(0).path("message").asText())
                .contains("not valid UTF-8");
        assertThat(run.candidates()).extracting(c -> c.path("row").asInt()).containsExactly(1, 6);
        JsonNode counts = run.counts();
        assertThat(counts.path("scanned").asInt()).isEqualTo(6);
        assertThat(counts.path("rejected").asInt()).isEqualTo(4);
        assertThat(counts.path("admitted").asInt()).isEqualTo(2);
    }

    @Test
    void aNulAmongTheFirstBytesOfAUtf8FileIsThatLinesUnparsableRow() {
        byte[] file = concat(hex("31 32 33 00"), utf8("\n"),          // line 1: 123 and a NUL
                utf8("[\"a"), hex("00"), utf8("a\"]\n"),             // line 2: a NUL inside a string
                utf8(VALID_ROW + "\n"));
        drop("nul.jsonl", file);
        RunDir run = awaitRunFor("nul.jsonl");

        assertThat(run.status()).as(run.manifest().toString()).isEqualTo("COMPLETED");
        assertThat(run.deadLetters("admission")).extracting(l -> l.path("row").asInt()).containsExactly(1, 2);
        assertThat(run.deadLetters("admission")).allSatisfy(letter ->
                assertThat(letter.path("checks").findValuesAsText("code")).containsExactly("UNPARSABLE_ROW"));
        assertThat(run.candidates()).extracting(c -> c.path("row").asInt()).containsExactly(3);
    }

    @Test
    void aFileOfAnOddLengthIsNeverTakenForUtf16() {
        // JSONTestSuite's n_structure_null-byte-outside-string as JSON Lines: one broken line, not a wide file
        drop("odd.jsonl", hex("5B 00 5D"));
        RunDir run = awaitRunFor("odd.jsonl");
        assertThat(run.status()).as(run.manifest().toString()).isEqualTo("COMPLETED");
        assertThat(run.deadLetters("admission")).singleElement().satisfies(letter -> {
            assertThat(letter.path("row").asInt()).isEqualTo(1);
            assertThat(letter.path("checks").findValuesAsText("code")).containsExactly("UNPARSABLE_ROW");
        });
        drop("odd-longer.jsonl", concat(hex("5B 00 5D"), utf8("\n" + VALID_ROW + "\n")));
        RunDir longer = awaitRunFor("odd-longer.jsonl");
        assertThat(longer.status()).as(longer.manifest().toString()).isEqualTo("COMPLETED");
        assertThat(longer.candidates()).extracting(c -> c.path("row").asInt()).containsExactly(2);
    }

    @Test
    void everyUtf16AndUtf32ByteOrderIsToldFromItsNulPattern() {
        String text = VALID_ROW + "\n";
        for (Charset wide : new Charset[] {StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE,
                Charset.forName("UTF-32BE"), Charset.forName("UTF-32LE")}) {
            RunDir run = rejected("wide-" + wide.name() + ".jsonl", text.getBytes(wide), CheckCode.UNPARSABLE_DOCUMENT);
            assertThat(run.manifest().path("detail").asText()).as(wide.name()).contains("UTF-16 or UTF-32");
        }
    }
}
