package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.khotam.run.ClaimFailures;
import io.khotam.run.InboxPolls;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;

/**
 * An Error inside Camel's own machinery ends the inbox's poll without commit or rollback (Camel
 * logs it and goes on); the poll's end is still seen, so run --once does not wait forever and the
 * failure is kept (health DOWN, run --once non-zero).
 */
class PollCutOffTest extends StagingRouteTestSupport {

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    @Test
    void aPollCutOffByAnErrorStillEndsAndIsKeptAsAFailure() throws Exception {
        AdviceWith.adviceWith(context, "inbox", route -> route.weaveById("claim").replace().process(exchange -> {
            throw new OutOfMemoryError("planted: Java heap space");
        }));
        AtomicBoolean ended = new AtomicBoolean();
        context.getRegistry().lookupByNameAndType("inboxPolls", InboxPolls.class).afterFirstPoll(() -> ended.set(true));
        drop("rows.jsonl", jsonl(Rows.valid()));
        context.start();

        await().atMost(Duration.ofSeconds(20)).untilTrue(ended);
        assertThat(context.getRegistry().lookupByNameAndType("claimFailures", ClaimFailures.class).current())
                .anySatisfy(failure -> assertThat(failure).contains("cut off"));
    }
}
