package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The file-level check codes: the whole file is REJECTED with the code as reason, one line in
 * dead-letter/file.jsonl, no candidates at all, and the input kept in the run's input/.
 * (SOURCE_RECOVERY_REQUIRED has its own test classes: it needs another rule-set.)
 */
class FileCheckCodesTest extends StagingRouteTestSupport {

    @Test
    void truncatedDocumentIsUnparsableAndYieldsNoCandidates() {
        StringBuilder doc = new StringBuilder("[");
        for (int i = 1; i <= 50; i++) {
            doc.append(write(Rows.valid(String.format("FLORA-%06d", i)))).append(",\n");
        }
        doc.append("{\"entity_code\": \"FLORA-0000"); // cut mid-row, as a crashed exporter leaves it

        RunDir run = assertRejected("truncated.json", doc.toString(), CheckCode.UNPARSABLE_DOCUMENT);
        assertThat(run.manifest().path("detail").asText()).contains("line");
    }

    @Test
    void trailingGarbageIsUnparsable() {
        assertRejected("trailing.json", "[" + write(Rows.valid()) + "] ]", CheckCode.UNPARSABLE_DOCUMENT);
    }

    @Test
    void invalidUtf8IsUnparsable() {
        byte[] bytes = ("[" + write(Rows.with("name", "Cây XX")) + "]").getBytes(StandardCharsets.UTF_8);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("XX");
        bytes[at] = (byte) 0xC3; // a lead byte followed by 'X': not UTF-8
        dropBytesAndExpect("bad-utf8.json", bytes, CheckCode.UNPARSABLE_DOCUMENT);
    }

    @Test
    void objectWithoutRowsIsNotARowList() {
        RunDir run = assertRejected("no-rows.json", "{\"data\": [" + write(Rows.valid()) + "]}", CheckCode.NOT_A_ROW_LIST);
        assertThat(run.manifest().path("detail").asText()).contains("no 'rows' member");
    }

    @Test
    void bareStringIsNotARowList() {
        assertRejected("string.json", "\"FLORA-000001\"", CheckCode.NOT_A_ROW_LIST);
    }

    @Test
    void rowsThatIsNotAnArrayIsNotARowList() {
        assertRejected("rows-object.json", "{\"rows\": {\"entity_code\": \"FLORA-000001\"}}", CheckCode.NOT_A_ROW_LIST);
    }

    @Test
    void emptyArrayIsEmptyInput() {
        assertRejected("empty-array.json", "[]", CheckCode.EMPTY_INPUT);
    }

    @Test
    void zeroByteFileIsEmptyInput() {
        assertRejected("zero.json", "", CheckCode.EMPTY_INPUT);
    }

    @Test
    void blankLinesOnlyJsonlIsEmptyInput() {
        assertRejected("blank.jsonl", "\n   \n\t\n", CheckCode.EMPTY_INPUT);
    }

    @Test
    void otherExtensionIsClaimedAndUnsupported() {
        RunDir run = assertRejected("rows.csv", "entity_code,collection_name\nFLORA-000001,flora\n", CheckCode.UNSUPPORTED_FORMAT);
        assertThat(run.manifest().path("input").path("format").asText()).isEqualTo("unsupported");
    }

    @Test
    void fileOverTheSizeLimitIsTooLarge() {
        // the test harness sets khotam.parser.max-file-bytes to 1 MiB
        String big = "[" + write(Rows.with("description", "x".repeat(4000))) + ",\n";
        StringBuilder doc = new StringBuilder(big);
        while (doc.length() <= (1 << 20)) {
            doc.append(big, 1, big.length());
        }
        doc.append(write(Rows.valid())).append("]");
        assertRejected("big.json", doc.toString(), CheckCode.TOO_LARGE);
    }

    @Test
    void symlinkIsRefusedAndItsTargetNeverRead() throws Exception {
        Path outside = Files.writeString(home.resolve("outside-secret.json"), "[" + write(Rows.valid()) + "]");
        Files.createDirectories(inbox());
        Files.createSymbolicLink(inbox().resolve("link.json"), outside);

        RunDir run = awaitRunFor("link.json");

        assertRejectedShape(run, "link.json", CheckCode.SYMLINK_REFUSED);
        assertThat(Files.isSymbolicLink(run.dir.resolve("input/link.json"))).as("the link itself was moved").isTrue();
        assertThat(Files.readString(outside)).as("the target is untouched").isEqualTo("[" + write(Rows.valid()) + "]");
        assertThat(run.manifest().path("input").path("format").asText()).isEqualTo("symlink");
    }

    private void dropBytesAndExpect(String name, byte[] bytes, CheckCode code) {
        drop(name, bytes);
        assertRejectedShape(awaitRunFor(name), name, code);
    }

    private RunDir assertRejected(String name, String content, CheckCode code) {
        RunDir run = dropAndAwait(name, content);
        assertRejectedShape(run, name, code);
        return run;
    }

    private void assertRejectedShape(RunDir run, String name, CheckCode code) {
        JsonNode manifest = run.manifest();
        assertThat(manifest.path("status").asText()).isEqualTo("REJECTED");
        assertThat(manifest.path("reason").asText()).isEqualTo(code.name());
        assertThat(run.deadLetters("file")).singleElement().satisfies(letter -> {
            assertThat(letter.path("stage").asText()).isEqualTo("file");
            assertThat(letter.path("run_id").asText()).isEqualTo(run.id());
            assertThat(letter.path("marker").asText()).isEqualTo("STAGING");
            assertThat(letter.path("checks").findValuesAsText("code")).containsExactly(code.name());
        });
        assertThat(run.has("candidates")).as("a rejected file yields no candidates at all").isFalse();
        assertThat(manifest.path("counts").path("candidates").asInt()).isZero();
        assertThat(manifest.path("counts").path("dead_letters").asInt()).isEqualTo(1);
        assertThat(run.dir.resolve("input").resolve(name)).as("the input is kept in the run").exists();
        assertThat(inbox().resolve(name)).as("and is no longer in the inbox").doesNotExist();
    }
}
