package io.khotam.inspection;

import static io.khotam.CheckCode.*;
import static io.khotam.intake.RowFields.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.khotam.Stage;
import io.khotam.intake.ReceivedRow;
import io.khotam.intake.RowFields;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One row under inspection. Every check of docs/contract.md is declared here, in its stage's Bean
 * Validation group: {@link RowCheck} on a predicate that must hold, {@link FieldCheck} on the list
 * of fields that break a rule. Rule-set parameters come from the run's {@link Rules}. A predicate
 * holds vacuously when an earlier concern (missing value, wrong type) is reported elsewhere, so
 * each failure is reported once, by the stage and code that own it.
 */
public final class Row {

    public enum Verdict { PASSED, ALREADY_STAMPED, FAILED, NOT_RUN }

    /** The longest string a row field may hold (docs/contract.md, OVERSIZE_VALUE). */
    public static final int MAX_VALUE_CHARS = 4096;

    private static final List<String> STAMP_FIELDS = List.of(INSPECT_PEN, INSPECT_STAMP, INSPECT_GATE);

    private final ReceivedRow received;
    private final Rules rules;
    private final Instant runStartedAt;
    private final List<String> wrongType = new ArrayList<>(0);
    private final Map<String, String> wrongTypeDetails = new HashMap<>(0);
    private final List<String> oversize = new ArrayList<>(0);
    private final List<String> forbidden = new ArrayList<>(0);

    private final String entityCode;
    private final String collectionName;
    private final String speciesCode;
    private final String dotOrigin;
    private final String governanceRole;
    private final String name;
    private final String description;
    private final String status;
    private final boolean certified;
    private final Instant bornAt;
    private final Instant[] receivedStamps = new Instant[3];
    private final String[] candidateStamps = new String[3];
    private final Verdict[] verdicts = {Verdict.NOT_RUN, Verdict.NOT_RUN, Verdict.NOT_RUN};

    public Row(ReceivedRow received, Rules rules, Instant runStartedAt) {
        this.received = received;
        this.rules = rules;
        this.runStartedAt = runStartedAt;
        entityCode = text(ENTITY_CODE);
        collectionName = text(COLLECTION_NAME);
        speciesCode = text(SPECIES_CODE);
        dotOrigin = text(DOT_ORIGIN);
        governanceRole = text(GOVERNANCE_ROLE);
        name = text(NAME);
        description = text(DESCRIPTION);
        status = text(STATUS);
        bornAt = instant(BORN_AT);
        certified = flag(CERTIFIED);
        for (int i = 0; i < 3; i++) {
            receivedStamps[i] = instant(STAMP_FIELDS.get(i));
            JsonNode stamp = received.field(STAMP_FIELDS.get(i));
            candidateStamps[i] = receivedStamps[i] == null ? null : stamp.textValue(); // an arrived stamp is left untouched
        }
        for (String field : RowFields.FORBIDDEN) {
            JsonNode value = received.field(field);
            if (value != null && !value.isNull()) {
                forbidden.add(field);
            }
        }
    }

    // ---- admission ----

    @RowCheck(value = NOT_AN_OBJECT, groups = AdmissionChecks.class)
    public boolean isAnObject() {
        return received.isObject() || received.isUnparsable() || received.isTooLarge();
    }

    @RowCheck(value = UNPARSABLE_ROW, groups = AdmissionChecks.class)
    public boolean isParsable() {
        return !received.isUnparsable();
    }

    @RowCheck(value = ROW_TOO_LARGE, groups = AdmissionChecks.class)
    public boolean isWithinTheRowLimit() {
        return !received.isTooLarge();
    }

    @FieldCheck(value = DUPLICATE_KEY, groups = AdmissionChecks.class)
    public List<String> getDuplicateKeys() {
        return List.copyOf(received.duplicateKeys());
    }

    @FieldCheck(value = WRONG_TYPE, groups = AdmissionChecks.class)
    public List<String> getWrongTypeFields() {
        return wrongType;
    }

    @FieldCheck(value = OVERSIZE_VALUE, groups = AdmissionChecks.class)
    public List<String> getOversizeFields() {
        return oversize;
    }

    @FieldCheck(value = FORBIDDEN_FIELD, groups = AdmissionChecks.class)
    public List<String> getForbiddenFields() {
        return forbidden;
    }

    /** PEN before STAMP before GATE: no later stamp without the earlier ones, none earlier in time. */
    @RowCheck(value = AMBIGUOUS_PARTIAL_STAMP, groups = AdmissionChecks.class)
    public boolean isStampOrderUnambiguous() {
        Instant pen = receivedStamps[0], stamp = receivedStamps[1], gate = receivedStamps[2];
        if (pen == null && (stamp != null || gate != null) || stamp == null && gate != null) {
            return false;
        }
        return !(stamp != null && stamp.isBefore(pen)) && !(gate != null && gate.isBefore(stamp));
    }

    @RowCheck(value = FUSED_SHORTCUT, groups = AdmissionChecks.class)
    public boolean isNotFused() {
        Instant pen = receivedStamps[0];
        return pen == null || !pen.equals(receivedStamps[1]) || !pen.equals(receivedStamps[2]);
    }

    // ---- scope (a skip, not a failure) ----

    @RowCheck(value = CERTIFIED_LIKE, groups = ScopeChecks.class)
    public boolean isNotCertified() {
        return !certified;
    }

    /** Reported only for an uncertified row: a row is skipped for one reason. */
    @RowCheck(value = OUT_OF_SCOPE, groups = ScopeChecks.class)
    public boolean isInScope() {
        return certified || governanceRole != null && rules.inScope(governanceRole);
    }

    // ---- PEN: identity complete ----

    @RowCheck(value = ENTITY_CODE_MISSING, groups = PenChecks.class)
    public boolean isEntityCodePresent() {
        return present(entityCode);
    }

    @RowCheck(value = ENTITY_CODE_MALFORMED, groups = PenChecks.class)
    public boolean isEntityCodeWellFormed() {
        return !present(entityCode) || rules.entityCodeWellFormed(entityCode);
    }

    @RowCheck(value = COLLECTION_MISSING, groups = PenChecks.class)
    public boolean isCollectionPresent() {
        return present(collectionName);
    }

    @RowCheck(value = COLLECTION_UNKNOWN, groups = PenChecks.class)
    public boolean isCollectionKnown() {
        return !present(collectionName) || rules.knownCollection(collectionName);
    }

    @RowCheck(value = BORN_AT_MISSING, groups = PenChecks.class)
    public boolean isBornAtPresent() {
        return bornAt != null;
    }

    @RowCheck(value = BORN_AT_IN_FUTURE, groups = PenChecks.class)
    public boolean isBornAtNotInFuture() {
        return bornAt == null || !bornAt.isAfter(runStartedAt);
    }

    @RowCheck(value = DOT_ORIGIN_MISSING, groups = PenChecks.class)
    public boolean isDotOriginPresent() {
        return present(dotOrigin);
    }

    // ---- STAMP: metadata complete ----

    @RowCheck(value = NAME_MISSING, groups = StampChecks.class)
    public boolean isNamePresent() {
        return present(name);
    }

    @RowCheck(value = NAME_TOO_LONG, groups = StampChecks.class)
    public boolean isNameShortEnough() {
        return !present(name) || name.codePointCount(0, name.length()) <= rules.nameMaxLength();
    }

    @RowCheck(value = DESCRIPTION_MISSING, groups = StampChecks.class)
    public boolean isDescriptionPresent() {
        return present(description);
    }

    @RowCheck(value = DESCRIPTION_TOO_SHORT, groups = StampChecks.class)
    public boolean isDescriptionLongEnough() {
        if (!present(description)) {
            return true;
        }
        String meaningful = description.strip();
        return meaningful.codePointCount(0, meaningful.length()) >= rules.descriptionMinLength();
    }

    @RowCheck(value = STATUS_MISSING, groups = StampChecks.class)
    public boolean isStatusPresent() {
        return present(status);
    }

    @RowCheck(value = STATUS_UNKNOWN, groups = StampChecks.class)
    public boolean isStatusKnown() {
        return !present(status) || rules.knownStatus(status);
    }

    // ---- GATE: species fit and business rules ----

    @RowCheck(value = SPECIES_MISSING, groups = GateChecks.class)
    public boolean isSpeciesPresent() {
        return present(speciesCode);
    }

    @RowCheck(value = SPECIES_NOT_FIT, groups = GateChecks.class)
    public boolean isSpeciesFit() {
        Rules.CollectionFit fit = rules.fitOf(collectionName);
        return !present(speciesCode) || fit != null && fit.species().contains(speciesCode);
    }

    @RowCheck(value = DOT_ORIGIN_NOT_ALLOWED, groups = GateChecks.class)
    public boolean isDotOriginAllowed() {
        Rules.CollectionFit fit = rules.fitOf(collectionName);
        return !present(dotOrigin) || fit != null && fit.dotOrigins().contains(dotOrigin);
    }

    // ---- stamping ----

    /** The stage passed: set its own column unless it arrived set (then it is left untouched). */
    public void stamp(Stage stage, Instant passedAt) {
        int i = stampIndex(stage);
        if (receivedStamps[i] != null) {
            verdicts[i] = Verdict.ALREADY_STAMPED;
        } else {
            candidateStamps[i] = StampText.of(passedAt);
            verdicts[i] = Verdict.PASSED;
        }
    }

    public void fail(Stage stage) {
        verdicts[stampIndex(stage)] = Verdict.FAILED;
    }

    public Verdict verdict(Stage stage) {
        return verdicts[stampIndex(stage)];
    }

    /** The candidate column of a stage: stamped in this run, as it arrived, or null. */
    public String candidateStamp(Stage stage) {
        return candidateStamps[stampIndex(stage)];
    }

    public int getRow() {
        return received.row();
    }

    /** The entity code as a JSON string, or null when it is not one. */
    public String entityCode() {
        return entityCode;
    }

    public ReceivedRow received() {
        return received;
    }

    private static int stampIndex(Stage stage) {
        return switch (stage) {
            case PEN -> 0;
            case STAMP -> 1;
            case GATE -> 2;
            default -> throw new IllegalArgumentException(stage + " has no candidate column");
        };
    }

    // ---- reading typed values without coercion ----

    /** What a WRONG_TYPE field expected and what arrived (never the value itself). */
    public String wrongTypeDetail(String field) {
        return wrongTypeDetails.get(field);
    }

    private void wrongType(String field, String detail) {
        wrongType.add(field);
        wrongTypeDetails.put(field, detail);
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case OBJECT, POJO -> "an object";
            case ARRAY -> "an array";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private String text(String field) {
        JsonNode node = received.field(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            wrongType(field, "expected a JSON string, got " + kind(node));
            return null;
        }
        String value = node.textValue();
        if (value.length() > MAX_VALUE_CHARS) {
            oversize.add(field);
            return null;
        }
        return value;
    }

    private Instant instant(String field) {
        String value = text(field);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return IsoInstant.parse(value);
        } catch (DateTimeParseException e) {
            wrongType(field, "expected an ISO-8601 instant with an offset (2026-05-01T08:00:00Z), got a string that is not one");
            return null;
        }
    }

    private boolean flag(String field) {
        JsonNode node = received.field(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            wrongType(field, "expected a JSON boolean (true or false), got " + kind(node));
            return false;
        }
        return node.booleanValue();
    }
}
