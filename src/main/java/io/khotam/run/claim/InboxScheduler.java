package io.khotam.run.claim;

import org.apache.camel.support.DefaultScheduledPollConsumerScheduler;

/**
 * The inbox's poll schedule (every khotam.inbox.delay ms), telling {@link InboxPolls} each time a
 * poll task returns, however it ended.
 */
public class InboxScheduler extends DefaultScheduledPollConsumerScheduler {

    private final InboxPolls polls;

    public InboxScheduler(InboxPolls polls) {
        this.polls = polls;
    }

    @Override
    public void scheduleTask(Runnable task) {
        super.scheduleTask(() -> {
            try {
                task.run();
            } finally {
                polls.pollTaskEnded();
            }
        });
    }
}
