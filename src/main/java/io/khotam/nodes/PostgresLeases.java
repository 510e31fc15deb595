package io.khotam.nodes;

import io.khotam.Problems;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run leases in the workspace PostgreSQL (docs/scale-out.md): one row per run, the node that holds
 * it, its state and an expiry on the database's clock. Ownership is the lease and nothing else: a
 * run is recovered or taken over only once its lease has expired, or when it never had one; host
 * names and pids are shown to people, never used to decide. The node renews its leases every
 * quarter lease in one short statement that skips the rows a publish holds locked, so one slow run
 * never holds up the renewal of the others. Takeover locks one expired row ({@code FOR UPDATE SKIP
 * LOCKED}, so two nodes never take the same run) and recovers the run while holding the lock. A
 * run's end locks its own row, checks it is still this node's and running, publishes, and records
 * the end in that one transaction, so a run is ended by one node or taken over by one, never both;
 * a publish that fails lets the lease go at once, for another node to end the run.
 *
 * <p>The node fences itself by its own clock: once its last successful renewal is three quarters of
 * a lease old, its lease may be about to expire on the database, so it claims nothing and writes
 * nothing into its runs until a renewal succeeds; a run that cannot be renewed for a whole lease is
 * given up as lost. Whoever listens is told of every run this node loses ({@link #onLost}), so that
 * what works for the run (an exec producer's processes) stops at once.
 */
public class PostgresLeases extends ServiceSupport implements RunLeases {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresLeases.class);
    static final String SCHEMA = "khotam_nodes";

    private final DataSource pool;
    private final String where;
    private final String home;
    private final String node;
    private final Duration lease;
    private final long fenceNanos;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    /** Runs whose end this node is publishing, their rows locked: a renewal that skips them has lost nothing. */
    private final Set<String> ending = ConcurrentHashMap.newKeySet();
    private final Set<String> lost = ConcurrentHashMap.newKeySet();
    private final List<Consumer<String>> lostListeners = new CopyOnWriteArrayList<>();
    private final Object renewed = new Object();
    private volatile long lastRenewedNanos;
    private volatile long healthySinceNanos;
    private volatile String failure;
    private volatile long renewals;
    private ScheduledExecutorService renewer;

    /**
     * @param pool the workspace database, each wait on it bounded well under the lease
     * @param where host:port/database, for messages
     * @param home the shared home's identity: nodes of other homes on the same database are none of this node's business
     */
    public PostgresLeases(DataSource pool, String where, String home, String node, Duration lease) {
        this.pool = pool;
        this.where = where;
        this.home = home;
        this.node = node;
        this.lease = lease;
        this.fenceNanos = lease.toNanos() * 3 / 4;
    }

    public Duration lease() {
        return lease;
    }

    /** The renewals so far (what a lease costs: one statement per renewal, whatever the number of runs). */
    public long renewals() {
        return renewals;
    }

    @Override
    protected void doStart() throws Exception {
        try (Connection c = pool.getConnection()) {
            makeTable(c);
        } catch (SQLException e) {
            throw new IOException("the workspace database " + where + " cannot keep this node's leases: " + Problems.describe(e), e);
        }
        renew();
        if (failure != null) {
            throw new IOException("the workspace database " + where + " cannot keep this node's leases: " + failure);
        }
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "khotam-leases");
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(1, lease.toMillis() / 4);
        renewer.scheduleWithFixedDelay(this::renew, tick, tick, TimeUnit.MILLISECONDS);
        LOG.info("node {}: leases of {} in {}, renewed every {} ms", node, lease, where, tick);
    }

    /**
     * The lease table, made by the first node that starts. Several starting at once race on it: the
     * losers' CREATE ... IF NOT EXISTS meets the winner's uncommitted row and fails as a duplicate,
     * and tries again, finding it made. (No advisory lock: that key space is shared with every role
     * of the database, a producer's included.)
     */
    private static void makeTable(Connection c) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
                s.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".run_lease (home text NOT NULL, run_id text NOT NULL, "
                        + "node text NOT NULL, state text NOT NULL, expires_at timestamptz NOT NULL, "
                        + "started_at timestamptz NOT NULL, ended_at timestamptz, taken_by text, taken_at timestamptz, "
                        + "PRIMARY KEY (home, run_id))");
                dropEpoch(s);
                s.execute("CREATE INDEX IF NOT EXISTS run_lease_live ON " + SCHEMA + ".run_lease (home, state, expires_at)");
                return;
            } catch (SQLException e) {
                boolean duplicate = "23505".equals(e.getSQLState()) || "42P06".equals(e.getSQLState())
                        || "42P07".equals(e.getSQLState());
                if (!duplicate || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /** An epoch was kept by earlier versions and read by nothing: the lease's state and expiry decide. */
    private static void dropEpoch(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 1 FROM information_schema.columns WHERE table_schema = '" + SCHEMA
                + "' AND table_name = 'run_lease' AND column_name = 'epoch'")) {
            if (!rs.next()) {
                return;
            }
        }
        s.execute("ALTER TABLE " + SCHEMA + ".run_lease DROP COLUMN epoch");
    }

    @Override
    protected void doStop() {
        if (renewer != null) {
            renewer.shutdownNow();
        }
        if (pool instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing the lease pool: {}", e.toString());
            }
        }
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public boolean shared() {
        return true;
    }

    /**
     * One statement renews the leases of the runs this node works on; one of them that did not
     * come back was taken over. Only those runs: a lease this node gave up on (a run it ended
     * without publishing) expires, and another node recovers its run.
     */
    void renew() {
        long started = System.nanoTime();
        Set<String> asked = Set.copyOf(held); // each was put there after its lease was committed
        Set<String> still = new HashSet<>();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL lock_timeout = " + Math.max(100, lease.toMillis() / 8));
            }
            // rows a publish holds locked are skipped, not waited for: one slow run never delays the others'
            try (PreparedStatement s = c.prepareStatement("UPDATE " + SCHEMA + ".run_lease SET expires_at = now() + ? * "
                    + "interval '1 millisecond' WHERE (home, run_id) IN (SELECT home, run_id FROM " + SCHEMA + ".run_lease "
                    + "WHERE home = ? AND node = ? AND state = 'running' AND run_id = ANY (?) FOR UPDATE SKIP LOCKED) "
                    + "RETURNING run_id")) {
                s.setLong(1, lease.toMillis());
                s.setString(2, home);
                s.setString(3, node);
                s.setArray(4, c.createArrayOf("text", asked.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        still.add(rs.getString(1));
                    }
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            healthySinceNanos = 0;
            if (failure == null) { // the first failure of an outage is its reason, said once
                failure = "cannot renew its leases in the workspace database " + where + " since "
                        + Instant.now().minusNanos(System.nanoTime() - lastRenewedNanos) + ": " + Problems.describe(e);
                LOG.error("node {} {}; it claims nothing until it can, and writes nothing into its runs once the lease "
                        + "may have run out ({} ms after the last renewal)", node, failure, fenceNanos / 1_000_000);
            }
            return;
        }
        renewals++;
        for (String runId : asked) {
            if (!still.contains(runId) && held.contains(runId) && !ending.contains(runId) && !lockedByAnother(runId)) {
                loseRun(runId, "another node took it over while this node could not renew its lease");
            }
        }
        if (failure != null) {
            LOG.warn("node {} renews its leases again in {} (was: {})", node, where, failure);
            failure = null;
        }
        if (healthySinceNanos == 0) {
            healthySinceNanos = started;
        }
        lastRenewedNanos = started;
        synchronized (renewed) {
            renewed.notifyAll();
        }
    }

    /**
     * A lease the renewal skipped because its row was locked: still this node's and running (a
     * takeover in progress would have to have found it expired, which a renewed lease is not).
     */
    private boolean lockedByAnother(String runId) {
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + SCHEMA + ".run_lease WHERE home = ? AND run_id = ? "
                     + "AND node = ? AND state = 'running' AND expires_at > now()")) {
            s.setString(1, home);
            s.setString(2, runId);
            s.setString(3, node);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            return true; // cannot tell now: the next renewal looks again
        }
    }

    /** Tells {@code listener} the id of every run this node loses (taken over, or given up), as it loses it. */
    public void onLost(Consumer<String> listener) {
        lostListeners.add(listener);
    }

    private void loseRun(String runId, String why) {
        held.remove(runId);
        if (lost.add(runId)) {
            LOG.warn("node {} lost its lease on run {} ({}): it writes, ends and deletes nothing more of that run", node,
                    runId, why);
            for (Consumer<String> listener : lostListeners) {
                try {
                    listener.accept(runId);
                } catch (RuntimeException e) {
                    LOG.warn("stopping what worked for lost run {}: {}", runId, Problems.describe(e));
                }
            }
        }
    }

    private boolean fresh() {
        return lastRenewedNanos != 0 && System.nanoTime() - lastRenewedNanos < fenceNanos;
    }

    @Override
    public String down() {
        if (failure != null) {
            return "node " + node + " " + failure;
        }
        return fresh() ? null : "node " + node + " has not renewed its leases for over " + fenceNanos / 1_000_000
                + " ms (lease " + lease.toMillis() + " ms)";
    }

    @Override
    public int held() {
        return held.size();
    }

    @Override
    public void acquire(String runId) throws IOException {
        String down = down();
        if (down != null) {
            throw new IOException("not claiming: " + down);
        }
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO " + SCHEMA + ".run_lease (home, run_id, node, state, "
                     + "expires_at, started_at) VALUES (?, ?, ?, 'running', now() + ? * interval '1 millisecond', now())")) {
            s.setString(1, home);
            s.setString(2, runId);
            s.setString(3, node);
            s.setLong(4, lease.toMillis());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("not claiming: the lease on run " + runId + " cannot be taken in " + where + ": "
                    + Problems.describe(e), e);
        }
        held.add(runId);
    }

    @Override
    public void release(String runId) {
        held.remove(runId);
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM " + SCHEMA + ".run_lease WHERE home = ? AND run_id = ? AND node = ?")) {
            s.setString(1, home);
            s.setString(2, runId);
            s.setString(3, node);
            s.executeUpdate();
        } catch (SQLException e) {
            // left to expire: whoever takes it over finds no run and lets it go
            LOG.debug("the lease of withdrawn claim {} stays until it expires: {}", runId, e.toString());
        }
    }

    @Override
    public RunFence fence(String runId) {
        return () -> {
            long giveUp = System.nanoTime() + lease.toNanos();
            while (true) {
                if (lost.contains(runId) || !held.contains(runId)) {
                    throw new LeaseLostException("node " + node + " no longer holds the lease on run " + runId
                            + ": another node took the run over");
                }
                if (fresh()) {
                    return;
                }
                if (System.nanoTime() - giveUp > 0) {
                    // waited a whole lease for a renewal: the database may well have let it expire; given up, not waited on
                    loseRun(runId, "its lease could not be renewed while a write waited a whole lease (" + lease.toMillis() + " ms)");
                    throw new LeaseLostException("node " + node + " could not renew its lease on run " + runId + " for "
                            + lease.toMillis() + " ms and gave the run up; another node takes it over");
                }
                synchronized (renewed) {
                    try {
                        renewed.wait(250);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new LeaseLostException("interrupted while waiting to renew the lease on run " + runId);
                    }
                }
            }
        };
    }

    @Override
    public boolean end(String runId, Publish publish) throws IOException {
        if (!held.contains(runId)) {
            return false;
        }
        long giveUp = System.nanoTime() + lease.toNanos();
        while (true) {
            boolean published = false;
            ending.add(runId);
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL lock_timeout = " + Math.max(100, lease.toMillis() / 4));
                }
                try (PreparedStatement s = c.prepareStatement("SELECT node, state FROM " + SCHEMA + ".run_lease "
                        + "WHERE home = ? AND run_id = ? FOR UPDATE")) {
                    s.setString(1, home);
                    s.setString(2, runId);
                    try (ResultSet rs = s.executeQuery()) {
                        if (!rs.next() || !node.equals(rs.getString(1)) || !"running".equals(rs.getString(2))) {
                            c.rollback();
                            loseRun(runId, "it was taken over before the run ended");
                            return false;
                        }
                    }
                }
                published = true;
                try {
                    publish.publish();
                } catch (LeaseLostException e) {
                    c.rollback();
                    loseRun(runId, e.getMessage());
                    return false;
                } catch (IOException | RuntimeException e) {
                    c.rollback();
                    letGo(runId, Problems.describe(e));
                    throw e;
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE " + SCHEMA + ".run_lease SET state = 'ended', "
                        + "ended_at = now() WHERE home = ? AND run_id = ?")) {
                    s.setString(1, home);
                    s.setString(2, runId);
                    s.executeUpdate();
                }
                held.remove(runId); // before the commit: a renewal must not take the end for a loss
                c.commit();
                return true;
            } catch (SQLException e) {
                if (published) {
                    // the run's end is written; its lease expires and whoever takes it over finds the run ended
                    held.remove(runId);
                    LOG.warn("run {}: ended, but the end could not be recorded in {} ({}); the lease expires and is let go",
                            runId, where, Problems.describe(e));
                    return true;
                }
                if (System.nanoTime() > giveUp) {
                    throw new LeaseLostException("the end of run " + runId + " cannot be recorded under its lease: the "
                            + "workspace database " + where + " cannot be reached (" + Problems.describe(e) + ")");
                }
                pause();
            } finally {
                ending.remove(runId);
            }
        }
    }

    /**
     * A run this node could not end (its publish failed): its lease expires now, so that another
     * node takes the run over and ends it, rather than this node renewing a run it will never end.
     */
    private void letGo(String runId, String why) {
        loseRun(runId, "its end could not be published (" + why + "); its lease is let go for another node to end it");
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE " + SCHEMA + ".run_lease SET expires_at = now() "
                     + "WHERE home = ? AND run_id = ? AND node = ? AND state = 'running'")) {
            s.setString(1, home);
            s.setString(2, runId);
            s.setString(3, node);
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("run {}: its lease could not be let go now ({}); it expires by itself", runId, Problems.describe(e));
        }
    }

    private static void pause() throws LeaseLostException {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeaseLostException("interrupted while waiting for the workspace database");
        }
    }

    @Override
    public boolean leased(String runId) throws IOException {
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + SCHEMA + ".run_lease WHERE home = ? AND run_id = ? "
                     + "AND state = 'running' AND expires_at >= now()")) {
            s.setString(1, home);
            s.setString(2, runId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IOException("whether run " + runId + " is leased cannot be read in " + where + ": " + Problems.describe(e), e);
        }
    }

    @Override
    public void takeOverDead(String runId, Recover recover) throws IOException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            String holder;
            try (PreparedStatement s = c.prepareStatement("SELECT node, state = 'running' AND expires_at >= now() FROM " + SCHEMA
                    + ".run_lease WHERE home = ? AND run_id = ? FOR UPDATE NOWAIT")) {
                s.setString(1, home);
                s.setString(2, runId);
                try (ResultSet rs = s.executeQuery()) {
                    holder = rs.next() ? rs.getString(1) : null;
                    if (holder != null && rs.getBoolean(2)) {
                        c.rollback();
                        LOG.info("run {} is held by node {} under a live lease; left to it", runId, holder);
                        return;
                    }
                }
            } catch (SQLException e) {
                if ("55P03".equals(e.getSQLState())) {
                    c.rollback();
                    LOG.info("run {} is being taken over by another node; left to it", runId);
                    return;
                }
                throw e;
            }
            Found found;
            try {
                found = recover.recover(new Expired(runId, holder, null));
            } catch (IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            if (holder != null) {
                close(c, runId, found);
            }
            c.commit();
        } catch (SQLException e) {
            throw new IOException("run " + runId + " cannot be recovered under its lease in " + where + ": " + Problems.describe(e), e);
        }
    }

    /** Closes a lease this node holds locked: taken (the run recovered here), or ended (its own node had ended it). */
    private void close(Connection c, String runId, Found found) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE " + SCHEMA + ".run_lease SET taken_by = ?, "
                + (found == Found.ENDED ? "state = 'ended', ended_at = now()" : "state = 'taken', taken_at = now()")
                + " WHERE home = ? AND run_id = ? AND state = 'running'")) {
            s.setString(1, node);
            s.setString(2, home);
            s.setString(3, runId);
            s.executeUpdate();
        }
    }

    /**
     * A node takes over only after a whole lease of renewing without a gap: one that has just come
     * back (or just started) gives the others time to renew first, so a database that was away
     * from all of them makes nobody take over a live run.
     */
    boolean mayTakeOver() {
        long since = healthySinceNanos;
        return failure == null && fresh() && since != 0 && System.nanoTime() - since >= lease.toNanos();
    }

    @Override
    public Closed takeOverOne(Recover recover) throws IOException {
        if (!mayTakeOver()) {
            return null;
        }
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            Expired expired;
            try (PreparedStatement s = c.prepareStatement("SELECT run_id, node, expires_at FROM " + SCHEMA + ".run_lease "
                    + "WHERE home = ? AND state = 'running' AND expires_at < now() ORDER BY expires_at LIMIT 1 "
                    + "FOR UPDATE SKIP LOCKED")) {
                s.setString(1, home);
                try (ResultSet rs = s.executeQuery()) {
                    // this node's own expired lease is taken over too once it gave the run up (an earlier process
                    // under the same node id, or a run it could not end); one it still works on is never expired here
                    if (!rs.next() || held.contains(rs.getString(1))) {
                        c.rollback();
                        return null;
                    }
                    expired = new Expired(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant());
                }
            }
            Found found;
            try {
                found = recover.recover(expired);
            } catch (IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            close(c, expired.runId(), found);
            c.commit();
            return new Closed(expired, found);
        } catch (SQLException e) {
            throw new IOException("taking over an expired lease in " + where + " failed: " + Problems.describe(e), e);
        }
    }
}
