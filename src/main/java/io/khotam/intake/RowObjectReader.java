package io.khotam.intake;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/** Reads one row value from a parser, for both formats: recognised fields kept, others skipped unread. */
final class RowObjectReader {

    private RowObjectReader() {}

    /** The parser's current token starts the row value. */
    static ReceivedRow read(JsonParser parser, int row) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return ReceivedRow.notAnObject(row, parser.readValueAsTree());
        }
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = Set.of();
        String probe = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!seen.add(name)) {
                if (duplicates.isEmpty()) {
                    duplicates = new LinkedHashSet<>();
                }
                duplicates.add(name);
                parser.skipChildren();
            } else if (RowFields.RECOGNISED.contains(name)) {
                fields.set(name, scalarOrTree(parser, value));
            } else if (value == JsonToken.VALUE_STRING && RowFields.PROBE.equals(name)) {
                String text = parser.getText();
                probe = text.length() > RowFields.PROBE_MAX_CHARS ? text.substring(0, RowFields.PROBE_MAX_CHARS) : text;
            } else {
                parser.skipChildren();
            }
        }
        return ReceivedRow.object(row, fields, duplicates, probe);
    }

    // Scalars are built directly: the general tree reader costs far more per value on a hot path.
    private static JsonNode scalarOrTree(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> TextNode.valueOf(parser.getText());
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            case VALUE_NULL -> NullNode.getInstance();
            default -> parser.readValueAsTree();
        };
    }
}
