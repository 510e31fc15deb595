package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Route;
import io.khotam.inspection.CheckSequence;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test harness runs the repository's own YAML routes against the test's own home. */
class WiringTest extends StagingRouteTestSupport {

    @Test
    void routesComeFromTheRepositoryYamlFiles() {
        assertThat(context.getRoutes()).extracting(Route::getRouteId)
                .contains("inbox", "run", "rerun", "inspect-row", "run-failed", "row-fault");
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
        var route = context.getCamelContextExtension().getContextPlugin(org.apache.camel.model.Model.class)
                .getRouteDefinition("inspect-row");
        List<String> expected = new java.util.ArrayList<>();
        for (CheckSequence check : CheckSequence.values()) {
            expected.addAll(check.stepIds());
        }
        expected.add("record-candidate");
        assertThat(route.getOutputs()).filteredOn(step -> !(step instanceof org.apache.camel.model.OnExceptionDefinition))
                .extracting(org.apache.camel.model.ProcessorDefinition::getId).containsExactlyElementsOf(expected);
        for (CheckSequence check : CheckSequence.values()) {
            var validation = route.getOutputs().stream().filter(step -> step.getId().equals(check.stepIds().get(0)))
                    .findFirst().orElseThrow();
            assertThat(((org.apache.camel.model.ToDefinition) validation).getUri())
                    .contains("bean-validator:", "group=" + check.group().getName());
        }
    }

    @Test
    void inboxIsTheTestHome() {
        String uri = context.getRoute("inbox").getEndpoint().getEndpointUri();
        assertThat(uri).startsWith("file://" + home.resolve("inbox"));
    }
}
