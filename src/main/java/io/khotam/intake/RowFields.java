package io.khotam.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The row field names kho-tam reads (docs/contract.md "Input"); any other field is ignored and never copied out. */
public final class RowFields {

    public static final String ENTITY_CODE = "entity_code";
    public static final String COLLECTION_NAME = "collection_name";
    public static final String SPECIES_CODE = "species_code";
    public static final String DOT_ORIGIN = "dot_origin";
    public static final String GOVERNANCE_ROLE = "governance_role";
    public static final String BORN_AT = "born_at";
    public static final String NAME = "name";
    public static final String DESCRIPTION = "description";
    public static final String STATUS = "status";
    public static final String CERTIFIED = "certified";
    public static final String INSPECT_PEN = "inspect_pen";
    public static final String INSPECT_STAMP = "inspect_stamp";
    public static final String INSPECT_GATE = "inspect_gate";

    /**
     * Reserved, not a registry column: names the edge of the rule-set a row probes (`kho-tam edges`
     * writes it). Never judged, never in row_data, never given to a producer; shown beside the row's
     * outcome in a producer run's reference and judge lines and its report.
     */
    public static final String PROBE = "probe";
    /** The longest probe name kept; a longer one is cut there. */
    public static final int PROBE_MAX_CHARS = 300;

    /** Plain text fields, in the order of docs/contract.md. */
    public static final List<String> TEXT = List.of(ENTITY_CODE, COLLECTION_NAME, SPECIES_CODE, DOT_ORIGIN,
            GOVERNANCE_ROLE, NAME, DESCRIPTION, STATUS);
    /** ISO-8601 instants with an offset. */
    public static final List<String> INSTANTS = List.of(BORN_AT, INSPECT_PEN, INSPECT_STAMP, INSPECT_GATE);
    /** Production-only columns: a row that carries one asks staging to write production. */
    public static final List<String> FORBIDDEN = List.of("canonical_address", "owner", "jsonb_profile", "certified_at");

    public static final Set<String> RECOGNISED = Set.copyOf(concat());

    private RowFields() {}

    private static List<String> concat() {
        var all = new ArrayList<String>(TEXT);
        all.addAll(INSTANTS);
        all.add(CERTIFIED);
        all.addAll(FORBIDDEN);
        return all;
    }
}
