package io.khotam.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.FailedCheck;
import io.khotam.Rows;
import io.khotam.Stage;
import io.khotam.intake.ParserLimits;
import io.khotam.intake.RowSource;
import io.khotam.intake.RowStream;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks of {@code Row} at their exact boundaries, without Camel: one row read as the routes
 * read it (RowSource), then every group of the check sequence in order, as the route runs them.
 * Fast on purpose: these are the tests mutation testing runs.
 */
class RowChecksTest {

    private static final Validator VALIDATOR = SharedValidatorFactory.withoutExpressionLanguage().getValidator();
    private static final RowSource SOURCE = new RowSource(new ParserLimits(1 << 20, 64, 100_000, 1000, 1024, 1 << 16, 1 << 16));
    private static final Instant RUN_START = Instant.parse("2026-11-22T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Rules rules() throws Exception {
        return new RuleSetLoader(VALIDATOR, null).load();
    }

    private Row row(Map<String, Object> fields) throws Exception {
        Path file = Files.writeString(dir.resolve("row-" + System.nanoTime() + ".jsonl"), JSON.writeValueAsString(fields) + "\n");
        try (RowStream rows = SOURCE.open(file)) {
            return new Row(rows.next(), rules(), RUN_START);
        }
    }

    /** The codes of the first group that does not pass, or none; a passing stage stamps, as the route does. */
    private static List<String> codes(Row row) {
        StampClock stamps = new StampClock(Clock.systemUTC());
        for (CheckSequence check : CheckSequence.values()) {
            Set<ConstraintViolation<Row>> violations = VALIDATOR.validate(row, check.group());
            if (!violations.isEmpty()) {
                List<String> codes = new ArrayList<>();
                StageFailure.of(violations).checks().forEach(c -> codes.add(c.code().name()));
                return codes;
            }
            if (check.stamps()) {
                row.stamp(check.stage(), stamps.next());
            }
        }
        return List.of();
    }

    private List<String> codesOf(String field, Object value) throws Exception {
        return codes(row(Rows.with(field, value)));
    }

    @Test
    void theValidRowPassesEveryStageAndEarnsEveryStamp() throws Exception {
        Row row = row(Rows.valid());
        assertThat(codes(row)).isEmpty();
        for (Stage stage : List.of(Stage.PEN, Stage.STAMP, Stage.GATE)) {
            assertThat(row.verdict(stage)).isEqualTo(Row.Verdict.PASSED);
            assertThat(row.candidateStamp(stage)).isNotNull();
        }
    }

    @Test
    void aNameOfExactlyTheMaximumPassesOneMoreFails() throws Exception {
        assertThat(codesOf("name", "n".repeat(200))).isEmpty();
        assertThat(codesOf("name", "n".repeat(201))).containsExactly("NAME_TOO_LONG");
        assertThat(codesOf("name", "đ".repeat(200))).as("counted in characters, not bytes").isEmpty();
    }

    @Test
    void aDescriptionOfExactlyTheMinimumPassesOneLessFailsBlanksAroundDoNotCount() throws Exception {
        assertThat(codesOf("description", "d".repeat(10))).isEmpty();
        assertThat(codesOf("description", "d".repeat(9))).containsExactly("DESCRIPTION_TOO_SHORT");
        assertThat(codesOf("description", "   " + "d".repeat(9) + "   ")).containsExactly("DESCRIPTION_TOO_SHORT");
        assertThat(codesOf("description", "   ")).containsExactly("DESCRIPTION_MISSING");
    }

    @Test
    void aStringOfExactlyTheValueLimitIsAdmittedOneMoreIsOversize() throws Exception {
        assertThat(codesOf("species_code", "s".repeat(4096))).containsExactly("SPECIES_NOT_FIT");
        assertThat(codesOf("species_code", "s".repeat(4097))).containsExactly("OVERSIZE_VALUE");
    }

    @Test
    void certifiedDefaultsToFalseOnlyTrueIsSkipped() throws Exception {
        Map<String, Object> without = Rows.valid();
        without.remove("certified");
        assertThat(codes(row(without))).as("a missing certified is false: in scope").isEmpty();
        assertThat(codesOf("certified", null)).isEmpty();
        assertThat(codesOf("certified", false)).isEmpty();
        assertThat(codesOf("certified", true)).containsExactly("CERTIFIED_LIKE");
        Map<String, Object> certifiedOutOfScope = Rows.with("certified", true);
        certifiedOutOfScope.put("governance_role", "observer");
        assertThat(codes(row(certifiedOutOfScope))).as("one reason to skip").containsExactly("CERTIFIED_LIKE");
    }

    @Test
    void bornAtTheRunStartIsNotInTheFutureOneMicrosecondLaterIs() throws Exception {
        assertThat(codesOf("born_at", "2026-11-22T00:00:00Z")).isEmpty();
        assertThat(codesOf("born_at", "2026-11-22T00:00:00.000001Z")).containsExactly("BORN_AT_IN_FUTURE");
        assertThat(codesOf("born_at", "2026-11-22T07:00:00+07:00")).as("the same instant in another offset").isEmpty();
    }

    @Test
    void theEntityCodePatternIsAppliedWhole() throws Exception {
        assertThat(codesOf("entity_code", "AB-123")).isEmpty();
        assertThat(codesOf("entity_code", "A-123")).containsExactly("ENTITY_CODE_MALFORMED");
        assertThat(codesOf("entity_code", "AB-12")).containsExactly("ENTITY_CODE_MALFORMED");
        assertThat(codesOf("entity_code", "xAB-123")).containsExactly("ENTITY_CODE_MALFORMED");
        assertThat(codesOf("entity_code", "AB-123x")).containsExactly("ENTITY_CODE_MALFORMED");
    }

    @Test
    void stampsInOrderOrEqualAreAdmittedAllThreeEqualIsFused() throws Exception {
        Map<String, Object> ordered = Rows.valid();
        ordered.put("inspect_pen", "2026-06-01T00:00:00Z");
        ordered.put("inspect_stamp", "2026-06-01T00:00:00Z");
        Row row = row(ordered);
        assertThat(codes(row)).as("equal PEN and STAMP, no GATE: neither ambiguous nor fused").isEmpty();
        assertThat(row.verdict(Stage.PEN)).isEqualTo(Row.Verdict.ALREADY_STAMPED);
        assertThat(row.verdict(Stage.STAMP)).isEqualTo(Row.Verdict.ALREADY_STAMPED);
        assertThat(row.verdict(Stage.GATE)).isEqualTo(Row.Verdict.PASSED);
        assertThat(row.candidateStamp(Stage.PEN)).as("a received stamp is copied exactly").isEqualTo("2026-06-01T00:00:00Z");

        ordered.put("inspect_gate", "2026-06-01T00:00:00Z");
        assertThat(codes(row(ordered))).containsExactly("FUSED_SHORTCUT");
        ordered.put("inspect_gate", "2026-05-31T23:59:59Z");
        assertThat(codes(row(ordered))).containsExactly("AMBIGUOUS_PARTIAL_STAMP");
    }

    @Test
    void gateChecksTheCollectionsOwnSpeciesAndOrigins() throws Exception {
        Map<String, Object> fauna = Rows.valid();
        fauna.put("collection_name", "fauna");
        fauna.put("species_code", "AVES-PASSER");
        fauna.put("dot_origin", "DOT-IMPORT");
        assertThat(codes(row(fauna))).isEmpty();
        fauna.put("dot_origin", "DOT-CUT");
        assertThat(codes(row(fauna))).as("an origin of flora is not fauna's").containsExactly("DOT_ORIGIN_NOT_ALLOWED");
        fauna.put("species_code", "PLANTAE-TREE");
        fauna.put("dot_origin", "DOT-IMPORT");
        assertThat(codes(row(fauna))).containsExactly("SPECIES_NOT_FIT");
    }

    @Test
    void aFailedStageLeavesTheLaterStagesNotRun() throws Exception {
        Row row = row(Rows.with("status", "archived"));
        assertThat(codes(row)).containsExactly("STATUS_UNKNOWN");
        row.fail(Stage.STAMP);
        assertThat(row.verdict(Stage.PEN)).isEqualTo(Row.Verdict.PASSED);
        assertThat(row.verdict(Stage.STAMP)).isEqualTo(Row.Verdict.FAILED);
        assertThat(row.verdict(Stage.GATE)).isEqualTo(Row.Verdict.NOT_RUN);
        assertThat(row.candidateStamp(Stage.STAMP)).isNull();
    }

    private List<String> codesOfLine(String line) throws Exception {
        Path file = Files.writeString(dir.resolve("line-" + System.nanoTime() + ".jsonl"), line + "\n");
        try (RowStream rows = SOURCE.open(file)) {
            return codes(new Row(rows.next(), rules(), RUN_START));
        }
    }

    private static Map<String, Object> without(String field) {
        Map<String, Object> row = Rows.valid();
        row.remove(field);
        return row;
    }

    @Test
    void eachCheckReportsItsOwnCodeAlone() throws Exception {
        String valid = JSON.writeValueAsString(Rows.valid());
        assertThat(codesOfLine("[1]")).containsExactly("NOT_AN_OBJECT");
        assertThat(codesOfLine("{\"a\"")).containsExactly("UNPARSABLE_ROW");
        assertThat(codesOfLine(valid.replace("\"name\":", "\"name\":\"x\",\"name\":"))).containsExactly("DUPLICATE_KEY");
        assertThat(codesOf("owner", "x")).containsExactly("FORBIDDEN_FIELD");
        assertThat(codesOf("owner", null)).as("a null production field is no request").isEmpty();
        assertThat(codesOf("status", 1)).containsExactly("WRONG_TYPE");
        assertThat(codes(row(without("entity_code")))).containsExactly("ENTITY_CODE_MISSING");
        assertThat(codes(row(without("collection_name")))).containsExactly("COLLECTION_MISSING");
        assertThat(codesOf("collection_name", "mushrooms")).containsExactly("COLLECTION_UNKNOWN");
        assertThat(codes(row(without("born_at")))).containsExactly("BORN_AT_MISSING");
        assertThat(codes(row(without("dot_origin")))).containsExactly("DOT_ORIGIN_MISSING");
        assertThat(codes(row(without("name")))).containsExactly("NAME_MISSING");
        assertThat(codes(row(without("status")))).containsExactly("STATUS_MISSING");
        assertThat(codesOf("status", "archived")).containsExactly("STATUS_UNKNOWN");
        assertThat(codes(row(without("species_code")))).containsExactly("SPECIES_MISSING");
        assertThat(codes(row(without("governance_role")))).containsExactly("OUT_OF_SCOPE");
        assertThat(codesOf("governance_role", "observer")).containsExactly("OUT_OF_SCOPE");
        Map<String, Object> partial = Rows.valid();
        partial.put("inspect_stamp", "2026-06-01T00:00:00Z");
        assertThat(codes(row(partial))).containsExactly("AMBIGUOUS_PARTIAL_STAMP");
    }

    @Test
    void aStageReportsAllItsViolationsInCodeOrderThenFieldOrder() throws Exception {
        Map<String, Object> row = Rows.with("entity_code", 123);
        row.put("certified", "true");
        row.put("born_at", "not an instant");
        row.put("owner", "x");
        Row admitted = row(row);
        assertThat(codes(admitted)).containsExactly("WRONG_TYPE", "WRONG_TYPE", "WRONG_TYPE", "FORBIDDEN_FIELD");
        Set<ConstraintViolation<Row>> violations = VALIDATOR.validate(admitted, AdmissionChecks.class);
        assertThat(StageFailure.of(violations).checks()).extracting(FailedCheck::field)
                .containsExactly("born_at", "certified", "entity_code", "owner");
        assertThat(StageFailure.of(violations).checks().get(1).message())
                .isEqualTo("certified: expected a JSON boolean (true or false), got a string");
        assertThat(admitted.wrongTypeDetail("entity_code")).isEqualTo("expected a JSON string, got a number");
        assertThat(admitted.wrongTypeDetail("name")).isNull();
    }

    @Test
    void stampsOfOneClockAreStrictlyIncreasingMicroseconds() {
        StampClock clock = new StampClock(Clock.fixed(RUN_START, ZoneOffset.UTC));
        Instant first = clock.next();
        Instant second = clock.next();
        assertThat(second).isAfter(first);
        assertThat(first.getNano() % 1000).isZero();
        assertThat(Duration.between(first, second).toNanos()).isEqualTo(1000);
    }

    @Test
    void anInspectorSetsOnlyItsOwnColumn() throws Exception {
        Row row = row(Rows.valid());
        new StageInspector(Stage.STAMP, new StampClock(Clock.systemUTC())).stamp(row);
        assertThat(row.verdict(Stage.STAMP)).isEqualTo(Row.Verdict.PASSED);
        assertThat(row.candidateStamp(Stage.PEN)).isNull();
        assertThat(row.candidateStamp(Stage.GATE)).isNull();
    }
}
