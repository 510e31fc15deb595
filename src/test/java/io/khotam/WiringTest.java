package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Route;
import org.junit.jupiter.api.Test;

/** The test harness runs the repository's own YAML routes against the test's own home. */
class WiringTest extends StagingRouteTestSupport {

    @Test
    void routesComeFromTheRepositoryYamlFiles() {
        assertThat(context.getRoutes()).extracting(Route::getRouteId)
                .contains("inbox", "inspect-row", "run-failed", "row-fault");
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
    void inboxIsTheTestHome() {
        String uri = context.getRoute("inbox").getEndpoint().getEndpointUri();
        assertThat(uri).startsWith("file://" + home.resolve("inbox"));
    }
}
