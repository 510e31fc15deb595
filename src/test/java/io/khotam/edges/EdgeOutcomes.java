package io.khotam.edges;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.khotam.StagingRouteTestSupport.RunDir;
import io.khotam.edges.EdgeProbe.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a run made of each edge row, read from its files, set against what the row's probe expects. */
final class EdgeOutcomes {

    private EdgeOutcomes() {}

    /** One row's outcome: candidate, rejected or skipped, and the codes it failed with (a candidate's first failing stage's). */
    record Seen(Outcome outcome, List<String> codes) {}

    static Map<Integer, Seen> of(RunDir run) {
        Map<Integer, Seen> seen = new HashMap<>();
        Map<Integer, List<String>> stageCodes = new HashMap<>();
        for (String stage : List.of("pen", "stamp", "gate")) {
            for (JsonNode letter : run.deadLetters(stage)) {
                stageCodes.put(letter.path("row").asInt(), codes(letter));
            }
        }
        for (JsonNode candidate : run.candidates()) {
            int row = candidate.path("row").asInt();
            seen.put(row, new Seen(Outcome.CANDIDATE, stageCodes.getOrDefault(row, List.of())));
        }
        for (JsonNode rejected : run.deadLetters("admission")) {
            seen.put(rejected.path("row").asInt(), new Seen(Outcome.REJECTED, codes(rejected)));
        }
        for (JsonNode skipped : run.lines("evidence/skipped.jsonl")) {
            seen.put(skipped.path("row").asInt(), new Seen(Outcome.SKIPPED, List.of(skipped.path("code").asText())));
        }
        return seen;
    }

    private static List<String> codes(JsonNode letter) {
        List<String> codes = new ArrayList<>();
        letter.path("checks").forEach(c -> codes.add(c.path("code").asText()));
        return codes;
    }

    /** Each row (numbered from 1 in probe order) as its probe expects; inside a check means not failing it. */
    static void assertAsExpected(List<EdgeProbe> probes, Map<Integer, Seen> seen) {
        assertThat(seen).as("every edge row has one outcome").hasSize(probes.size());
        for (int i = 0; i < probes.size(); i++) {
            EdgeProbe probe = probes.get(i);
            Seen row = seen.get(i + 1);
            String as = "row " + (i + 1) + ", " + probe.name() + ": " + row;
            assertThat(row.outcome()).as(as).isEqualTo(probe.expected().outcome());
            if (probe.expected().code() == null) {
                assertThat(row.codes()).as(as).isEmpty();
            } else {
                assertThat(row.codes()).as(as).contains(probe.expected().code().name());
            }
            if (probe.inside()) {
                assertThat(row.codes()).as(as).doesNotContain(probe.check().name());
            }
        }
    }
}
