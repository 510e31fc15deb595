package io.khotam.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.bench.RunHomes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dead-letter search across runs against a brute-force reading of every dead-letter file. */
class DeadLetterSearchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path staging;

    private static CatalogueStore store;
    private static CatalogueKeeper keeper;
    private static final List<String[]> LETTERS = new ArrayList<>(); // run, line, entity, code, the line itself
    private static final Map<String, Instant> STARTED = new HashMap<>();

    @BeforeAll
    static void home() throws Exception {
        long written = RunHomes.write(staging, 600, 21, Instant.parse("2026-12-07T00:00:00Z"), n -> { });
        store = Catalogues.sqlite(staging);
        keeper = new CatalogueKeeper(store, staging, JSON, null, Duration.ZERO);
        keeper.rebuild(n -> { });
        for (ManifestsOnDisk.Run run : ManifestsOnDisk.newestFirst(staging)) {
            STARTED.put(run.id(), run.started());
            Path gate = staging.resolve(run.id()).resolve("dead-letter/gate.jsonl");
            if (Files.isRegularFile(gate)) {
                List<String> lines = Files.readAllLines(gate);
                for (int i = 0; i < lines.size(); i++) {
                    JsonNode letter = JSON.readTree(lines.get(i));
                    LETTERS.add(new String[] {run.id(), Integer.toString(i + 1), letter.path("row_data").path("entity_code").asText(),
                            letter.path("checks").get(0).path("code").asText(), lines.get(i)});
                }
            }
        }
        assertThat(LETTERS).hasSize((int) written);
    }

    @AfterAll
    static void close() throws Exception {
        store.close();
    }

    private static List<String> found(LetterFilter filter, int pageSize) throws Exception {
        List<String> found = new ArrayList<>();
        Cursor after = null;
        long total;
        do {
            Page<IndexedLetter> page = store.letters(filter, after, pageSize);
            for (IndexedLetter letter : page.items()) {
                found.add(letter.runId() + "#" + letter.line());
                JsonNode read = keeper.letter(letter);
                assertThat(read.path("row_data").path("entity_code").asText()).isEqualTo(letter.entityCode());
            }
            total = page.total();
            after = page.next();
        } while (after != null);
        assertThat(found).hasSize((int) total);
        return found;
    }

    private static List<String> expected(Predicate<String[]> keep) {
        return LETTERS.stream().filter(keep).map(l -> l[0] + "#" + l[1]).toList();
    }

    @Test
    void anEntitysDeadLettersInEveryRunAreFoundAndReadBack() throws Exception {
        String entity = LETTERS.stream().map(l -> l[2]).filter(e -> LETTERS.stream().filter(l -> l[2].equals(e)).count() > 1)
                .findFirst().orElseThrow();
        List<String> found = found(LetterFilter.parse(entity, null, null, null, null, null), 2);
        assertThat(found).hasSizeGreaterThan(1).isEqualTo(expected(l -> l[2].equals(entity)));
    }

    @Test
    void aStageAndACodeOverAWeekAreFoundAcrossRuns() throws Exception {
        Instant since = Instant.parse("2026-12-06T23:30:00Z");
        List<String> found = found(LetterFilter.parse(null, "gate", "SPECIES_NOT_FIT", since.toString(), null, null), 50);
        assertThat(found).isNotEmpty().isEqualTo(expected(l -> l[3].equals("SPECIES_NOT_FIT") && !STARTED.get(l[0]).isBefore(since)));
        assertThat(expected(l -> l[3].equals("SPECIES_NOT_FIT"))).as("the window leaves some out").hasSizeGreaterThan(found.size());
        assertThat(found(LetterFilter.parse(null, "pen", null, null, null, null), 50)).isEmpty();
    }

    @Test
    void everyLetterIsWalkedOnceInPages() throws Exception {
        assertThat(found(LetterFilter.parse(null, null, null, null, null, null), 37)).isEqualTo(expected(l -> true));
    }
}
