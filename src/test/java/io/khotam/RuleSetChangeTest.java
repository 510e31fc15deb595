package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The rule-set file changes while a run is in flight: each run uses, and records, the rule-set it read. */
class RuleSetChangeTest extends StagingRouteTestSupport {

    private static final String V1 = """
            ruleset: dieu-0g
            version: "v1"
            scope: { governance_roles: [governed] }
            pen: { entity_code_pattern: "^[A-Z][A-Z0-9]{1,9}-[0-9]{3,12}$" }
            stamp: { name_max_length: 200, description_min_length: 10, statuses: [draft, active, review] }
            gate: { collections: { flora: { species: [PLANTAE-TREE], dot_origins: [DOT-CUT] } } }
            """;
    private static final String V2 = V1.replace("\"v1\"", "\"v2\"").replace("statuses: [draft, active, review]", "statuses: [draft]");

    private Path rules;

    @Override
    protected void moreProperties(Properties properties) {
        try {
            rules = Files.writeString(home.resolve("rules.yaml"), V1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.setProperty("khotam.ruleset", rules.toString());
        properties.setProperty("khotam.parser.max-file-bytes", String.valueOf(1L << 30));
    }

    @Test
    void aRunKeepsTheRuleSetItStartedWith() throws Exception {
        Path part = inbox().resolve("long.jsonl.part");
        Files.createDirectories(inbox());
        Rows.writeJsonl(part, 60_000);
        Files.move(part, inbox().resolve("long.jsonl"));
        await().atMost(Duration.ofSeconds(30)).until(() -> runs().stream().anyMatch(r -> r.has("evidence/manifest.json")
                && "RUNNING".equals(r.status()) && r.manifest().path("ruleset").path("version").asText().equals("v1")));

        Files.writeString(rules, V2); // while the first run is in flight

        RunDir first = awaitRunFor("long.jsonl");
        assertThat(first.manifest().path("ruleset").path("version").asText()).isEqualTo("v1");
        assertThat(first.manifest().path("ruleset").path("sha256").asText()).isEqualTo(Sha256.hex(V1.getBytes()));
        assertThat(first.counts().path("gate").path("passed").asInt()).as("status active still allowed").isEqualTo(60_000);

        RunDir second = dropAndAwait("after.jsonl", jsonl(Rows.valid()));
        assertThat(second.manifest().path("ruleset").path("version").asText()).isEqualTo("v2");
        assertThat(second.manifest().path("ruleset").path("sha256").asText()).isEqualTo(Sha256.hex(V2.getBytes()));
        assertThat(second.deadLetters("stamp")).singleElement()
                .satisfies(l -> assertThat(l.path("checks").findValuesAsText("code")).containsExactly("STATUS_UNKNOWN"));
    }
}
