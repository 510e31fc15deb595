package io.khotam.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dead-letter file's lines as the catalogue indexes them: each at its line and byte, whatever its length. */
class LetterReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path run;

    private static String letter(int row, String entity, String code, int padding) {
        return "{\"row\":" + row + ",\"checks\":[{\"code\":\"" + code + "\"}],\"row_data\":{\"entity_code\":\"" + entity
                + "\",\"description\":\"" + "x".repeat(padding) + "\"}}";
    }

    @Test
    void everyLineIsIndexedAtItsByteTheOverlongByItsPlaceOnlyAndTheLastWithoutItsNewline() throws IOException {
        String first = letter(1, "FLORA-000001", "SPECIES_NOT_FIT", 70_000); // across a block boundary
        String overlong = letter(3, "FLORA-000003", "SPECIES_NOT_FIT", LetterReader.MAX_LINE_BYTES);
        String last = letter(4, "FLORA-000004", "DOT_ORIGIN_NOT_ALLOWED", 10);
        String text = first + "\n" + "\n" + overlong + "\n" + last; // line 2 empty, line 4 unterminated
        Files.createDirectories(run.resolve("dead-letter"));
        Files.writeString(run.resolve("dead-letter/gate.jsonl"), text, StandardCharsets.UTF_8);
        LetterReader reader = new LetterReader(JSON);

        List<IndexedLetter> letters = reader.read(run, "20261207-000000-00000000", 0);

        assertThat(letters).extracting(IndexedLetter::line).containsExactly(1L, 2L, 3L, 4L);
        assertThat(letters).extracting(IndexedLetter::byteOffset).containsExactly(0L, (long) first.length() + 1,
                (long) first.length() + 2, (long) first.length() + 2 + overlong.length() + 1);
        assertThat(letters).extracting(IndexedLetter::row).containsExactly(1L, null, null, 4L);
        assertThat(letters.get(0).entityCode()).isEqualTo("FLORA-000001");
        assertThat(letters.get(2).codes()).as("an overlong line is indexed by its place only").isEmpty();
        assertThat(letters.get(3).codes()).containsExactly("DOT_ORIGIN_NOT_ALLOWED");
        assertThat(letters).allSatisfy(l -> assertThat(l.stage()).isEqualTo(Stage.GATE));
        assertThat(reader.at(run, letters.get(3)).path("row_data").path("entity_code").asText())
                .as("read back at its byte").isEqualTo("FLORA-000004");
    }
}
