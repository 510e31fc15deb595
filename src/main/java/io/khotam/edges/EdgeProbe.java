package io.khotam.edges;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.CheckCode;
import io.khotam.Stage;
import java.util.Map;

/**
 * One edge row: the check it probes, which side of that check's edge it is on, and what the
 * reference (the built-in inspectors) makes of it.
 *
 * @param check    the check whose edge the row sits at
 * @param variant  the row's particular case, in words ("200 code points, astral")
 * @param inside   true when the row passes that check, false when it fails it
 * @param expected what the reference makes of the whole row
 * @param row      the row, without its probe field
 */
public record EdgeProbe(CheckCode check, String variant, boolean inside, Expected expected, ObjectNode row) {

    /** What becomes of a row: a candidate, a dead letter at admission, a skip. */
    public enum Outcome { CANDIDATE, REJECTED, SKIPPED }

    /**
     * @param outcome what the row becomes
     * @param code    the code it fails with (rejected, skipped, or a candidate's failing stage); null when it passes every stage
     */
    public record Expected(Outcome outcome, CheckCode code) {
        static final Expected PASSES = new Expected(Outcome.CANDIDATE, null);

        static Expected failing(CheckCode code) {
            return switch (code.stage()) {
                case ADMISSION -> new Expected(Outcome.REJECTED, code);
                case SCOPE -> new Expected(Outcome.SKIPPED, code);
                default -> new Expected(Outcome.CANDIDATE, code);
            };
        }
    }

    /** The rule-set key, or the check in words, each check's edge is named by. */
    private static final Map<CheckCode, String> EDGE = Map.ofEntries(
            Map.entry(CheckCode.CERTIFIED_LIKE, "certified"),
            Map.entry(CheckCode.OUT_OF_SCOPE, "governance_roles"),
            Map.entry(CheckCode.ENTITY_CODE_MISSING, "entity_code present"),
            Map.entry(CheckCode.ENTITY_CODE_MALFORMED, "entity_code_pattern"),
            Map.entry(CheckCode.COLLECTION_MISSING, "collection_name present"),
            Map.entry(CheckCode.COLLECTION_UNKNOWN, "collections"),
            Map.entry(CheckCode.BORN_AT_MISSING, "born_at present"),
            Map.entry(CheckCode.BORN_AT_IN_FUTURE, "born_at not after the run's start"),
            Map.entry(CheckCode.DOT_ORIGIN_MISSING, "dot_origin present"),
            Map.entry(CheckCode.NAME_MISSING, "name present"),
            Map.entry(CheckCode.NAME_TOO_LONG, "name_max_length"),
            Map.entry(CheckCode.DESCRIPTION_MISSING, "description present"),
            Map.entry(CheckCode.DESCRIPTION_TOO_SHORT, "description_min_length"),
            Map.entry(CheckCode.STATUS_MISSING, "status present"),
            Map.entry(CheckCode.STATUS_UNKNOWN, "statuses"),
            Map.entry(CheckCode.SPECIES_MISSING, "species_code present"),
            Map.entry(CheckCode.SPECIES_NOT_FIT, "species"),
            Map.entry(CheckCode.DOT_ORIGIN_NOT_ALLOWED, "dot_origins"),
            Map.entry(CheckCode.WRONG_TYPE, "born_at an ISO-8601 instant with offset"),
            Map.entry(CheckCode.AMBIGUOUS_PARTIAL_STAMP, "stamps in order"),
            Map.entry(CheckCode.FUSED_SHORTCUT, "stamps distinct"));

    /** The check's edge in words, as the probe field and the report name it: "STAMP name_max_length". */
    public static String edgeOf(CheckCode check) {
        Stage stage = check.stage();
        return stage.name() + " " + EDGE.getOrDefault(check, check.name());
    }

    /** What the row's probe field says: "STAMP name_max_length: 200 code points, astral: inside". */
    public String name() {
        return edgeOf(check) + ": " + variant + ": " + (inside ? "inside" : "outside");
    }
}
