package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * A 50 MB string under the shipped parser limits (khotam.parser.max-string-length 1,000,000
 * characters, max-line-bytes 4 MiB, max-row-chars 4 Mi): its row is ROW_TOO_LARGE, skipped
 * without being held in memory, and the rows after it go on, in both formats.
 */
class HugeValuesTest extends StagingRouteTestSupport {

    private static final String FIFTY_MB = "x".repeat(50 << 20);

    @Override
    protected void moreProperties(Properties properties) {
        properties.setProperty("khotam.parser.max-file-bytes", "4294967296"); // the shipped default
    }

    @Test
    void aFiftyMegabyteStringInADocumentSpoilsOnlyItsOwnRow() {
        RunDir run = dropAndAwait("huge.json", "[" + write(Rows.valid("FLORA-000001")) + ", {\"entity_code\": \"FLORA-000002\", "
                + "\"description\": \"" + FIFTY_MB + "\"}, " + write(Rows.valid("FLORA-000003")) + "]");
        assertThat(run.status()).as(run.manifest().toString()).isEqualTo("COMPLETED");
        assertThat(run.counts().path("scanned").asInt()).isEqualTo(3);
        assertThat(run.deadLetters("admission")).singleElement().satisfies(letter -> {
            assertThat(letter.path("row").asInt()).isEqualTo(2);
            assertThat(letter.path("checks").findValuesAsText("code")).containsExactly("ROW_TOO_LARGE");
            assertThat(letter.path("checks").get(0).path("message").asText()).contains("max-row-chars");
            assertThat(letter.get("row_data").isNull()).as("the row was not read, so none of it is kept").isTrue();
        });
        assertThat(run.candidates()).extracting(c -> c.path("row").asInt()).containsExactly(1, 3);
    }

    @Test
    void aStringOverTheStringLimitInARowWithinTheRowLimitMakesTheDocumentUnparsable() {
        RunDir run = dropAndAwait("long.json", "[{\"entity_code\": \"FLORA-000001\", \"name\": \"" + "x".repeat(1_000_001) + "\"}]");
        assertThat(run.status()).isEqualTo("REJECTED");
        assertThat(run.manifest().path("reason").asText()).isEqualTo("UNPARSABLE_DOCUMENT");
        assertThat(run.manifest().path("detail").asText()).contains("longer than 1000000 (khotam.parser.max-string-length)");
        assertThat(run.has("candidates")).isFalse();
    }

    @Test
    void aFiftyMegabyteLineSpoilsOnlyItsOwnRow() {
        RunDir run = dropAndAwait("huge.jsonl", "{\"name\": \"" + FIFTY_MB + "\"}\n" + write(Rows.valid()) + "\n");
        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(run.deadLetters("admission")).singleElement().satisfies(letter -> {
            assertThat(letter.path("checks").findValuesAsText("code")).containsExactly("ROW_TOO_LARGE");
            assertThat(letter.path("checks").get(0).path("message").asText()).contains("max-line-bytes");
        });
        assertThat(run.candidates()).singleElement().satisfies(c -> assertThat(c.path("row").asInt()).isEqualTo(2));
    }
}
