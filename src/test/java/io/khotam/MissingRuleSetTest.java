package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A rule-set file that does not exist: every run stamps nothing and ends REJECTED, SOURCE_RECOVERY_REQUIRED. */
class MissingRuleSetTest extends StagingRouteTestSupport {

    @Override
    protected void moreProperties(Properties properties) {
        properties.setProperty("khotam.ruleset", home.resolve("no-such-ruleset.yaml").toString());
    }

    @Test
    void runIsRejectedWithSourceRecoveryRequiredAndNoCandidates() {
        RunDir run = dropAndAwait("rows.jsonl", jsonl(Rows.valid()));

        assertThat(run.status()).isEqualTo("REJECTED");
        assertThat(run.manifest().path("reason").asText()).isEqualTo("SOURCE_RECOVERY_REQUIRED");
        assertThat(run.manifest().path("detail").asText()).contains("does not exist");
        assertThat(run.manifest().path("ruleset").path("source").asText()).endsWith("no-such-ruleset.yaml");
        assertThat(run.has("candidates")).isFalse();
        assertThat(run.deadLetters("file").get(0).path("checks").findValuesAsText("code"))
                .containsExactly("SOURCE_RECOVERY_REQUIRED");
        assertThat(run.dir.resolve("input/rows.jsonl")).exists();
    }
}
