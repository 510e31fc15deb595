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
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                    new Lines(runId, startedMicros, stage, letters).read(in);
                }
            }
        }
        return letters;
    }

    /**
     * One file's lines, split as its blocks come (a byte at a time through a stream was most of the
     * time a million-row run's letters took to index); a last line without its newline counts too.
     */
    private final class Lines {
        private final String runId;
        private final long startedMicros;
        private final Stage stage;
        private final List<IndexedLetter> letters;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        private long lineStart;
        private long lineBytes; // of the current line, an overlong one's too
        private long lineNo;
        private boolean overlong;

        Lines(String runId, long startedMicros, Stage stage, List<IndexedLetter> letters) {
            this.runId = runId;
            this.startedMicros = startedMicros;
            this.stage = stage;
            this.letters = letters;
        }

        void read(InputStream in) throws IOException {
            byte[] block = new byte[1 << 16];
            long offset = 0;
            for (int n = in.read(block); n >= 0; n = in.read(block)) {
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (block[i] == '\n') {
                        take(block, from, i - from);
                        end();
                        lineStart = offset + i + 1;
                        from = i + 1;
                    }
                }
                take(block, from, n - from);
                offset += n;
            }
            if (lineBytes > 0) {
                end();
            }
        }

        private void take(byte[] block, int from, int length) {
            lineBytes += length;
            if (overlong) {
                return;
            }
            if (line.size() + length > MAX_LINE_BYTES) {
                overlong = true;
                line.reset();
            } else {
                line.write(block, from, length);
            }
        }

        private void end() {
            lineNo++;
            letters.add(letter(runId, startedMicros, stage, lineNo, lineStart, overlong ? null : line.toByteArray()));
            line.reset();
            lineBytes = 0;
            overlong = false;
        }
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
