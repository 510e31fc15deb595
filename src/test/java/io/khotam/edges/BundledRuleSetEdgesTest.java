package io.khotam.edges;

import io.khotam.StagingRouteTestSupport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in pipeline on the edge rows of the bundled rule-set: each row where its probe says. */
class BundledRuleSetEdgesTest extends StagingRouteTestSupport {

    @Test
    void everyEdgeRowEndsWhereItsProbeSays() throws Exception {
        List<EdgeProbe> probes = EdgeRows.of(EdgeRuleSets.bundled(), 0);
        RunDir run = dropAndAwait("edges.jsonl", EdgeFile.jsonl(probes));
        EdgeOutcomes.assertAsExpected(probes, EdgeOutcomes.of(run));
    }
}
