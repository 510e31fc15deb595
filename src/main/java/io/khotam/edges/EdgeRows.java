package io.khotam.edges;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.CheckCode;
import io.khotam.edges.EdgeProbe.Expected;
import io.khotam.inspection.Rules;
import io.khotam.intake.RowFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The edge rows of a rule-set (docs/producer.md "Edge rows"): for every row-level check of scope,
 * PEN, STAMP and GATE, rows just inside and just outside it, each built on a row that passes every
 * stage and changed in one field only. The same rule-set and seed always give the same rows in the
 * same order. Which side a row is on is decided here by construction (a length at the limit, a
 * value in the list), and for the entity-code pattern by java.util.regex, as the PEN check does.
 */
public final class EdgeRows {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Instants that pass PEN whenever the run happens: long before any run. */
    private static final String PAST = "2020-01-01T00:00:00Z";
    /** What the contract counts as blank: Java's Character.isWhitespace, one of each. */
    private static final List<Integer> BLANK = blankCharacters();
    /** Spaces the contract does not count as blank: the no-break and zero-width ones, NEL. */
    private static final Map<Integer, String> NOT_BLANK = Map.of(0x00A0, "U+00A0 no-break space", 0x2007, "U+2007 figure space",
            0x202F, "U+202F narrow no-break space", 0x200B, "U+200B zero-width space", 0xFEFF, "U+FEFF zero-width no-break space",
            0x0085, "U+0085 next line (NEL)", 0x180E, "U+180E Mongolian vowel separator");
    private static final String[] ASTRAL = {"\uD835\uDC00", "\uD83D\uDE00", "\uD840\uDC00"}; // 𝐀, 😀, 𠀀

    private final Rules rules;
    private final int seed;
    private final PatternEdges codes;
    private final List<EdgeProbe> probes = new ArrayList<>();

    private EdgeRows(Rules rules, int seed) {
        this.rules = rules;
        this.seed = seed;
        this.codes = new PatternEdges(rules.entityCodePattern());
    }

    /**
     * @param seed picks among equivalent variants (which astral character, which other script's digit)
     * @throws IllegalArgumentException when the entity-code pattern cannot be followed
     */
    public static List<EdgeProbe> of(Rules rules, int seed) {
        EdgeRows rows = new EdgeRows(rules, seed);
        rows.scope();
        rows.pen();
        rows.stamp();
        rows.gate();
        rows.stamps();
        rows.blanks();
        return List.copyOf(rows.probes);
    }

    /** A row that passes every stage under this rule-set: collection, species and origin the first that fit. */
    private ObjectNode base(String collection) {
        Rules.CollectionFit fit = rules.fitOf(collection);
        ObjectNode row = JSON.objectNode();
        row.put(RowFields.ENTITY_CODE, codes.good());
        row.put(RowFields.COLLECTION_NAME, collection);
        row.put(RowFields.SPECIES_CODE, fit.species().stream().sorted().findFirst().orElseThrow());
        row.put(RowFields.DOT_ORIGIN, fit.dotOrigins().stream().sorted().findFirst().orElseThrow());
        row.put(RowFields.GOVERNANCE_ROLE, rules.scopeRoles().get(0));
        row.put(RowFields.BORN_AT, PAST);
        row.put(RowFields.NAME, ascii(Math.min(10, rules.nameMaxLength())));
        row.put(RowFields.DESCRIPTION, ascii(Math.max(rules.descriptionMinLength(), 1) + 10));
        row.put(RowFields.STATUS, rules.statuses().get(0));
        row.put(RowFields.CERTIFIED, false);
        return row;
    }

    private ObjectNode base() {
        return base(rules.collectionNames().get(0));
    }

    private void add(CheckCode check, String variant, boolean inside, Expected expected, Consumer<ObjectNode> change) {
        ObjectNode row = base();
        change.accept(row);
        probes.add(new EdgeProbe(check, variant, inside, expected, row));
    }

    private void inside(CheckCode check, String variant, Consumer<ObjectNode> change) {
        add(check, variant, true, Expected.PASSES, change);
    }

    private void outside(CheckCode check, String variant, Consumer<ObjectNode> change) {
        add(check, variant, false, Expected.failing(check), change);
    }

    private void scope() {
        for (String role : rules.scopeRoles()) {
            inside(CheckCode.OUT_OF_SCOPE, "role " + role + " in scope", r -> r.put(RowFields.GOVERNANCE_ROLE, role));
        }
        String role = rules.scopeRoles().get(0);
        for (String[] miss : new String[][] {{"not-a-role", "a role not in scope"}, {role.toUpperCase(Locale.ROOT), "upper case"},
                {" " + role, "a leading space"}, {role + " ", "a trailing space"}}) {
            if (!rules.inScope(miss[0])) {
                outside(CheckCode.OUT_OF_SCOPE, miss[1] + " (" + quoted(miss[0]) + ")", r -> r.put(RowFields.GOVERNANCE_ROLE, miss[0]));
            }
        }
        outside(CheckCode.OUT_OF_SCOPE, "no governance_role", r -> r.remove(RowFields.GOVERNANCE_ROLE));
        outside(CheckCode.OUT_OF_SCOPE, "governance_role null", r -> r.putNull(RowFields.GOVERNANCE_ROLE));
        inside(CheckCode.CERTIFIED_LIKE, "certified false", r -> r.put(RowFields.CERTIFIED, false));
        inside(CheckCode.CERTIFIED_LIKE, "no certified (false by default)", r -> r.remove(RowFields.CERTIFIED));
        outside(CheckCode.CERTIFIED_LIKE, "certified true", r -> r.put(RowFields.CERTIFIED, true));
    }

    private void pen() {
        for (PatternEdges.Edge edge : codes.edges(seed)) {
            add(CheckCode.ENTITY_CODE_MALFORMED, edge.variant() + " " + quoted(edge.value()), edge.inside(),
                    edge.inside() ? Expected.PASSES : Expected.failing(CheckCode.ENTITY_CODE_MALFORMED),
                    r -> r.put(RowFields.ENTITY_CODE, edge.value()));
        }
        for (String collection : rules.collectionNames()) {
            probes.add(new EdgeProbe(CheckCode.COLLECTION_UNKNOWN, "collection " + collection, true, Expected.PASSES, base(collection)));
        }
        String first = rules.collectionNames().get(0);
        for (String[] miss : new String[][] {{"unknown-collection", "a collection not in the rule-set"},
                {first.toUpperCase(Locale.ROOT), "upper case"}, {" " + first, "a leading space"}, {first + " ", "a trailing space"},
                {first + "\n", "a trailing newline"}}) {
            if (!rules.knownCollection(miss[0])) {
                outside(CheckCode.COLLECTION_UNKNOWN, miss[1] + " (" + quoted(miss[0]) + ")", r -> r.put(RowFields.COLLECTION_NAME, miss[0]));
            }
        }
        for (String[] at : new String[][] {{PAST, "UTC, Z"}, {"2020-01-01T07:00:00+07:00", "an offset +07:00"},
                {"2020-01-01t00:00:00z", "lower-case t and z (ISO-8601 allows them)"},
                {"2020-01-01T00:00:00.123456789Z", "nanoseconds"}, {"0001-01-01T00:00:00Z", "year 1"},
                {"-0001-01-01T00:00:00Z", "before year 1"}}) {
            inside(CheckCode.BORN_AT_IN_FUTURE, "born_at " + at[1] + " (" + at[0] + ")", r -> r.put(RowFields.BORN_AT, at[0]));
        }
        for (String[] at : new String[][] {{"9999-12-31T23:59:59Z", "the last instant of year 9999"},
                {"+10000-01-01T00:00:00Z", "year 10000"}}) {
            outside(CheckCode.BORN_AT_IN_FUTURE, "born_at " + at[1] + " (" + at[0] + ")", r -> r.put(RowFields.BORN_AT, at[0]));
        }
        for (String[] bad : new String[][] {{"2020-01-01T00:00:00", "no offset"}, {"2020-13-01T00:00:00Z", "month 13"},
                {"2020-01-01", "a date, no time"}, {"yesterday", "words"}}) {
            outside(CheckCode.WRONG_TYPE, "born_at " + bad[1] + " (" + bad[0] + ")", r -> r.put(RowFields.BORN_AT, bad[0]));
        }
    }

    private void stamp() {
        int max = rules.nameMaxLength();
        String astral = ASTRAL[Math.floorMod(seed, ASTRAL.length)];
        lengths(CheckCode.NAME_TOO_LONG, RowFields.NAME, max, true, astral);
        int min = rules.descriptionMinLength();
        if (min >= 1) {
            lengths(CheckCode.DESCRIPTION_TOO_SHORT, RowFields.DESCRIPTION, min, false, astral);
            if (min >= 2) {
                String core = ascii(min - 1);
                outside(CheckCode.DESCRIPTION_TOO_SHORT, (min - 1) + " code points between spaces (white space is stripped)",
                        r -> r.put(RowFields.DESCRIPTION, " " + core + " "));
                outside(CheckCode.DESCRIPTION_TOO_SHORT, (min - 1) + " code points after U+3000 ideographic space (white space, stripped)",
                        r -> r.put(RowFields.DESCRIPTION, "\u3000" + core));
                inside(CheckCode.DESCRIPTION_TOO_SHORT, (min - 1) + " code points after U+00A0 no-break space (not white space, counted)",
                        r -> r.put(RowFields.DESCRIPTION, "\u00A0" + core));
                inside(CheckCode.DESCRIPTION_TOO_SHORT, (min - 1) + " code points after U+200B zero-width space (not white space, counted)",
                        r -> r.put(RowFields.DESCRIPTION, "\u200B" + core));
            }
            inside(CheckCode.DESCRIPTION_TOO_SHORT, min + " code points between a tab and a newline",
                    r -> r.put(RowFields.DESCRIPTION, "\t" + ascii(min) + "\n"));
        }
        for (String status : rules.statuses()) {
            inside(CheckCode.STATUS_UNKNOWN, "status " + status, r -> r.put(RowFields.STATUS, status));
        }
        String first = rules.statuses().get(0);
        for (String[] miss : new String[][] {{"unknown-status", "a status not in the rule-set"},
                {first.toUpperCase(Locale.ROOT), "upper case"}, {capitalised(first), "capitalised"},
                {" " + first, "a leading space"}, {first + " ", "a trailing space"}, {first + "\n", "a trailing newline"}}) {
            if (!rules.knownStatus(miss[0])) {
                outside(CheckCode.STATUS_UNKNOWN, miss[1] + " (" + quoted(miss[0]) + ")", r -> r.put(RowFields.STATUS, miss[0]));
            }
        }
    }

    /**
     * A length limit at its edge in code points, the way the contract counts: ASCII, astral
     * characters (two UTF-16 units each), precomposed accents (two UTF-8 bytes), decomposed accents
     * (two code points each) and CJK (three bytes).
     *
     * @param atMost true for a maximum (limit + 1 is outside), false for a minimum (limit - 1 is outside)
     */
    private void lengths(CheckCode check, String field, int limit, boolean atMost, String astral) {
        int other = atMost ? limit + 1 : limit - 1;
        String[][] kinds = {{"a", "ASCII"}, {astral, "astral (" + codePoint(astral) + ")"}, {"\u00E9", "precomposed \u00E9"},
                {"\u6F22", "CJK"}};
        for (String[] kind : kinds) {
            inside(check, limit + " code points, " + kind[1], r -> r.put(field, kind[0].repeat(limit)));
            if (other >= 1) {
                outside(check, other + " code points, " + kind[1], r -> r.put(field, kind[0].repeat(other)));
            }
        }
        inside(check, limit + " code points, e + U+0301 combining accents", r -> r.put(field, decomposed(limit)));
        if (other >= 1) {
            outside(check, other + " code points, e + U+0301 combining accents", r -> r.put(field, decomposed(other)));
        }
    }

    private void gate() {
        List<String> all = rules.collectionNames();
        for (String collection : all) {
            Rules.CollectionFit fit = rules.fitOf(collection);
            for (String species : fit.species().stream().sorted().toList()) {
                probes.add(new EdgeProbe(CheckCode.SPECIES_NOT_FIT, collection + " with species " + species, true, Expected.PASSES,
                        with(base(collection), RowFields.SPECIES_CODE, species)));
            }
            for (String origin : fit.dotOrigins().stream().sorted().toList()) {
                probes.add(new EdgeProbe(CheckCode.DOT_ORIGIN_NOT_ALLOWED, collection + " with dot_origin " + origin, true,
                        Expected.PASSES, with(base(collection), RowFields.DOT_ORIGIN, origin)));
            }
            String species = fit.species().stream().sorted().findFirst().orElseThrow();
            List<String> otherSpecies = all.stream().flatMap(c -> rules.fitOf(c).species().stream().sorted())
                    .filter(s -> !fit.species().contains(s)).distinct().toList();
            List<String[]> missSpecies = new ArrayList<>();
            otherSpecies.forEach(s -> missSpecies.add(new String[] {s, "another collection's species"}));
            missSpecies.add(new String[] {"UNKNOWN-SPECIES", "a species in no collection"});
            missSpecies.add(new String[] {species.toLowerCase(Locale.ROOT), "lower case"});
            missSpecies.add(new String[] {species + " ", "a trailing space"});
            for (String[] miss : missSpecies) {
                if (!fit.species().contains(miss[0])) {
                    probes.add(new EdgeProbe(CheckCode.SPECIES_NOT_FIT, collection + " with " + miss[1] + " (" + quoted(miss[0]) + ")",
                            false, Expected.failing(CheckCode.SPECIES_NOT_FIT), with(base(collection), RowFields.SPECIES_CODE, miss[0])));
                }
            }
            String origin = fit.dotOrigins().stream().sorted().findFirst().orElseThrow();
            List<String[]> missOrigins = new ArrayList<>();
            all.stream().flatMap(c -> rules.fitOf(c).dotOrigins().stream().sorted()).filter(o -> !fit.dotOrigins().contains(o))
                    .distinct().forEach(o -> missOrigins.add(new String[] {o, "another collection's dot_origin"}));
            missOrigins.add(new String[] {"DOT-UNKNOWN", "a dot_origin in no collection"});
            missOrigins.add(new String[] {origin.toLowerCase(Locale.ROOT), "lower case"});
            missOrigins.add(new String[] {" " + origin, "a leading space"});
            for (String[] miss : missOrigins) {
                if (!fit.dotOrigins().contains(miss[0])) {
                    probes.add(new EdgeProbe(CheckCode.DOT_ORIGIN_NOT_ALLOWED, collection + " with " + miss[1] + " ("
                            + quoted(miss[0]) + ")", false, Expected.failing(CheckCode.DOT_ORIGIN_NOT_ALLOWED),
                            with(base(collection), RowFields.DOT_ORIGIN, miss[0])));
                }
            }
        }
    }

    /** Rows that arrive stamped: kept as they came (ALREADY_STAMPED), or refused at admission. */
    private void stamps() {
        String t1 = "2020-02-01T00:00:00.000001Z", t2 = "2020-02-01T00:00:00.000002Z", t3 = "2020-02-01T00:00:00.000003Z";
        inside(CheckCode.AMBIGUOUS_PARTIAL_STAMP, "PEN stamped as it came", r -> r.put(RowFields.INSPECT_PEN, t1));
        inside(CheckCode.AMBIGUOUS_PARTIAL_STAMP, "PEN and STAMP stamped as they came", r -> stamped(r, t1, t2, null));
        inside(CheckCode.AMBIGUOUS_PARTIAL_STAMP, "all three stamped as they came", r -> stamped(r, t1, t2, t3));
        inside(CheckCode.AMBIGUOUS_PARTIAL_STAMP, "PEN and STAMP one instant (two equal stamps are not the fused three)",
                r -> stamped(r, t1, t1, null));
        outside(CheckCode.AMBIGUOUS_PARTIAL_STAMP, "STAMP alone", r -> stamped(r, null, t2, null));
        outside(CheckCode.AMBIGUOUS_PARTIAL_STAMP, "GATE alone", r -> stamped(r, null, null, t3));
        outside(CheckCode.AMBIGUOUS_PARTIAL_STAMP, "PEN and GATE, STAMP unset", r -> stamped(r, t1, null, t3));
        outside(CheckCode.AMBIGUOUS_PARTIAL_STAMP, "STAMP before PEN", r -> stamped(r, t2, t1, null));
        inside(CheckCode.FUSED_SHORTCUT, "three distinct stamps", r -> stamped(r, t1, t2, t3));
        outside(CheckCode.FUSED_SHORTCUT, "three stamps of one instant", r -> stamped(r, t1, t1, t1));
        // fail closed: a stamp that came set does not make a failing stage pass
        add(CheckCode.ENTITY_CODE_MALFORMED, "PEN stamped as it came but entity_code malformed", false,
                Expected.failing(CheckCode.ENTITY_CODE_MALFORMED), r -> {
                    r.put(RowFields.INSPECT_PEN, t1);
                    r.put(RowFields.ENTITY_CODE, "id:" + codes.good());
                });
    }

    /** Missing, null, empty and every kind of blank in each field that must be present; and the spaces that are not blank. */
    private void blanks() {
        Object[][] fields = {{RowFields.ENTITY_CODE, CheckCode.ENTITY_CODE_MISSING}, {RowFields.COLLECTION_NAME, CheckCode.COLLECTION_MISSING},
                {RowFields.DOT_ORIGIN, CheckCode.DOT_ORIGIN_MISSING}, {RowFields.NAME, CheckCode.NAME_MISSING},
                {RowFields.DESCRIPTION, CheckCode.DESCRIPTION_MISSING}, {RowFields.STATUS, CheckCode.STATUS_MISSING},
                {RowFields.SPECIES_CODE, CheckCode.SPECIES_MISSING}, {RowFields.BORN_AT, CheckCode.BORN_AT_MISSING}};
        for (Object[] f : fields) {
            String field = (String) f[0];
            CheckCode missing = (CheckCode) f[1];
            inside(missing, field + " present", r -> { });
            outside(missing, "no " + field, r -> r.remove(field));
            outside(missing, field + " null", r -> r.putNull(field));
            outside(missing, field + " empty", r -> r.put(field, ""));
            if (field.equals(RowFields.BORN_AT)) {
                outside(missing, field + " a space", r -> r.put(field, " "));
                continue; // any other text is not an instant: refused at admission (WRONG_TYPE)
            }
            for (int c : BLANK) {
                String blank = Character.toString(c).repeat(2);
                outside(missing, field + " of two " + name(c) + " (blank)", r -> r.put(field, blank));
            }
            for (Map.Entry<Integer, String> space : NOT_BLANK.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
                String value = Character.toString(space.getKey());
                add(missing, field + " of one " + space.getValue() + " (not blank: present)", true, presentButOdd(field, value),
                        r -> r.put(field, value));
            }
        }
    }

    /** What a field holding only a space that is not blank fails, being present: the check after presence. */
    private Expected presentButOdd(String field, String value) {
        return switch (field) {
            case RowFields.ENTITY_CODE -> rules.entityCodeWellFormed(value) ? Expected.PASSES
                    : Expected.failing(CheckCode.ENTITY_CODE_MALFORMED);
            case RowFields.COLLECTION_NAME -> rules.knownCollection(value) ? Expected.PASSES
                    : Expected.failing(CheckCode.COLLECTION_UNKNOWN);
            case RowFields.DOT_ORIGIN -> rules.fitOf(rules.collectionNames().get(0)).dotOrigins().contains(value) ? Expected.PASSES
                    : Expected.failing(CheckCode.DOT_ORIGIN_NOT_ALLOWED);
            case RowFields.NAME -> rules.nameMaxLength() >= 1 ? Expected.PASSES : Expected.failing(CheckCode.NAME_TOO_LONG);
            case RowFields.DESCRIPTION -> rules.descriptionMinLength() <= 1 ? Expected.PASSES
                    : Expected.failing(CheckCode.DESCRIPTION_TOO_SHORT);
            case RowFields.STATUS -> rules.knownStatus(value) ? Expected.PASSES : Expected.failing(CheckCode.STATUS_UNKNOWN);
            case RowFields.SPECIES_CODE -> rules.fitOf(rules.collectionNames().get(0)).species().contains(value) ? Expected.PASSES
                    : Expected.failing(CheckCode.SPECIES_NOT_FIT);
            default -> throw new IllegalArgumentException(field);
        };
    }

    private static void stamped(ObjectNode row, String pen, String stamp, String gate) {
        String[] columns = {RowFields.INSPECT_PEN, RowFields.INSPECT_STAMP, RowFields.INSPECT_GATE};
        String[] values = {pen, stamp, gate};
        for (int i = 0; i < 3; i++) {
            if (values[i] != null) {
                row.put(columns[i], values[i]);
            }
        }
    }

    private static ObjectNode with(ObjectNode row, String field, String value) {
        row.put(field, value);
        return row;
    }

    private static String ascii(int length) {
        return "abcdefghij".repeat(length / 10 + 1).substring(0, length);
    }

    private static String decomposed(int codePoints) {
        return "e\u0301".repeat(codePoints / 2) + (codePoints % 2 == 1 ? "e" : "");
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    private static String codePoint(String s) {
        return String.format("U+%04X", s.codePointAt(0));
    }

    private static String name(int c) {
        String name = Character.getName(c);
        return String.format("U+%04X", c) + (name == null ? "" : " " + name.toLowerCase(Locale.ROOT));
    }

    /** A value as a person reads it in a probe's name: control characters and spaces spelled out. */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < 0x20 || c == 0x7F || Character.isSpaceChar(c) && c != ' ' || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }

    private static List<Integer> blankCharacters() {
        List<Integer> blank = new ArrayList<>();
        for (int c = 0; c <= 0xFFFF; c++) {
            if (Character.isWhitespace(c)) {
                blank.add(c);
            }
        }
        return List.copyOf(blank);
    }
}
