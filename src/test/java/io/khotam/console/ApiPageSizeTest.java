package io.khotam.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.khotam.StagingRouteTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Dead letters of rows a megabyte each: an API page stops before MAX_PAGE_CHARS of lines instead
 * of holding a hundred of them, and paging on by offset + items still gives every line once.
 */
class ApiPageSizeTest extends StagingRouteTestSupport {

    private static final int ROWS = 40;

    @Override
    protected void moreProperties(Properties properties) {
        properties.setProperty("khotam.parser.max-file-bytes", String.valueOf(64 << 20));
    }

    @Test
    void pagesOfHugeLinesStopEarlyAndStillGiveEveryLineOnce() throws Exception {
        String huge = "x".repeat(1_000_000); // over 4,096 characters: an OVERSIZE_VALUE dead letter with its row data
        Object[] rows = IntStream.rangeClosed(1, ROWS)
                .mapToObj(i -> Map.of("entity_code", String.format("FLORA-%06d", i), "description", huge)).toArray();
        RunDir run = dropAndAwait("huge.jsonl", jsonl(rows));
        assertThat(run.counts().path("rejected").asInt()).isEqualTo(ROWS);
        ConsoleApi api = context.getRegistry().lookupByNameAndType("consoleApi", ConsoleApi.class);

        List<Integer> seen = new ArrayList<>();
        int pages = 0;
        while (seen.size() < ROWS && pages++ < ROWS) {
            JsonNode page = JSON.readTree(api.deadLetters(run.id(), "admission", null, String.valueOf(seen.size()), "100"));
            assertThat(page.path("total").asInt()).isEqualTo(ROWS);
            assertThat(page.path("items").size()).isBetween(1, (int) (ConsoleApi.MAX_PAGE_CHARS / huge.length()));
            page.path("items").forEach(item -> seen.add(item.path("row").asInt()));
        }
        assertThat(pages).isGreaterThan(1);
        assertThat(seen).isEqualTo(IntStream.rangeClosed(1, ROWS).boxed().toList());
    }
}
