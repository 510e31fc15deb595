package io.khotam.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.erdtman.jcs.NumberToJSON;

/**
 * RFC 8785 (JCS) canonical JSON of a Jackson tree, written straight from the tree: keys sorted by
 * UTF-16 code units, no whitespace, the RFC's string escapes and its ES6 number form (the
 * library's {@link NumberToJSON}). The same bytes as {@code org.erdtman.jcs.JsonCanonicalizer}
 * (a property test holds the two together) without serialising the tree and parsing it back.
 */
final class CanonicalJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final long EXACT_IN_DOUBLE = 1L << 53;

    private CanonicalJson() {}

    static String of(JsonNode node) throws IOException {
        StringBuilder out = new StringBuilder(512);
        write(node, out);
        return out.toString();
    }

    static void write(JsonNode node, StringBuilder out) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>(node.size());
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    names.add(it.next());
                }
                names.sort(null); // String order is UTF-16 code unit order, as the RFC asks
                out.append('{');
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(names.get(i), out);
                    out.append(':');
                    write(node.get(names.get(i)), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> string(node.textValue(), out);
            case NUMBER -> number(node, out);
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IOException("no JSON form for a " + node.getNodeType() + " node");
        }
    }

    /** ES6 form: an integer a double holds exactly prints as itself (every row number); the rest as the RFC says. */
    private static void number(JsonNode node, StringBuilder out) throws IOException {
        long value = node.longValue();
        if (node.isIntegralNumber() && node.canConvertToLong() && value >= -EXACT_IN_DOUBLE && value <= EXACT_IN_DOUBLE) {
            out.append(value);
        } else {
            out.append(NumberToJSON.serializeNumber(node.doubleValue()));
        }
    }

    static void stringOrNull(String value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else {
            string(value, out);
        }
    }

    static void string(String value, StringBuilder out) {
        out.append('"');
        int first = 0;
        while (first < value.length() && plain(value.charAt(first))) {
            first++;
        }
        if (first == value.length()) {
            out.append(value).append('"'); // the usual case: nothing to escape, one copy
            return;
        }
        int clean = 0; // start of the run of characters written as they are
        for (int i = first; i < value.length(); i++) {
            char c = value.charAt(i);
            if (plain(c)) {
                continue;
            }
            out.append(value, clean, i);
            clean = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        out.append(value, clean, value.length()).append('"');
    }

    private static boolean plain(char c) {
        return c >= 0x20 && c != '"' && c != '\\';
    }
}
