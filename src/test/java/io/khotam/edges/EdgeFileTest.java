package io.khotam.edges;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** examples/edge-rows.jsonl is what `kho-tam edges` writes for the bundled rule-set, to the byte. */
class EdgeFileTest {

    @Test
    void theBundledEdgeRowsAreTheGeneratorsForTheBundledRuleSet() throws Exception {
        String generated = EdgeFile.jsonl(EdgeRows.of(EdgeRuleSets.bundled(), 0));
        assertThat(Files.readString(Path.of("examples/edge-rows.jsonl"), StandardCharsets.UTF_8))
                .as("regenerate it: java -jar target/kho-tam.jar edges --out examples/edge-rows.jsonl").isEqualTo(generated);
    }
}
