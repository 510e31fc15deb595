package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Rows;
import io.khotam.evidence.Manifest;
import io.khotam.registry.PostgresSchema;
import io.khotam.store.RunCatalog;
import io.khotam.store.RunVerifier;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The no-production-touch proof as `run --once` reports it, against the real PostgreSQL. */
class ProductionProofCommandTest {

    @TempDir
    Path home;

    private int kt(StringWriter out, String... args) {
        return KhotamCli.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), args);
    }

    private void dropRows(String name, int rows) throws Exception {
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Path part = inbox.resolve(name + ".part");
        Rows.writeJsonl(part, rows);
        Files.move(part, inbox.resolve(name));
    }

    /** A 150,000-row `run --once` against this registry, on another thread. */
    private record LongRun(CompletableFuture<Integer> exit, StringWriter out) {}

    /** Starts a long run and returns once it is in progress and has read the production fingerprint at its start. */
    private LongRun startLongRun(PostgresSchema registry) throws Exception {
        dropRows("long.jsonl", 150_000);
        StringWriter out = new StringWriter();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() ->
                kt(out, "--home", home.toString(), "--registry-url", registry.url(), "run", "--once"));
        awaitRunningWithStartFingerprint();
        return new LongRun(exit, out);
    }

    /** A run is in progress and has read the production fingerprint at its start. */
    private void awaitRunningWithStartFingerprint() {
        await().atMost(Duration.ofSeconds(60)).until(() -> runs().stream().anyMatch(r -> "RUNNING".equals(r.status())
                && r.manifest().production().fingerprintBefore() != null));
    }

    private List<RunCatalog.Entry> runs() throws Exception {
        return new RunCatalog(home.resolve("staging")).list();
    }

    @Test
    void anUntouchedRegistryIsProvenAndTheRunExitsZero() throws Exception {
        try (PostgresSchema registry = new PostgresSchema()) {
            dropRows("small.jsonl", 3);
            StringWriter out = new StringWriter();
            assertThat(kt(out, "--home", home.toString(), "--registry-url", registry.url(), "run", "--once"))
                    .as(out.toString()).isZero();
            Manifest.Production production = runs().get(0).manifest().production();
            assertThat(production.configured()).isTrue();
            assertThat(production.source()).contains("currentSchema=" + registry.name())
                    .doesNotContain("user=");
            assertThat(production.fingerprintBefore()).startsWith("6:")
                    .isEqualTo(production.fingerprintAfter());
            assertThat(production.untouched()).isTrue();
            assertThat(production.countersBefore()).as("PostgreSQL's write counters, read before and after").isNotNull();
            assertThat(production.countersBefore().sameCounts(production.countersAfter())).isTrue();
            assertThat(production.digestBefore().at()).as("the digest it relies on was taken before it began")
                    .isBeforeOrEqualTo(runs().get(0).manifest().startedAt());
            assertThat(production.digestAfter().at()).as("and the closing one after it ended")
                    .isAfterOrEqualTo(runs().get(0).manifest().finishedAt());
            assertThat(production.pending()).isFalse();
            assertThat(production.countersBefore().inserted()).as("the demo rows' inserts").isEqualTo(6);
        }
    }

    @Test
    void aChangePutBackBeforeTheRunEndsIsStillNeverClaimedUntouched() throws Exception {
        try (PostgresSchema registry = new PostgresSchema()) {
            LongRun run = startLongRun(registry);
            // A -> B -> A: the table's digest at the end is the one of the start
            assertThat(registry.update("UPDATE birth_registry SET status = 'review' WHERE entity_code = 'FLORA-900001'"))
                    .isEqualTo(1);
            assertThat(registry.update("UPDATE birth_registry SET status = 'active' WHERE entity_code = 'FLORA-900001'"))
                    .isEqualTo(1);

            assertThat(run.exit().get()).as(run.out().toString()).isEqualTo(ExitCode.PRODUCTION_UNPROVEN);
            Manifest.Production production = runs().get(0).manifest().production();
            assertThat(production.fingerprintAfter()).as("the digest cannot see it").isEqualTo(production.fingerprintBefore());
            assertThat(production.untouched()).isFalse();
            assertThat(production.countersAfter().updated() - production.countersBefore().updated()).isEqualTo(2);
            assertThat(production.note()).contains("birth_registry updated +2)").contains("digest is the same");
        }
    }

    @Test
    void aWriteToAnotherTableOfTheRegistrysDatabaseDuringTheRunIsSeenAndNamed() throws Exception {
        try (PostgresSchema registry = new PostgresSchema()) {
            registry.update("CREATE TABLE kg_edge (src text, dst text)");
            LongRun run = startLongRun(registry);
            assertThat(registry.update("INSERT INTO kg_edge VALUES ('FLORA-900001', 'FLORA-900002')")).isEqualTo(1);

            assertThat(run.exit().get()).as(run.out().toString()).isEqualTo(ExitCode.PRODUCTION_UNPROVEN);
            Manifest.Production production = runs().get(0).manifest().production();
            assertThat(production.fingerprintAfter()).as("birth_registry itself is as it was").isEqualTo(production.fingerprintBefore());
            assertThat(production.untouched()).isFalse();
            assertThat(production.countersBefore().tables()).containsKey(registry.name() + ".kg_edge");
            assertThat(production.note()).contains(registry.name() + ".kg_edge inserted +1");
        }
    }

    @Test
    void aStatisticsResetDuringTheRunMeansNoProof() throws Exception {
        try (PostgresSchema registry = new PostgresSchema()) {
            LongRun run = startLongRun(registry);
            try (var admin = registry.admin(); var sql = admin.createStatement()) {
                sql.execute("SELECT pg_stat_reset_single_table_counters('birth_registry'::regclass)");
            }

            assertThat(run.exit().get()).as(run.out().toString()).isEqualTo(ExitCode.PRODUCTION_UNPROVEN);
            Manifest.Production production = runs().get(0).manifest().production();
            assertThat(production.untouched()).isNull();
            assertThat(production.note()).contains("write counters went down");
        }
    }

    @Test
    void aChangeByAnotherClientDuringTheRunIsNeverClaimedUntouched() throws Exception {
        try (PostgresSchema registry = new PostgresSchema()) {
            LongRun run = startLongRun(registry);
            assertThat(registry.update("UPDATE birth_registry SET status = 'review' WHERE entity_code = 'FLORA-900001'"))
                    .isEqualTo(1);

            assertThat(run.exit().get()).as(run.out().toString()).isEqualTo(ExitCode.PRODUCTION_UNPROVEN);
            RunCatalog.Entry finished = runs().get(0);
            assertThat(finished.status()).as("inspection itself went fine").isEqualTo("COMPLETED");
            Manifest.Production production = finished.manifest().production();
            assertThat(production.untouched()).isFalse();
            assertThat(production.fingerprintAfter()).isNotEqualTo(production.fingerprintBefore());
            assertThat(production.note()).contains("production changed while this ran");
            assertThat(run.out().toString()).contains("production NOT proven untouched");
        }
    }

    @Test
    void aRegistryThatGoesAwayDuringTheRunIsNeverClaimedUntouched() throws Exception {
        PostgresSchema registry = new PostgresSchema();
        LongRun run = startLongRun(registry);

        registry.close(); // the registry's table (its whole schema) disappears mid-run

        assertThat(run.exit().get()).as(run.out().toString()).isEqualTo(ExitCode.PRODUCTION_UNPROVEN);
        RunCatalog.Entry finished = runs().get(0);
        assertThat(finished.status()).as("inspection never needed production").isEqualTo("COMPLETED");
        assertThat(finished.manifest().counts().candidates()).isEqualTo(150_000);
        Manifest.Production production = finished.manifest().production();
        assertThat(production.fingerprintBefore()).startsWith("6:");
        assertThat(production.untouched()).isNull();
        assertThat(production.note()).contains("could not be read");
    }

    @Test
    void anUnreachableRegistryNeitherStopsInspectionNorIsClaimedUntouched() throws Exception {
        dropRows("rows.jsonl", 2);
        StringWriter out = new StringWriter();
        int exit = kt(out, "--home", home.toString(), "--registry-url",
                "jdbc:postgresql://127.0.0.1:1/registry?user=alice&password=s3cret", "run", "--once");

        assertThat(exit).as(out.toString()).isEqualTo(ExitCode.PRODUCTION_UNPROVEN);
        RunCatalog.Entry run = runs().get(0);
        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(run.manifest().counts().candidates()).isEqualTo(2);
        Manifest.Production production = run.manifest().production();
        assertThat(production.untouched()).isNull();
        assertThat(production.note()).contains("could not be read", "Connection");
        assertThat(Files.readString(run.dir().resolve("evidence/manifest.json"))).doesNotContain("s3cret", "alice");
        assertThat(out.toString()).doesNotContain("s3cret");
    }

    @Test
    void theRunsOfABatchShareOneDigestBeforeItAndOneAfter() throws Exception {
        try (PostgresSchema registry = new PostgresSchema()) {
            for (int i = 0; i < 6; i++) {
                dropRows("f" + i + ".jsonl", 3);
            }
            StringWriter out = new StringWriter();
            assertThat(kt(out, "--home", home.toString(), "--registry-url", registry.url(), "run", "--once"))
                    .as(out.toString()).isZero();

            List<Manifest> manifests = runs().stream().map(RunCatalog.Entry::manifest).toList();
            assertThat(manifests).hasSize(6).allSatisfy(m -> {
                assertThat(m.production().untouched()).isTrue();
                assertThat(m.production().countersBefore()).as("each run's own counters").isNotNull();
            });
            assertThat(manifests.stream().map(m -> m.production().digestBefore()).distinct()).as("one digest before").hasSize(1);
            assertThat(manifests.stream().map(m -> m.production().digestAfter()).distinct()).as("one digest after").hasSize(1);
            Instant firstStart = manifests.stream().map(Manifest::startedAt).min(Instant::compareTo).orElseThrow();
            Instant lastEnd = manifests.stream().map(Manifest::finishedAt).max(Instant::compareTo).orElseThrow();
            assertThat(manifests.get(0).production().digestBefore().at()).isBeforeOrEqualTo(firstStart);
            assertThat(manifests.get(0).production().digestAfter().at()).isAfterOrEqualTo(lastEnd);
            for (RunCatalog.Entry run : runs()) {
                assertThat(Files.readString(run.dir().resolve("evidence/report.html"))).as("the page says the verdict")
                        .contains(manifests.get(0).production().digestAfter().at().toString());
                assertThat(RunVerifier.verify(run).ok()).as("the page written again is listed as it is")
                        .isTrue();
            }

            StringWriter receipts = new StringWriter();
            assertThat(kt(receipts, "--home", home.toString(), "--registry-url", registry.url(), "delete", "--all")).isZero();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : receipts.toString().strip().split("\n")) {
                lines.add(new ObjectMapper().readTree(line));
            }
            assertThat(lines).hasSize(6).allSatisfy(r -> assertThat(r.path("production").path("untouched").asBoolean()).isTrue());
            assertThat(lines.stream().map(r -> r.path("production").path("digest_before").path("at").asText()).distinct())
                    .as("the delete batch, too, is digested once before and once after").hasSize(1)
                    .allSatisfy(at -> assertThat(Instant.parse(at)).isAfter(lastEnd));
        }
    }
}
