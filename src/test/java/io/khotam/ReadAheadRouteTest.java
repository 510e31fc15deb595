package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Through the real routes, rows read ahead on a second thread arrive in file order and every row is
 * recorded once (RunRowsTest stops a run part-way and checks that closing ends the reader).
 */
class ReadAheadRouteTest extends StagingRouteTestSupport {

    @Override
    protected void moreProperties(Properties properties) {
        properties.setProperty("khotam.parser.max-file-bytes", String.valueOf(8 << 20)); // the file is over 1 MB
    }

    @Test
    void manyBatchesOfRowsAreRecordedOnceInOrder() {
        int count = 3_000; // a dozen batches of the read-ahead
        List<Object> rows = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            rows.add(i % 10 == 0 ? Rows.with("collection_name", "NOT-A-COLLECTION") : Rows.valid(String.format("FLORA-%06d", i)));
        }
        RunDir run = dropAndAwait("many.jsonl", jsonl(rows.toArray()));

        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(run.counts().path("scanned").asLong()).isEqualTo(count);
        List<Integer> candidateRows = run.candidates().stream().map(c -> c.path("row").asInt()).toList();
        List<Integer> deadRows = run.deadLetters("pen").stream().map(d -> d.path("row").asInt()).toList();
        // an admitted row that fails a stage is a candidate too, with that stage FAILED
        assertThat(candidateRows).isEqualTo(IntStream.rangeClosed(1, count).boxed().toList());
        assertThat(deadRows).hasSize(count / 10).isSorted().allMatch(row -> row % 10 == 0);
    }
}
