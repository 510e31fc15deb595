package io.khotam.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;
import org.erdtman.jcs.JsonCanonicalizer;

/** The producer's canonical writer gives byte for byte what the RFC 8785 reference library gives. */
class CanonicalJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Property(tries = 2000)
    void sameAsTheReferenceLibrary(@ForAll("trees") JsonNode value) throws Exception {
        ObjectNode tree = NODES.objectNode().set("packet", value); // the library takes an object or array, as a packet is
        assertThat(CanonicalJson.of(tree)).isEqualTo(new JsonCanonicalizer(JSON.writeValueAsString(tree)).getEncodedString());
    }

    @Example
    void theRfcsOwnTrickyValues() throws Exception {
        JsonNode tree = JSON.readTree("{\"\\u20ac\":\"€\",\"\\r\":\"\\u0001\\u001f\\u007f\\u2028\",\"1\":[1e30,4.50,"
                + "-0,0.000001,1e-7,333333333.33333329,9007199254740993,1E+21,-1.5e-300],\"a\":{\"b\":true,\"A\":null}}");
        String ours = CanonicalJson.of(tree);
        assertThat(ours).isEqualTo(new JsonCanonicalizer(JSON.writeValueAsString(tree)).getEncodedString());
        assertThat(ours).startsWith("{\"\\r\":\"\\u0001\\u001f\u007f\u2028\",\"1\":[1e+30,4.5,0,0.000001,1e-7,");
    }

    @Provide
    Arbitrary<JsonNode> trees() {
        return tree(3);
    }

    /** Depth-bounded, so a try stays small. */
    private Arbitrary<JsonNode> tree(int depth) {
        return depth == 0 ? leaf() : Arbitraries.oneOf(leaf(), leaf(), object(depth - 1), array(depth - 1));
    }

    private Arbitrary<JsonNode> leaf() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0000', '\u0080').withChars("€\u2028\uD83D\uDE00é\"\\")
                .ofMaxLength(12);
        return Arbitraries.oneOf(
                text.map(NODES::textNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.of(1L << 53, (1L << 53) + 1, -(1L << 53) - 1, Long.MIN_VALUE, Long.MAX_VALUE, 0L).map(NODES::numberNode),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(25).negate(), java.math.BigInteger.TEN.pow(25))
                        .map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.of(-0.0, 1e21, 1e-7, 5e-324, 1.7976931348623157e308, 0.1, 123456789012345680000.0).map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode()));
    }

    private Arbitrary<JsonNode> object(int depth) {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('\u0000', '\u007f').withChars("€é\uD83D\uDE00").ofMaxLength(4);
        return Arbitraries.maps(names, tree(depth)).ofMaxSize(4).map(map -> {
            ObjectNode node = NODES.objectNode();
            map.forEach(node::set);
            return node;
        });
    }

    private Arbitrary<JsonNode> array(int depth) {
        return tree(depth).list().ofMaxSize(4).map(list -> {
            ArrayNode node = NODES.arrayNode();
            list.forEach(node::add);
            return node;
        });
    }
}
