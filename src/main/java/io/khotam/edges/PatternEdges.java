package io.khotam.edges;

import dk.brics.automaton.Automaton;
import dk.brics.automaton.BasicAutomata;
import dk.brics.automaton.RegExp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Strings at the edge of a rule-set's entity-code pattern: the shortest and the longest it accepts,
 * and their near misses (a character fewer or more in each part, a trailing newline, a space around,
 * lower case, a digit or letter from another script that looks the same, text around a good code).
 * The pattern is read as an automaton (dk.brics.automaton) to find the shortest and longest strings
 * it accepts; which side of the edge a string is on is always decided by java.util.regex itself,
 * whole-string, exactly as the PEN check decides it.
 */
final class PatternEdges {

    /** A string and what it is, in words. */
    record Edge(String value, String variant, boolean inside) {}

    /** Longest accepted strings looked for, in characters: an unbounded pattern gets its longest below this. */
    private static final int LONGEST = 64;
    private static final Map<Character, String> LOOKALIKES = Map.ofEntries(Map.entry('A', "\u0410"), Map.entry('B', "\u0412"),
            Map.entry('C', "\u0421"), Map.entry('E', "\u0415"), Map.entry('H', "\u041D"), Map.entry('K', "\u041A"),
            Map.entry('M', "\u041C"), Map.entry('O', "\u041E"), Map.entry('P', "\u0420"), Map.entry('T', "\u0422"),
            Map.entry('X', "\u0425"));

    private final Pattern java;
    private final String shortest;
    private final String longest;

    /** @throws IllegalArgumentException when the pattern uses what this reading cannot follow, or accepts nothing */
    PatternEdges(String pattern) {
        this.java = Pattern.compile(pattern);
        Automaton automaton;
        try {
            automaton = new RegExp(translate(pattern), RegExp.NONE).toAutomaton();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the entity_code_pattern " + pattern + " uses regular-expression features "
                    + "`edges` cannot follow (" + e.getMessage() + "); character classes, groups, alternatives and counts "
                    + "such as {3,12} are followed", e);
        }
        String first = automaton.getShortestExample(true);
        if (first == null || !java.matcher(first).matches()) {
            throw new IllegalArgumentException("no entity code matching " + pattern + " could be found to build rows on");
        }
        this.shortest = first;
        String last = first;
        Automaton anyChar = BasicAutomata.makeAnyChar();
        for (int length = first.length() + 1; length <= LONGEST; length++) {
            String example = automaton.intersection(anyChar.repeat(length, length)).getShortestExample(true);
            if (example != null && java.matcher(example).matches()) {
                last = example;
            }
        }
        this.longest = last;
    }

    /** A code the pattern accepts, for rows that probe other checks. */
    String good() {
        return shortest;
    }

    /** Every edge, each string once, in a fixed order: the same pattern gives the same list. */
    List<Edge> edges(int variantSeed) {
        Map<String, String> tried = new LinkedHashMap<>();
        tried.put(shortest, "the shortest code it accepts");
        tried.putIfAbsent(longest, "the longest code it accepts (up to " + LONGEST + " characters)");
        for (int i = 0; i < shortest.length(); i++) {
            tried.putIfAbsent(shortest.substring(0, i) + shortest.substring(i + 1),
                    "the shortest without its character " + (i + 1) + " (one too few in that part)");
        }
        for (int i = 0; i < longest.length(); i++) {
            tried.putIfAbsent(longest.substring(0, i + 1) + longest.charAt(i) + longest.substring(i + 1),
                    "the longest with its character " + (i + 1) + " doubled (one too many in that part)");
        }
        tried.putIfAbsent(shortest + "\n", "a good code with a trailing newline");
        tried.putIfAbsent(shortest + "\r\n", "a good code with a trailing CRLF");
        tried.putIfAbsent(" " + shortest, "a good code with a leading space");
        tried.putIfAbsent(shortest + " ", "a good code with a trailing space");
        tried.putIfAbsent(shortest.toLowerCase(Locale.ROOT), "a good code in lower case");
        tried.putIfAbsent("id:" + shortest, "a good code with a prefix");
        tried.putIfAbsent(shortest + ":end", "a good code with a suffix");
        for (boolean last : new boolean[] {false, true}) {
            String digits = otherScriptDigit(shortest, variantSeed, last);
            if (digits != null) {
                tried.putIfAbsent(digits, "a good code with its " + (last ? "last" : "first")
                        + " digit from another script (Unicode Nd, not 0-9)");
            }
        }
        String letters = lookalikeLetter(shortest);
        if (letters != null) {
            tried.putIfAbsent(letters, "a good code with a Cyrillic letter that looks Latin");
        }
        List<Edge> edges = new ArrayList<>();
        tried.forEach((value, variant) -> edges.add(new Edge(value, variant, java.matcher(value).matches())));
        return edges;
    }

    /** Java's syntax read as brics': anchors dropped (both match whole strings), shorthand classes spelled out. */
    private static String translate(String pattern) {
        String p = pattern;
        if (p.startsWith("^")) {
            p = p.substring(1);
        }
        if (p.endsWith("$") && !p.endsWith("\\$")) {
            p = p.substring(0, p.length() - 1);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                char next = p.charAt(++i);
                switch (next) {
                    case 'd' -> out.append("[0-9]");
                    case 'w' -> out.append("[a-zA-Z0-9_]");
                    case 's' -> out.append("[ \t\n\u000B\f\r]");
                    case 'D', 'W', 'S', 'b', 'B', 'p', 'P', 'A', 'z', 'Z', 'G', 'Q', 'E', 'k' ->
                            throw new IllegalArgumentException("\\" + next + " is not followed");
                    default -> out.append('\\').append(next);
                }
            } else if (c == '"' || c == '<' || c == '>' || c == '#' || c == '@' || c == '&' || c == '~') {
                out.append('\\').append(c); // literal in Java; operators in brics' syntax
            } else if (c == '(' && i + 1 < p.length() && p.charAt(i + 1) == '?') {
                if (p.startsWith("(?:", i)) {
                    out.append('(');
                    i += 2;
                } else {
                    throw new IllegalArgumentException("(? " + "constructs other than (?: are not followed");
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String otherScriptDigit(String code, int seed, boolean last) {
        int[] zeros = {0x0660, 0x06F0, 0x0966, 0xFF10}; // Arabic-Indic, Extended Arabic-Indic, Devanagari, fullwidth
        for (int k = 0; k < code.length(); k++) {
            int i = last ? code.length() - 1 - k : k;
            char c = code.charAt(i);
            if (c >= '0' && c <= '9') {
                return code.substring(0, i) + (char) (zeros[Math.floorMod(seed, zeros.length)] + (c - '0')) + code.substring(i + 1);
            }
        }
        return null;
    }

    private static String lookalikeLetter(String code) {
        for (int i = 0; i < code.length(); i++) {
            String other = LOOKALIKES.get(code.charAt(i));
            if (other != null) {
                return code.substring(0, i) + other + code.substring(i + 1);
            }
        }
        return null;
    }
}
