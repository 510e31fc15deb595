package io.khotam.nodes;

import java.io.IOException;
import java.time.Instant;

/**
 * The lease this node holds on each run it works on. On one host ({@link #singleHost}) there is
 * nothing to coordinate: a run belongs to its process, and a dead process's runs are recovered at
 * the next start. Over a shared home ({@link PostgresLeases}) a run belongs to the node whose lease
 * on it is live in the workspace PostgreSQL, and a lease that expires is taken over by another node.
 */
public interface RunLeases {

    /** What ending a run writes (its page and final manifest), done only while the lease is still this node's. */
    @FunctionalInterface
    interface Publish {
        void publish() throws IOException;
    }

    /** What taking over an expired run does (marks it INTERRUPTED, its input back to the inbox), done while holding it. */
    @FunctionalInterface
    interface Recover {
        Found recover(Expired run) throws IOException;
    }

    /** What a takeover found, and so how the lease is closed. */
    enum Found {
        /** the run was unfinished (now INTERRUPTED, its input back in the inbox) or is gone: the lease is closed as taken */
        UNFINISHED,
        /**
         * its node had published the run's end but could not record it under the lease (the database went away
         * between the two): the lease is closed as ended, as that node would have, and the run is left as it is
         */
        ENDED
    }

    /** A run whose node stopped renewing its lease. */
    record Expired(String runId, String node, Instant expiredAt) {}

    /** An expired lease this node closed, and what it found of the run. */
    record Closed(Expired run, Found found) {}

    String node();

    /** Whether runs are coordinated with other nodes (a shared home). */
    boolean shared();

    /** The lease on a new run, taken at its claim before the input is moved. @throws IOException when this node may not claim now */
    void acquire(String runId) throws IOException;

    /** A claim withdrawn before it was published: its lease goes with it. */
    void release(String runId);

    /** Asked before the run's bytes reach the disk. */
    RunFence fence(String runId);

    /**
     * Ends the run under its lease: {@code publish} runs only while this node still holds it, and
     * the end is recorded in the same transaction.
     *
     * @return false when another node took the run over: nothing was published
     * @throws LeaseLostException when whether the lease is still held cannot be told (the workspace unreachable): nothing published
     */
    boolean end(String runId, Publish publish) throws IOException;

    /** Whether a live or not yet taken-over lease covers the run: startup recovery leaves such runs to takeover. */
    boolean leased(String runId) throws IOException;

    /**
     * A run whose process is known to be dead (startup recovery, on its own host): recovered now,
     * under its lease if it has one; left alone while another node is taking it over.
     */
    void takeOverDead(String runId, Recover recover) throws IOException;

    /** Takes over one expired lease of another node and recovers its run while holding it. @return the lease closed, or null */
    Closed takeOverOne(Recover recover) throws IOException;

    /** Why this node must not claim now (its leases cannot be renewed), or null. */
    String down();

    /** How many runs this node holds leases on. */
    int held();

    static RunLeases singleHost(String node) {
        return new RunLeases() {
            @Override public String node() { return node; }
            @Override public boolean shared() { return false; }
            @Override public void acquire(String runId) { }
            @Override public void release(String runId) { }
            @Override public RunFence fence(String runId) { return RunFence.OPEN; }
            @Override public boolean end(String runId, Publish publish) throws IOException {
                publish.publish();
                return true;
            }
            @Override public boolean leased(String runId) { return false; }
            @Override public void takeOverDead(String runId, Recover recover) throws IOException {
                recover.recover(new Expired(runId, null, null));
            }
            @Override public Closed takeOverOne(Recover recover) { return null; }
            @Override public String down() { return null; }
            @Override public int held() { return 0; }
        };
    }
}
