package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every candidate line is a packet (docs/contract.md "Candidate packet"): candidate_id, the row's
 * values as received, and a packet_hash over the canonical JSON of the rest; the manifest's
 * packets chain every hash in file order. The canonical form is computed here independently
 * (sorted keys, no whitespace: RFC 8785 for the strings, booleans and integers a packet holds).
 */
class CandidatePacketTest extends StagingRouteTestSupport {

    private static String canonical(JsonNode node) throws Exception {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                sorted.put(field.getKey(), field.getValue());
            }
            List<String> members = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : sorted.entrySet()) {
                members.add(JSON.writeValueAsString(field.getKey()) + ":" + canonical(field.getValue()));
            }
            return "{" + String.join(",", members) + "}";
        }
        return JSON.writeValueAsString(node);
    }

    @Test
    void everyCandidateIsAPacketBoundToItsRowAndTheManifestChainsThem() throws Exception {
        Map<String, Object> stamped = Rows.valid("FLORA-000002");
        stamped.put("inspect_pen", "2026-06-01T00:00:00Z");
        RunDir run = dropAndAwait("packets.jsonl", jsonl(Rows.valid(), stamped, Rows.with("status", "archived"),
                Rows.with("owner", "x")));

        List<JsonNode> candidates = run.candidates();
        assertThat(candidates).hasSize(3);
        StringBuilder chain = new StringBuilder();
        for (JsonNode candidate : candidates) {
            assertThat(candidate.path("candidate_id").asText()).isEqualTo(run.id() + "/" + candidate.path("row").asInt());
            ObjectNode withoutHash = ((ObjectNode) candidate.deepCopy());
            String hash = withoutHash.remove("packet_hash").asText();
            assertThat(hash).isEqualTo(Sha256.hex(canonical(withoutHash).getBytes(StandardCharsets.UTF_8)));
            chain.append(hash).append('\n');
        }
        assertThat(candidates.get(1).path("row_data").path("inspect_pen").asText()).isEqualTo("2026-06-01T00:00:00Z");
        assertThat(candidates.get(1).path("row_data").path("entity_code").asText()).isEqualTo("FLORA-000002");
        assertThat(candidates.get(0).path("row_data").has("inspect_pen")).as("absent stays absent, null stays null")
                .isEqualTo(Rows.valid().containsKey("inspect_pen"));
        assertThat(candidates).extracting(c -> c.path("row").asInt()).containsExactly(1, 2, 3);
        assertThat(List.copyOf(iterable(candidates.get(0).fieldNames()))).containsExactly("marker", "designation", "run_id",
                "candidate_id", "row", "entity_code", "row_data", "inspect_pen", "inspect_stamp", "inspect_gate", "verdicts",
                "packet_hash");

        JsonNode packets = run.manifest().path("packets");
        assertThat(packets.path("count").asInt()).isEqualTo(3);
        assertThat(packets.path("sha256").asText()).isEqualTo(Sha256.hex(chain.toString().getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aChangedValueChangesTheHash() throws Exception {
        RunDir run = dropAndAwait("one.jsonl", jsonl(Rows.valid()));
        ObjectNode candidate = (ObjectNode) run.candidates().get(0).deepCopy();
        String hash = candidate.remove("packet_hash").asText();
        ((ObjectNode) candidate.path("row_data")).put("name", "Banyan at the village gatf");
        assertThat(Sha256.hex(canonical(candidate).getBytes(StandardCharsets.UTF_8))).isNotEqualTo(hash);
    }

    private static <T> List<T> iterable(Iterator<T> iterator) {
        List<T> list = new ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
