package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * A 50 MB string under the shipped parser limits (khotam.parser.max-string-length 1,000,000
 * characters, max-line-bytes 4 MiB): refused without being held in memory, the service goes on.
 */
class HugeValuesTest extends StagingRouteTestSupport {

    private static final String FIFTY_MB = "x".repeat(50 << 20);

    @Override
    protected void moreProperties(Properties properties) {
        properties.setProperty("khotam.parser.max-file-bytes", "4294967296"); // the shipped default
    }

    @Test
    void aFiftyMegabyteStringInADocumentMakesItUnparsable() {
        RunDir run = dropAndAwait("huge.json", "[{\"entity_code\": \"FLORA-000001\", \"name\": \"" + FIFTY_MB + "\"}]");
        assertThat(run.status()).isEqualTo("REJECTED");
        assertThat(run.manifest().path("reason").asText()).isEqualTo("UNPARSABLE_DOCUMENT");
        assertThat(run.manifest().path("detail").asText()).contains("String value length");
        assertThat(run.has("candidates")).isFalse();
    }

    @Test
    void aFiftyMegabyteLineSpoilsOnlyItsOwnRow() {
        RunDir run = dropAndAwait("huge.jsonl", "{\"name\": \"" + FIFTY_MB + "\"}\n" + write(Rows.valid()) + "\n");
        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(run.deadLetters("admission")).singleElement().satisfies(letter -> {
            assertThat(letter.path("checks").findValuesAsText("code")).containsExactly("UNPARSABLE_ROW");
            assertThat(letter.path("checks").get(0).path("message").asText()).contains("max-line-bytes");
        });
        assertThat(run.candidates()).singleElement().satisfies(c -> assertThat(c.path("row").asInt()).isEqualTo(2));
    }
}
