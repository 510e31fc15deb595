package io.khotam.run;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the inbox consumer's polls: reports a poll that failed (an unreadable inbox, say) and
 * tells {@code run --once} when its one poll, with every file it picked up, is done. The file
 * consumer processes a poll's files synchronously, so {@code commit} comes after the last one.
 */
public class InboxPolls implements PollingConsumerPollStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(InboxPolls.class);

    private final AtomicReference<Runnable> afterPoll = new AtomicReference<>();
    private volatile boolean polled;

    /** Runs the action after the next finished poll, or at once if one has finished already. */
    public void afterFirstPoll(Runnable action) {
        afterPoll.set(action);
        if (polled) {
            runOnce();
        }
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        polled = true;
        runOnce();
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        LOG.error("polling the inbox failed: {}", cause.toString());
        polled = true;
        runOnce();
        return false;
    }

    private void runOnce() {
        Runnable action = afterPoll.getAndSet(null);
        if (action != null) {
            action.run();
        }
    }
}
