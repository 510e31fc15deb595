package io.khotam.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.khotam.producer.TestWorkspace;
import io.khotam.producer.Workspace;
import io.khotam.producer.WorkspaceBound;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run leases in the real PostgreSQL on 127.0.0.1:5432 (the test workspace database; these tests
 * fail, never skip, without it). Node A reaches the database through a relay the test cuts, as a
 * host that lost its network; B and C reach it directly. Each test has a home of its own.
 */
class PostgresLeasesTest {

    private static final Duration LEASE = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private final String home = UUID.randomUUID().toString();
    private final List<PostgresLeases> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        nodes.forEach(PostgresLeases::stop);
    }

    private PostgresLeases node(String name, int port) throws Exception {
        Workspace workspace = new Workspace("jdbc:postgresql://127.0.0.1:" + port + "/" + TestWorkspace.DATABASE + "?user=postgres",
                null, null, dir.resolve("unused"), WorkspaceBound.DEFAULT);
        PostgresLeases node = new PostgresLeases(workspace.pool("leases-" + name, LEASE.dividedBy(4)), workspace.database(), home,
                name, LEASE);
        node.start();
        nodes.add(node);
        return node;
    }

    private String state(String runId) throws Exception {
        try (Connection c = TestWorkspace.admin(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT state || ' ' || coalesce(taken_by, '-') FROM khotam_nodes.run_lease "
                     + "WHERE home = '" + home + "' AND run_id = '" + runId + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void aRunEndsOnceUnderItsLease() throws Exception {
        TestWorkspace.url();
        PostgresLeases a = node("a", 5432);
        a.acquire("r1");
        AtomicInteger published = new AtomicInteger();

        assertThat(a.end("r1", published::incrementAndGet)).isTrue();

        assertThat(published).hasValue(1);
        assertThat(state("r1")).isEqualTo("ended -");
        assertThat(a.held()).isZero();
        assertThat(a.end("r1", published::incrementAndGet)).isFalse();
        assertThat(published).hasValue(1);
    }

    @Test
    void aCutOffNodesRunsAreTakenOverOnceEachAndItPublishesNothingForThem() throws Exception {
        TestWorkspace.url();
        try (TcpRelay relay = new TcpRelay(5432)) {
            PostgresLeases a = node("a", relay.port());
            PostgresLeases b = node("b", 5432);
            PostgresLeases c = node("c", 5432);
            for (int i = 0; i < 20; i++) {
                a.acquire("r" + i);
            }
            RunFence fence = a.fence("r0");
            fence.beforeWrite();
            Thread.sleep(LEASE.toMillis()); // b and c have renewed for a whole lease: they may take over

            relay.cut();
            await().atMost(Duration.ofSeconds(5)).until(() -> a.down() != null);
            assertThatThrownBy(() -> a.acquire("r-new")).hasMessageContaining("not claiming");

            Map<String, AtomicInteger> recovered = new ConcurrentHashMap<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> takers = new ArrayList<>();
            for (PostgresLeases taker : List.of(b, c)) {
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                        while (System.nanoTime() < until && recovered.size() < 20) {
                            taker.takeOverOne(run -> {
                                recovered.computeIfAbsent(run.runId(), k -> new AtomicInteger()).incrementAndGet();
                                return RunLeases.Found.UNFINISHED;
                            });
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                t.start();
                takers.add(t);
            }
            go.countDown();
            for (Thread t : takers) {
                t.join();
            }
            assertThat(recovered).hasSize(20);
            assertThat(recovered.values()).allSatisfy(n -> assertThat(n).hasValue(1));
            for (int i = 0; i < 20; i++) {
                assertThat(state("r" + i)).matches("taken [bc]");
            }

            relay.restore();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.down() == null);
            AtomicInteger published = new AtomicInteger();
            assertThat(a.end("r1", published::incrementAndGet)).isFalse();
            assertThat(published).hasValue(0);
            assertThatThrownBy(fence::beforeWrite).isInstanceOf(LeaseLostException.class);
            assertThat(a.held()).isZero();
        }
    }

    @Test
    void aRunTakenOverBeforeItsNodeNoticedIsNotPublishedAtItsEnd() throws Exception {
        TestWorkspace.url();
        PostgresLeases a = node("a", 5432);
        a.acquire("r1");
        // another node's takeover, committed between two of a's renewals
        try (Connection c = TestWorkspace.admin(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE khotam_nodes.run_lease SET node = 'b', state = 'taken', taken_by = 'b' "
                    + "WHERE home = '" + home + "' AND run_id = 'r1'");
        }
        AtomicInteger published = new AtomicInteger();

        assertThat(a.end("r1", published::incrementAndGet)).isFalse();

        assertThat(published).hasValue(0);
        assertThat(state("r1")).isEqualTo("taken b");
    }

    @Test
    void aRunWhoseEndWasPublishedButNotRecordedHasItsLeaseClosedAsEndedNotTaken() throws Exception {
        TestWorkspace.url();
        try (TcpRelay relay = new TcpRelay(5432)) {
            PostgresLeases a = node("a", relay.port());
            PostgresLeases b = node("b", 5432);
            a.acquire("r1");
            Thread.sleep(LEASE.toMillis()); // b has renewed for a whole lease: it may take over

            // the database goes away between the run's publication and the record of its end
            assertThat(a.end("r1", relay::cut)).as("published: the run is ended").isTrue();
            assertThat(state("r1")).isEqualTo("running -");
            assertThat(a.held()).isZero();

            List<RunLeases.Expired> found = new ArrayList<>();
            await().atMost(LEASE.multipliedBy(3)).until(() -> b.takeOverOne(run -> {
                found.add(run);
                return RunLeases.Found.ENDED;
            }) != null);
            assertThat(found).extracting(RunLeases.Expired::runId).containsExactly("r1");
            assertThat(state("r1")).isEqualTo("ended b");
            relay.restore();
        }
    }

    @Test
    void anOutageShorterThanTheLeaseCostsNothing() throws Exception {
        TestWorkspace.url();
        try (TcpRelay relay = new TcpRelay(5432)) {
            PostgresLeases a = node("a", relay.port());
            PostgresLeases b = node("b", 5432);
            a.acquire("r1");
            Thread.sleep(LEASE.toMillis());

            relay.cut();
            Thread.sleep(LEASE.toMillis() / 4);
            relay.restore();
            Thread.sleep(LEASE.toMillis());

            assertThat(b.takeOverOne(run -> { throw new AssertionError("took over a live run " + run); })).isNull();
            a.fence("r1").beforeWrite();
            assertThat(a.end("r1", () -> { })).isTrue();
            assertThat(state("r1")).isEqualTo("ended -");
        }
    }

    @Test
    void aDatabaseAwayFromEveryNodeForLongerThanTheLeaseMakesNobodyTakeOverALiveRun() throws Exception {
        TestWorkspace.url();
        try (TcpRelay toA = new TcpRelay(5432); TcpRelay toB = new TcpRelay(5432)) {
            PostgresLeases a = node("a", toA.port());
            PostgresLeases b = node("b", toB.port());
            a.acquire("ra");
            b.acquire("rb");
            Thread.sleep(LEASE.toMillis());

            toA.cut();
            toB.cut();
            Thread.sleep(LEASE.toMillis() * 2); // every lease has expired on the database's clock
            assertThat(a.down()).isNotNull();
            assertThat(b.down()).isNotNull();
            toA.restore();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.down() == null);
            // b's lease has expired and b is still away, but a has just come back: for one lease it takes nothing over
            assertThat(a.takeOverOne(run -> { throw new AssertionError("took over " + run); })).isNull();
            toB.restore();
            await().atMost(Duration.ofSeconds(10)).until(() -> b.down() == null);

            Thread.sleep(LEASE.toMillis() + 500); // by now each has renewed its own for a whole lease
            assertThat(a.takeOverOne(run -> { throw new AssertionError("took over " + run); })).isNull();
            assertThat(b.takeOverOne(run -> { throw new AssertionError("took over " + run); })).isNull();
            assertThat(a.end("ra", () -> { })).isTrue();
            assertThat(b.end("rb", () -> { })).isTrue();
        }
    }

    @Test
    void aNodeThatJustStartedTakesNothingOverForOneLease() throws Exception {
        TestWorkspace.url();
        try (TcpRelay relay = new TcpRelay(5432)) {
            PostgresLeases a = node("a", relay.port());
            a.acquire("r1");
            relay.cut();
            Thread.sleep(LEASE.toMillis() + 500); // a's lease has expired on the database's clock
            PostgresLeases late = node("late", 5432);

            assertThat(late.takeOverOne(run -> RunLeases.Found.UNFINISHED)).isNull();
            await().atMost(Duration.ofSeconds(5)).until(() -> late.takeOverOne(run -> RunLeases.Found.UNFINISHED) != null);
            assertThat(state("r1")).isEqualTo("taken late");
        }
    }

    @Test
    void aWriteWaitsAtMostALeaseForARenewalThenGivesTheRunUpAndSaysSo() throws Exception {
        TestWorkspace.url();
        try (TcpRelay relay = new TcpRelay(5432)) {
            PostgresLeases a = node("a", relay.port());
            List<String> lost = new CopyOnWriteArrayList<>();
            a.onLost(lost::add);
            a.acquire("r1");
            relay.cut();
            Thread.sleep(LEASE.toMillis());
            long before = System.nanoTime();

            assertThatThrownBy(() -> a.fence("r1").beforeWrite()).isInstanceOf(LeaseLostException.class)
                    .hasMessageContaining("gave the run up");

            long waited = (System.nanoTime() - before) / 1_000_000;
            assertThat(waited).as("waited %d ms", waited).isBetween(LEASE.toMillis() - 100, LEASE.toMillis() + 1_000);
            assertThat(lost).containsExactly("r1");
            System.out.printf("PostgresLeasesTest: a write under an outage gave up after %d ms (lease %d ms)%n", waited,
                    LEASE.toMillis());
        }
    }

    @Test
    void aSlowPublishOfOneRunLetsTheNodesOtherLeasesBeRenewed() throws Exception {
        TestWorkspace.url();
        PostgresLeases a = node("a", 5432);
        a.acquire("slow");
        a.acquire("other");
        List<String> lost = new CopyOnWriteArrayList<>();
        a.onLost(lost::add);
        long renewalsBefore = a.renewals();

        // the publish holds its lease row locked for twice the lease
        assertThat(a.end("slow", () -> {
            try {
                Thread.sleep(LEASE.toMillis() * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })).isTrue();

        assertThat(a.renewals() - renewalsBefore).as("renewals while it published").isGreaterThanOrEqualTo(4);
        assertThat(lost).as("no lease lost").isEmpty();
        assertThat(state("other")).isEqualTo("running -");
        try (Connection c = TestWorkspace.admin(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT expires_at > now() FROM khotam_nodes.run_lease WHERE home = '" + home
                     + "' AND run_id = 'other'")) {
            assertThat(rs.next() && rs.getBoolean(1)).as("the other run's lease is live").isTrue();
        }
        a.fence("other").beforeWrite();
    }

    @Test
    void aPublishThatFailsLetsTheLeaseGoForAnotherNodeToEndTheRun() throws Exception {
        TestWorkspace.url();
        PostgresLeases a = node("a", 5432);
        PostgresLeases b = node("b", 5432);
        a.acquire("r1");
        Thread.sleep(LEASE.toMillis()); // b may take over

        assertThatThrownBy(() -> a.end("r1", () -> {
            throw new IOException("the run directory is read-only");
        })).hasMessageContaining("read-only");

        assertThat(a.held()).isZero();
        RunLeases.Closed taken = await().atMost(Duration.ofSeconds(5)).until(() -> b.takeOverOne(run -> RunLeases.Found.UNFINISHED),
                Objects::nonNull);
        assertThat(taken.run().runId()).isEqualTo("r1");
        assertThat(state("r1")).isEqualTo("taken b");
    }

    @Test
    void aRunUnderALiveLeaseIsNotTakenOverAtAStartWhateverItsPidSays() throws Exception {
        TestWorkspace.url();
        PostgresLeases a = node("a", 5432);
        PostgresLeases b = node("b", 5432);
        a.acquire("r1");
        AtomicInteger recovered = new AtomicInteger();

        b.takeOverDead("r1", run -> {
            recovered.incrementAndGet();
            return RunLeases.Found.UNFINISHED;
        });
        assertThat(recovered).as("its lease is live: left to node a").hasValue(0);
        assertThat(b.leased("r1")).isTrue();

        a.stop(); // a dies: its lease runs out
        await().atMost(LEASE.multipliedBy(3)).until(() -> !b.leased("r1"));
        b.takeOverDead("r1", run -> {
            recovered.incrementAndGet();
            return RunLeases.Found.UNFINISHED;
        });
        assertThat(recovered).hasValue(1);
        assertThat(state("r1")).isEqualTo("taken b");
    }

    @Test
    void aWriteWaitsWhileTheLeaseMayHaveRunOutAndGoesOnWhenItIsRenewed() throws Exception {
        TestWorkspace.url();
        try (TcpRelay relay = new TcpRelay(5432)) {
            PostgresLeases a = node("a", relay.port());
            a.acquire("r1");
            relay.cut();
            Thread.sleep(LEASE.toMillis() * 7 / 8); // the last renewal is older than three quarters of the lease
            long before = System.nanoTime();
            Thread restorer = new Thread(() -> {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                relay.restore();
            });
            restorer.start();

            a.fence("r1").beforeWrite(); // returns only once a renewal has succeeded again

            assertThat(System.nanoTime() - before).isGreaterThan(Duration.ofMillis(400).toNanos());
            assertThat(a.down()).isNull();
            restorer.join();
        }
    }
}
