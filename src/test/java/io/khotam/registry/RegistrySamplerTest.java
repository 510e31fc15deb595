package io.khotam.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.KhotamConfiguration;
import io.khotam.inspection.RuleSetLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sampler on the real PostgreSQL registry (docker/registry demo rows). */
class RegistrySamplerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private RegistrySampler sampler(PostgresSchema schema) {
        return new RegistrySampler(RegistrySettings.of(schema.url(), home, Map.of()),
                new RuleSetLoader(KhotamConfiguration.validatorFactory().getValidator(), null), home.resolve("inbox"),
                Clock.systemUTC());
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void samplesUncertifiedInScopeRowsOnlyWithoutProductionColumns() throws Exception {
        try (PostgresSchema schema = new PostgresSchema()) {
            RegistrySampler.Sample sample = sampler(schema).sample(100, null);

            assertThat(sample.file().getParent()).isEqualTo(home.resolve("inbox"));
            assertThat(sample.file().getFileName().toString()).matches("sample-\\d{8}-\\d{6}\\.jsonl");
            List<JsonNode> rows = lines(sample.file());
            assertThat(rows).extracting(r -> r.path("entity_code").asText())
                    .containsExactly("FAUNA-900004", "FLORA-900001", "FLORA-900002", "FLORA-900003");
            for (JsonNode row : rows) {
                assertThat(row.path("certified").asBoolean()).isFalse();
                assertThat(row.path("governance_role").asText()).isEqualTo("governed");
                assertThat(row.has("canonical_address") || row.has("owner") || row.has("certified_at")
                        || row.has("jsonb_profile")).isFalse();
            }
            try (var inbox = Files.list(home.resolve("inbox"))) {
                assertThat(inbox).as("no .part left").containsExactly(sample.file());
            }
        }
    }

    @Test
    void theLimitAndTheCollectionBoundTheSample() throws Exception {
        try (PostgresSchema schema = new PostgresSchema()) {
            assertThat(lines(sampler(schema).sample(2, null).file())).hasSize(2);
            List<JsonNode> fauna = lines(sampler(schema).sample(10, "fauna").file());
            assertThat(fauna).extracting(r -> r.path("entity_code").asText()).containsExactly("FAUNA-900004");
            assertThat(sampler(schema).sample(10, "mushrooms").rows()).isZero();
            assertThatThrownBy(() -> sampler(schema).sample(0, null)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
