package io.khotam.run.claim;

import io.khotam.Problems;
import io.khotam.nodes.RunLeases;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;

/**
 * Watches the inbox consumer's polls. Camel's file consumer treats an inbox it cannot list as an
 * empty one, so each poll first opens the inbox itself and records a failure (health DOWN,
 * {@code run --once} non-zero) instead of seeing nothing. It also tells {@code run --once} when
 * its one poll is done: {@code commit} comes once every file it picked up was handed to a run worker
 * ({@link RunWorkers} says when they are all done). A poll that an {@link Error} ended inside Camel
 * (out of memory in its own machinery) reaches neither commit nor rollback: Camel logs it and goes
 * on. The scheduler then says the poll task ended ({@link #pollTaskEnded}) and the poll is recorded
 * as a failure, so {@code run --once} ends (non-zero) instead of waiting forever. (Runs never run on
 * the poll's thread: one cut off on its worker is the worker's to end.)
 */
public class InboxPolls implements PollingConsumerPollStrategy {

    private final Path inbox;
    private final ClaimFailures failures;
    private volatile boolean polled;
    private volatile boolean inPoll;

    private final RunLeases leases;

    /** @param leases while this node cannot renew its leases it claims nothing: the poll is skipped and the reason kept */
    public InboxPolls(Path inbox, ClaimFailures failures, RunLeases leases) {
        this.inbox = inbox;
        this.failures = failures;
        this.leases = leases;
    }

    /** A poll has finished: every file it picked up was handed to a run worker. */
    public boolean polled() {
        return polled;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        inPoll = true;
        failures.forgetVanished();
        String down = leases.down();
        if (down != null) {
            failures.failed(ClaimFailures.INBOX, "not claiming: " + down);
            pollDone();
            return false;
        }
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(inbox)) {
            listing.iterator().hasNext();
        } catch (IOException | RuntimeException e) {
            failures.failed(ClaimFailures.INBOX, "the inbox " + inbox + " cannot be read: " + Problems.describe(e));
            pollDone(); // no poll follows, and run --once must not wait for one
            return false;
        }
        failures.resolved(ClaimFailures.INBOX);
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        pollDone();
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        failures.failed(ClaimFailures.INBOX, "polling the inbox failed: " + Problems.describe(cause));
        pollDone();
        return false;
    }

    /** The scheduler's poll task returned: a poll that began and neither committed nor rolled back was cut off. */
    public void pollTaskEnded() {
        if (inPoll) {
            failures.failed(ClaimFailures.INBOX, "a poll of the inbox was cut off by an error inside Camel (logged above)");
            pollDone();
        }
    }

    private void pollDone() {
        inPoll = false;
        polled = true;
    }
}
