package io.khotam.evidence;

import static io.khotam.Gens.oneOf;
import static io.khotam.Gens.pick;
import static io.khotam.Gens.qt;
import static io.khotam.Gens.text;
import static io.khotam.Gens.unchecked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.bigIntegers;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.maps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** The producer's canonical writer gives byte for byte what the RFC 8785 reference library gives. */
class CanonicalJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void sameAsTheReferenceLibrary() {
        qt(2000).forAll(tree(3)).checkAssert(unchecked(value -> {
            ObjectNode tree = NODES.objectNode().set("packet", value); // the library takes an object or array, as a packet is
            assertThat(CanonicalJson.of(tree)).isEqualTo(new JsonCanonicalizer(JSON.writeValueAsString(tree)).getEncodedString());
        }));
    }

    @Test
    void theRfcsOwnTrickyValues() throws Exception {
        JsonNode tree = JSON.readTree("{\"\\u20ac\":\"€\",\"\\r\":\"\\u0001\\u001f\\u007f\\u2028\",\"1\":[1e30,4.50,"
                + "-0,0.000001,1e-7,333333333.33333329,9007199254740993,1E+21,-1.5e-300],\"a\":{\"b\":true,\"A\":null}}");
        String ours = CanonicalJson.of(tree);
        assertThat(ours).isEqualTo(new JsonCanonicalizer(JSON.writeValueAsString(tree)).getEncodedString());
        assertThat(ours).startsWith("{\"\\r\":\"\\u0001\\u001f\u007f\u2028\",\"1\":[1e+30,4.5,0,0.000001,1e-7,");
    }

    /** Depth-bounded, so a try stays small. */
    static Gen<JsonNode> tree(int depth) {
        return depth == 0 ? leaf() : oneOf(leaf(), leaf(), object(depth - 1), array(depth - 1));
    }

    private static Gen<JsonNode> leaf() {
        Gen<String> text = text('\u0000', '\u0080', "€\u2028\uD83D\uDE00é\"\\", 0, 12);
        return oneOf(
                text.map(t -> (JsonNode) NODES.textNode(t)),
                longs().all().map(v -> (JsonNode) NODES.numberNode(v)),
                pick(1L << 53, (1L << 53) + 1, -(1L << 53) - 1, Long.MIN_VALUE, Long.MAX_VALUE, 0L).map(v -> (JsonNode) NODES.numberNode(v)),
                // up to 11 bytes: magnitudes to about 10^26, as the ±10^25 range did
                bigIntegers().ofBytes(11).map(v -> (JsonNode) NODES.numberNode(v)),
                doubles().any().map(v -> (JsonNode) NODES.numberNode(v)),
                pick(-0.0, 1e21, 1e-7, 5e-324, 1.7976931348623157e308, 0.1, 123456789012345680000.0).map(v -> (JsonNode) NODES.numberNode(v)),
                pick(true, false).map(v -> (JsonNode) NODES.booleanNode(v)),
                Generate.constant((JsonNode) NODES.nullNode()));
    }

    static Gen<JsonNode> object(int depth) {
        Gen<String> names = text('\u0000', '\u007f', "€é\uD83D\uDE00", 0, 4);
        return maps().of(names, tree(depth)).ofSizeBetween(0, 4).map(map -> {
            ObjectNode node = NODES.objectNode();
            map.forEach(node::set);
            return (JsonNode) node;
        });
    }

    private static Gen<JsonNode> array(int depth) {
        return lists().of(tree(depth)).ofSizeBetween(0, 4).map(list -> {
            ArrayNode node = NODES.arrayNode();
            list.forEach(node::add);
            return (JsonNode) node;
        });
    }
}
