package io.khotam.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Stage;
import io.khotam.evidence.RunLayout;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a run's dead-letter files for the catalogue (each letter's stage, line, byte offset, row,
 * entity_code and codes), and one letter back at its offset for a search's answer. The run's
 * directory is found from its id; nothing in a letter ever names a path.
 */
final class LetterReader {

    /** A line longer than this is indexed by its place only: its row, entity and codes are not read. */
    static final int MAX_LINE_BYTES = 16 << 20;

    private final ObjectMapper json;

    LetterReader(ObjectMapper json) {
        this.json = json;
    }

    List<IndexedLetter> read(Path runDir, String runId, long startedMicros) throws IOException {
        List<IndexedLetter> letters = new ArrayList<>();
        for (Stage stage : Stage.WITH_DEAD_LETTERS) {
            Path file = runDir.resolve(RunLayout.deadLetters(stage));
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), 1 << 16)) {
                ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
                long offset = 0;
                long lineStart = 0;
                long lineNo = 0;
                boolean overlong = false;
                for (int b = in.read(); ; b = in.read()) {
                    if (b == '\n' || (b < 0 && line.size() > 0)) {
                        lineNo++;
                        letters.add(letter(runId, startedMicros, stage, lineNo, lineStart, overlong ? null : line.toByteArray()));
                        line.reset();
                        overlong = false;
                        lineStart = offset + 1;
                    } else if (b >= 0 && !overlong) {
                        if (line.size() >= MAX_LINE_BYTES) {
                            overlong = true;
                            line.reset();
                        } else {
                            line.write(b);
                        }
                    }
                    if (b < 0) {
                        break;
                    }
                    offset++;
                }
            }
        }
        return letters;
    }

    private IndexedLetter letter(String runId, long startedMicros, Stage stage, long lineNo, long offset, byte[] bytes) {
        Long row = null;
        String entity = null;
        List<String> codes = new ArrayList<>();
        if (bytes != null) {
            try {
                JsonNode letter = bytes.length == 0 ? null : json.readTree(bytes);
                if (letter == null || !letter.isObject()) {
                    return new IndexedLetter(runId, startedMicros, stage, lineNo, null, null, List.of(), offset);
                }
                if (letter.path("row").canConvertToLong()) {
                    row = letter.path("row").longValue();
                }
                JsonNode code = letter.path("row_data").path("entity_code");
                entity = code.isTextual() && code.textValue().length() <= 1000 ? code.textValue() : null;
                for (JsonNode check : letter.path("checks")) {
                    String c = check.path("code").asText("");
                    if (c.matches("[A-Z][A-Z_]{0,63}") && !codes.contains(c)) {
                        codes.add(c);
                    }
                }
            } catch (IOException unreadable) {
                // indexed by its place only: the file is the truth, and `check` says what is wrong with it
            }
        }
        return new IndexedLetter(runId, startedMicros, stage, lineNo, row, entity, codes, offset);
    }

    /** The letter at its offset, as JSON; null when it is no longer there as indexed. */
    JsonNode at(Path runDir, IndexedLetter letter) {
        Path file = runDir.resolve(RunLayout.deadLetters(letter.stage()));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            channel.position(letter.byteOffset());
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 14);
            ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                if (line.size() >= MAX_LINE_BYTES) {
                    return null;
                }
                line.write(b);
            }
            return json.readTree(line.toByteArray());
        } catch (IOException gone) {
            return null;
        }
    }
}
