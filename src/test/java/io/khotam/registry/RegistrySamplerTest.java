package io.khotam.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.cli.ExitCode;
import io.khotam.cli.KhotamCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sample` through the sample route (camel-jdbc) on the real PostgreSQL registry (docker/registry demo rows). */
class RegistrySamplerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    record Result(int exit, String out, String err) {}

    private Result sample(PostgresSchema schema, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--home", home.toString(), "--registry-url", schema.url(), "sample"));
        all.addAll(List.of(args));
        int exit = KhotamCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    private List<JsonNode> sampled() throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        try (var files = Files.list(home.resolve("inbox"))) {
            for (Path file : files.toList()) {
                assertThat(file.getFileName().toString()).as("no .part left").matches("sample-\\d{8}-\\d{6}-\\p{XDigit}{8}(-\\w+)?\\.jsonl");
                for (String line : Files.readAllLines(file)) {
                    rows.add(JSON.readTree(line));
                }
                Files.delete(file);
            }
        }
        return rows;
    }

    @Test
    void samplesUncertifiedInScopeRowsOnlyWithoutProductionColumns() throws Exception {
        try (PostgresSchema schema = new PostgresSchema()) {
            Result r = sample(schema, "--limit", "100");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("4 rows -> " + home.resolve("inbox"));
            List<JsonNode> rows = sampled();
            assertThat(rows).extracting(row -> row.path("entity_code").asText())
                    .containsExactly("FAUNA-900004", "FLORA-900001", "FLORA-900002", "FLORA-900003");
            for (JsonNode row : rows) {
                assertThat(row.path("certified").isBoolean()).isTrue();
                assertThat(row.path("certified").asBoolean()).isFalse();
                assertThat(row.path("governance_role").asText()).isEqualTo("governed");
                assertThat(row.path("born_at").asText()).as("an ISO-8601 instant").matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
                assertThat(row.has("canonical_address") || row.has("owner") || row.has("certified_at")
                        || row.has("jsonb_profile")).isFalse();
            }
        }
    }

    @Test
    void theLimitAndTheCollectionBoundTheSample() throws Exception {
        try (PostgresSchema schema = new PostgresSchema()) {
            assertThat(sample(schema, "--limit", "2").exit()).isZero();
            assertThat(sampled()).hasSize(2);
            assertThat(sample(schema, "--limit", "10", "--collection", "fauna").exit()).isZero();
            assertThat(sampled()).extracting(row -> row.path("entity_code").asText()).containsExactly("FAUNA-900004");
            Result none = sample(schema, "--limit", "10", "--collection", "mushrooms");
            assertThat(none.out()).contains("no uncertified in-scope rows to sample");
            assertThat(sampled()).isEmpty();
            Result zero = sample(schema, "--limit", "0");
            assertThat(zero.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(zero.err()).contains("between 1 and 1000000");
        }
    }

    @Test
    void twoSamplesDrawnInOneSecondNeverShareAFile() {
        // a late scheduled sample and the next one land in the same second (seen on CI: one file, twice the rows)
        RegistrySampler sampler = new RegistrySampler(null, home, Clock.fixed(Instant.parse("2026-12-04T00:32:24Z"), ZoneOffset.UTC));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            names.add(sampler.fileName(null));
        }
        assertThat(names).hasSize(1000).allMatch(name -> name.startsWith("sample-20261204-003224-"));
        assertThat(sampler.fileName(" fauna ")).matches("sample-20261204-003224-\\p{XDigit}{8}-fauna\\.jsonl");
    }
}
