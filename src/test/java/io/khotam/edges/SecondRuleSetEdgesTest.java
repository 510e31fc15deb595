package io.khotam.edges;

import io.khotam.StagingRouteTestSupport;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The built-in pipeline on the edge rows of a rule-set unlike the bundled one: each row where its probe says. */
class SecondRuleSetEdgesTest extends StagingRouteTestSupport {

    @Override
    protected void moreProperties(Properties properties) {
        properties.setProperty("khotam.ruleset", EdgeRuleSets.writeSecond(home).toString());
    }

    @Test
    void everyEdgeRowEndsWhereItsProbeSays() throws Exception {
        List<EdgeProbe> probes = EdgeRows.of(EdgeRuleSets.second(home), 0);
        RunDir run = dropAndAwait("edges.jsonl", EdgeFile.jsonl(probes));
        EdgeOutcomes.assertAsExpected(probes, EdgeOutcomes.of(run));
    }
}
