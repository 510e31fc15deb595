package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A rule-set that parses but is not valid (a section missing, a bad pattern): fail closed. */
class InvalidRuleSetTest extends StagingRouteTestSupport {

    @Override
    protected void moreProperties(Properties properties) {
        try {
            var file = Files.writeString(home.resolve("broken.yaml"), """
                    ruleset: dieu-0g
                    version: "broken"
                    scope: { governance_roles: [governed] }
                    pen: { entity_code_pattern: "^[A-Z(" }
                    stamp: { name_max_length: 200, description_min_length: 10, statuses: [active] }
                    gate: { collections: { flora: { species: [PLANTAE-TREE], dot_origins: [DOT-CUT] } } }
                    """);
            properties.setProperty("khotam.ruleset", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void runIsRejectedWithSourceRecoveryRequiredAndNoCandidates() {
        RunDir run = dropAndAwait("rows.json", "[" + write(Rows.valid()) + "]");

        assertThat(run.status()).isEqualTo("REJECTED");
        assertThat(run.manifest().path("reason").asText()).isEqualTo("SOURCE_RECOVERY_REQUIRED");
        assertThat(run.manifest().path("detail").asText()).contains("entity_code_pattern");
        assertThat(run.has("candidates")).isFalse();
        assertThat(run.counts().path("pen").path("passed").asInt()).isZero();
    }
}
