package io.khotam.intake;

import static io.khotam.Gens.oneOf;
import static io.khotam.Gens.pick;
import static io.khotam.Gens.qt;
import static io.khotam.Gens.text;
import static io.khotam.Gens.unchecked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.lists;

import io.khotam.Gens;
import io.khotam.Stage;
import io.khotam.inspection.CheckSequence;
import io.khotam.inspection.Row;
import io.khotam.inspection.RuleSetLoader;
import io.khotam.inspection.Rules;
import io.khotam.inspection.SharedValidatorFactory;
import io.khotam.inspection.StageFailure;
import io.khotam.inspection.StampClock;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Property-based fuzzing of the row reader and the checks: whatever the bytes, a file ends as a
 * file-level rejection or as rows that each stop at exactly one check group (or pass them all);
 * nothing else may escape, and every row the prescan counted is read.
 * CI runs a bounded number of tries; for a longer run: {@code mvn test -Dtest=RowReaderFuzzTest
 * -Dkhotam.fuzz.examples=100000}. Every failure QuickTheories reports (it shrinks it first) becomes a case
 * of HostileInputTest.
 */
class RowReaderFuzzTest {

    private static final Validator VALIDATOR = SharedValidatorFactory.withoutExpressionLanguage().getValidator();
    private static final RowSource SOURCE = new RowSource(new ParserLimits(1 << 20, 64, 100_000, 1000, 1024, 1 << 16, 1 << 16));
    private static final Rules RULES = rules();

    private static Rules rules() {
        try {
            return new RuleSetLoader(VALIDATOR, null).load();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final int EXAMPLES = Integer.getInteger("khotam.fuzz.examples", 1000);

    @Test
    void anyBytesAsJsonLines() {
        qt(EXAMPLES).forAll(Gens.bytes(3000)).checkAssert(unchecked(bytes -> inspectAll(bytes, "fuzz.jsonl")));
    }

    @Test
    void anyBytesAsAJsonDocument() {
        qt(EXAMPLES).forAll(Gens.bytes(3000)).checkAssert(unchecked(bytes -> inspectAll(bytes, "fuzz.json")));
    }

    @Test
    void jsonShapedRows() {
        qt(EXAMPLES).forAll(rows()).checkAssert(unchecked(document -> {
            inspectAll(document.getBytes(StandardCharsets.UTF_8), "shaped.json");
            inspectAll(document.replaceFirst("^\\[", "").replaceFirst("]$", "").replace("},{", "}\n{")
                    .getBytes(StandardCharsets.UTF_8), "shaped.jsonl");
        }));
    }

    /** Arrays of objects built from the real field names, with values of every JSON type. */
    private static Gen<String> rows() {
        Gen<String> names = oneOf(pick("entity_code", "collection_name", "species_code",
                "dot_origin", "governance_role", "born_at", "name", "description", "status", "certified", "inspect_pen",
                "inspect_stamp", "inspect_gate", "owner", "certified_at"), text('\u0000', '\uffff', "", 0, 8));
        Gen<String> values = oneOf(
                pick("\"FLORA-000001\"", "\"flora\"", "\"fauna\"", "\"governed\"", "\"PLANTAE-TREE\"",
                        "\"DOT-CUT\"", "\"active\"", "\"2026-05-01T08:00:00Z\"", "\"2026-02-30T00:00:00Z\"", "true",
                        "false", "null", "0", "-1e309", "[]", "{}", "\"\"", "\" \""),
                text('\u0000', '\uffff', "", 0, 20).map(RowReaderFuzzTest::quote));
        Gen<String> field = names.zip(values, (n, v) -> quote(n) + ":" + v);
        Gen<String> object = lists().of(field).ofSizeBetween(0, 16).map(fields -> "{" + String.join(",", fields) + "}");
        return lists().of(object).ofSizeBetween(1, 8).map(objects -> "[" + String.join(",", objects) + "]");
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static void inspectAll(byte[] bytes, String name) throws Exception {
        Path dir = Files.createTempDirectory("fuzz");
        Path file = Files.write(dir.resolve(name), bytes);
        try (RowStream rows = SOURCE.open(file)) {
            long read = 0;
            int lastRow = 0;
            while (rows.hasNext()) {
                ReceivedRow received = rows.next();
                assertThat(received.row()).isGreaterThan(lastRow);
                lastRow = received.row();
                read++;
                inspect(new Row(received, RULES, Instant.parse("2026-11-22T00:00:00Z")));
            }
            assertThat(read).as("every row the prescan counted is read").isEqualTo(rows.expectedRows());
        } catch (FileRejectedException rejected) {
            assertThat(rejected.code().stage()).isEqualTo(Stage.FILE);
            assertThat(rejected.getMessage()).isNotBlank();
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static void inspect(Row row) {
        StampClock stamps = new StampClock(Clock.systemUTC());
        for (CheckSequence check : CheckSequence.values()) {
            Set<ConstraintViolation<Row>> violations = VALIDATOR.validate(row, check.group());
            if (!violations.isEmpty()) {
                StageFailure failure = StageFailure.of(violations);
                assertThat(failure.stage()).as("a group reports codes of its own stage only").isEqualTo(check.stage());
                return;
            }
            if (check.stamps()) {
                row.stamp(check.stage(), stamps.next());
            }
        }
        for (CheckSequence check : CheckSequence.values()) {
            if (check.stamps()) {
                assertThat(row.verdict(check.stage())).as("a row that passed every group earned every stage")
                        .isIn(Row.Verdict.PASSED, Row.Verdict.ALREADY_STAMPED);
            }
        }
    }
}
