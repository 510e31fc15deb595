package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;

import io.khotam.inspection.CheckSequence;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Route;
import org.apache.camel.model.CatchDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.model.TryDefinition;
import org.apache.camel.support.DefaultScheduledPollConsumerScheduler;
import org.apache.camel.support.ScheduledPollConsumer;
import org.junit.jupiter.api.Test;

/** The test harness runs the repository's own YAML routes against the test's own home. */
class WiringTest extends StagingRouteTestSupport {

    @Test
    void routesComeFromTheRepositoryYamlFiles() {
        assertThat(context.getRoutes()).extracting(Route::getRouteId)
                .contains("inbox", "run", "rerun", "claim-rerun", "inspect-row", "run-failed");
        for (Route route : context.getRoutes()) {
            assertThat(route.getSourceLocation()).as(route.getRouteId()).startsWith("file:routes/");
        }
    }

    @Test
    void theSamplerRouteExistsOnlyWhenItsCronIsSet() {
        assertThat(context.getRoute("sampler")).isNull();
        assertThat(context.getRoute("retention")).isNotNull();
    }

    @Test
    void theInspectRouteFollowsTheCheckSequenceStepByStep() {
        var route = context.getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteDefinition("inspect-row");
        List<String> expected = new ArrayList<>();
        for (CheckSequence check : CheckSequence.values()) {
            expected.addAll(check.stepIds());
        }
        expected.add("candidate-or-reference"); // a candidate, or in a producer run the reference's line
        List<ProcessorDefinition<?>> tried = route.getOutputs().stream()
                .filter(TryDefinition.class::isInstance).map(TryDefinition.class::cast)
                .findFirst().orElseThrow().getOutputs().stream().filter(step -> !(step instanceof CatchDefinition)).toList();
        assertThat(tried).extracting(ProcessorDefinition::getId).containsExactlyElementsOf(expected);
        for (CheckSequence check : CheckSequence.values()) {
            var validation = tried.stream().filter(step -> step.getId().equals(check.stepIds().get(0)))
                    .findFirst().orElseThrow();
            assertThat(((ToDefinition) validation).getUri())
                    .contains("bean-validator:", "group=" + check.group().getName());
        }
    }

    /**
     * A scheduler of our own gets none of the consumer's timing (Camel hands initialDelay and delay
     * only to the scheduler it makes itself): the inbox polls on khotam.inbox.initial-delay and
     * khotam.inbox.delay (here 0 and 50 ms), not on Camel's defaults of 1,000 and 500.
     */
    @Test
    void theInboxPollsOnItsOwnDelays() {
        ScheduledPollConsumer inbox = (ScheduledPollConsumer) context.getRoute("inbox").getConsumer();
        DefaultScheduledPollConsumerScheduler scheduler = (DefaultScheduledPollConsumerScheduler) inbox.getScheduler();
        assertThat(scheduler.getInitialDelay()).isZero();
        assertThat(scheduler.getDelay()).isEqualTo(50);
    }

    @Test
    void inboxIsTheTestHome() {
        String uri = context.getRoute("inbox").getEndpoint().getEndpointUri();
        assertThat(uri).startsWith("file://" + home.resolve("inbox"));
    }
}
