package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.camel.pollconsumer.quartz.QuartzScheduledPollConsumerScheduler;
import org.apache.camel.support.ScheduledPollConsumer;
import org.junit.jupiter.api.Test;

/** khotam.inbox.cron: the inbox is polled by Quartz on that schedule, and files still become runs. */
class InboxCronTest extends StagingRouteTestSupport {

    @Override
    protected void moreProperties(Properties properties) {
        properties.setProperty("khotam.inbox.cron", "0/1 * * * * ?");
    }

    @Test
    void theInboxIsPolledOnTheCronSchedule() {
        ScheduledPollConsumer consumer = (ScheduledPollConsumer) context.getRoute("inbox").getConsumer();
        assertThat(consumer.getScheduler()).isInstanceOf(QuartzScheduledPollConsumerScheduler.class);
        assertThat(((QuartzScheduledPollConsumerScheduler) consumer.getScheduler()).getCron()).isEqualTo("0/1 * * * * ?");

        RunDir run = dropAndAwait("on-schedule.jsonl", jsonl(Rows.valid()));
        assertThat(run.status()).isEqualTo("COMPLETED");
    }
}
