package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.khotam.Rows;
import io.khotam.evidence.Manifest;
import io.khotam.registry.PostgresSchema;
import io.khotam.store.RunCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
            assertThat(production.countersBefore()).as("PostgreSQL's write counters, read before and after")
                    .isNotNull().isEqualTo(production.countersAfter());
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
            assertThat(production.note()).contains("updated +2 rows) and put back");
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
}
