package io.khotam;

import io.khotam.run.claim.ClaimFailures;
import io.khotam.run.claim.InboxPolls;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Properties;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An Error inside Camel's own machinery ends the inbox's poll without commit or rollback (Camel
 * logs it and goes on); the poll's end is still seen, so run --once does not wait forever, the
 * failure is kept (health DOWN, run --once non-zero), and a run the poll was in ends FAILED with
 * its input kept (never sent back to break the next poll).
 */
class PollCutOffTest extends StagingRouteTestSupport {

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    /** One poll, as run --once makes: under serve the next poll, a moment later, would find the inbox fine again. */
    @Override
    protected void moreProperties(Properties properties) {
        properties.setProperty("khotam.inbox.repeat-count", "1");
    }

    @Test
    void aPollCutOffByAnErrorStillEndsAndIsKeptAsAFailure() throws Exception {
        dropAndCutOffAt("inbox", "claim");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(context.getRegistry().lookupByNameAndType("claimFailures", ClaimFailures.class).current())
                        .anySatisfy(failure -> assertThat(failure).contains("cut off")));
    }

    @Test
    void aRunCutOffByAnErrorEndsFailedWithItsInputKept() throws Exception {
        dropAndCutOffAt("run", "end-under-lease");

        RunDir run = awaitRunFor("rows.jsonl");
        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.manifest().path("detail").asText()).contains("an error inside Camel cut the run off");
        assertThat(Files.exists(inbox().resolve("rows.jsonl"))).as("not sent back to the inbox").isFalse();
    }

    /** Drops a file with the step replaced by one that throws an Error, and waits until the poll that took it has ended. */
    private void dropAndCutOffAt(String routeId, String stepId) throws Exception {
        AdviceWith.adviceWith(context, routeId, route -> route.weaveById(stepId).replace().process(exchange -> {
            throw new OutOfMemoryError("planted: Java heap space");
        }));
        InboxPolls polls = context.getRegistry().lookupByNameAndType("inboxPolls", InboxPolls.class);
        drop("rows.jsonl", jsonl(Rows.valid()));
        context.start();
        await().atMost(Duration.ofSeconds(20)).until(polls::polled);
    }
}
