package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.khotam.registry.PostgresSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shared digests in a long-lived kho-tam (the routes, as serve runs them), against the real
 * PostgreSQL: the runs between two digests share them, a digest is taken at most once per
 * interval, and a change of the registry is attributed to the interval it fell in.
 */
class ProofIntervalsTest extends StagingRouteTestSupport {

    private PostgresSchema registry;

    @Override
    protected void moreProperties(Properties properties) {
        try {
            registry = new PostgresSchema();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        properties.setProperty("khotam.registry.url", registry.url());
        properties.setProperty("khotam.proof.interval", "4s");
        properties.setProperty("khotam.proof.check-interval", "200");
    }

    @AfterEach
    void dropRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aChangeBetweenTwoRunsTaintsTheirIntervalOnlyAndIsNotPutOnEitherRun() throws Exception {
        drop("first.jsonl", jsonl(Rows.valid("FLORA-000001")));
        RunDir first = awaitEndOf("first.jsonl");
        assertThat(first.manifest().path("production").path("pending").asBoolean())
                .as("the run ended waiting for its interval's closing digest").isTrue();
        // between the first run's end and the second's start: no run is reading the registry when it happens
        long updated = updatesCounted();
        assertThat(registry.update("UPDATE birth_registry SET status = 'review' WHERE entity_code = 'FLORA-900001'")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> updatesCounted() > updated); // counted before the second run starts
        drop("second.jsonl", jsonl(Rows.valid("FLORA-000002")));

        JsonNode firstProof = awaitProven("first.jsonl");
        JsonNode secondProof = awaitProven("second.jsonl");
        assertThat(secondProof.path("digest_before")).as("both runs fell in one interval").isEqualTo(firstProof.path("digest_before"));
        assertThat(secondProof.path("digest_after")).isEqualTo(firstProof.path("digest_after"));
        assertThat(Duration.between(Instant.parse(firstProof.path("digest_before").path("at").asText()),
                Instant.parse(firstProof.path("digest_after").path("at").asText()))).as("taken at most once per interval")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(4));
        for (JsonNode proof : List.of(firstProof, secondProof)) {
            assertThat(proof.path("untouched").asBoolean(true)).as("the interval's digests differ: no run of it is claimed untouched")
                    .isFalse();
            assertThat(proof.path("note").asText()).contains("but not while this ran");
        }

        drop("third.jsonl", jsonl(Rows.valid("FLORA-000003")));
        JsonNode thirdProof = awaitProven("third.jsonl");
        assertThat(Instant.parse(thirdProof.path("digest_before").path("at").asText())).as("the next interval")
                .isAfterOrEqualTo(Instant.parse(firstProof.path("digest_after").path("at").asText()));
        assertThat(thirdProof.path("untouched").asBoolean()).as("a run of the next interval is proven").isTrue();
    }

    private long updatesCounted() throws Exception {
        try (var admin = registry.admin(); var sql = admin.createStatement();
             var rs = sql.executeQuery("SELECT n_tup_upd FROM pg_stat_user_tables WHERE relid = 'birth_registry'::regclass")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private JsonNode awaitProven(String input) {
        JsonNode[] proof = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            proof[0] = awaitEndOf(input).manifest().path("production");
            return !proof[0].path("pending").asBoolean();
        });
        return proof[0];
    }
}
