package io.khotam.producer;

import static io.khotam.inspection.Row.Verdict.ALREADY_STAMPED;
import static io.khotam.inspection.Row.Verdict.FAILED;
import static io.khotam.inspection.Row.Verdict.NOT_RUN;
import static io.khotam.inspection.Row.Verdict.PASSED;
import static io.khotam.producer.Judge.Code.FALSE_FAIL;
import static io.khotam.producer.Judge.Code.FALSE_PASS;
import static io.khotam.producer.Judge.Code.FORBIDDEN_WRITE;
import static io.khotam.producer.Judge.Code.FUSED_SHORTCUT;
import static io.khotam.producer.Judge.Code.NOT_IDEMPOTENT;
import static io.khotam.producer.Judge.Code.OUT_OF_ORDER;
import static io.khotam.producer.Judge.Code.STAMP_NOT_GENUINE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import io.khotam.inspection.Row.Verdict;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Each judge code from a row that commits exactly that fault, and none from a row that keeps the contract and agrees. */
class JudgeTest {

    private static final Instant FROM = Instant.parse("2026-11-30T10:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-30T10:01:00Z");
    private static final Instant T1 = Instant.parse("2026-11-30T10:00:10.000001Z");
    private static final Instant T2 = Instant.parse("2026-11-30T10:00:10.000002Z");
    private static final Instant T3 = Instant.parse("2026-11-30T10:00:10.000003Z");
    private static final Instant OLD = Instant.parse("2026-01-01T00:00:00.000001Z");
    private static final Verdict[] ALL_PASS = {PASSED, PASSED, PASSED};
    private static final Verdict[] GATE_FAILS = {PASSED, PASSED, FAILED};
    private static final Verdict[] PEN_FAILS = {FAILED, NOT_RUN, NOT_RUN};

    private static ProducedRow row(Instant[] before, Instant[] after) {
        return new ProducedRow(1, before, after, Map.of());
    }

    private static Instant[] stamps(Instant pen, Instant stamp, Instant gate) {
        return new Instant[] {pen, stamp, gate};
    }

    private static Judge.Judgement judge(Verdict[] reference, ProducedRow row) {
        return Judge.judge(reference, row, FROM, TO);
    }

    @Test
    void aProducerThatStampsWhatTheReferencePassesEachInItsOwnInstantIsJudgedClean() {
        Judge.Judgement j = judge(ALL_PASS, row(stamps(null, null, null), stamps(T1, T2, T3)));
        assertThat(j.codes()).isEmpty();
        assertThat(j.verdicts()).containsExactly(PASSED, PASSED, PASSED);
        assertThat(j.setByProducer()).containsExactly(true, true, true);
    }

    @Test
    void stoppingWhereTheReferenceFailsIsClean_andTheVerdictsFollowTheStamps() {
        Judge.Judgement j = judge(GATE_FAILS, row(stamps(null, null, null), stamps(T1, T2, null)));
        assertThat(j.codes()).isEmpty();
        assertThat(j.verdicts()).containsExactly(PASSED, PASSED, FAILED);
        Judge.Judgement pen = judge(PEN_FAILS, row(stamps(null, null, null), stamps(null, null, null)));
        assertThat(pen.codes()).isEmpty();
        assertThat(pen.verdicts()).containsExactly(FAILED, NOT_RUN, NOT_RUN);
    }

    @Test
    void aStampKeptAsGivenIsAlreadyStamped() {
        Judge.Judgement j = judge(new Verdict[] {ALREADY_STAMPED, PASSED, PASSED}, row(stamps(OLD, null, null), stamps(OLD, T2, T3)));
        assertThat(j.codes()).isEmpty();
        assertThat(j.verdicts()).containsExactly(ALREADY_STAMPED, PASSED, PASSED);
        assertThat(j.setByProducer()).containsExactly(false, true, true);
    }

    @Test
    void oneInstantOnTwoOrThreeStagesIsTheFusedShortcut() {
        assertThat(judge(ALL_PASS, row(stamps(null, null, null), stamps(T1, T1, T1))).codes()).containsExactly(FUSED_SHORTCUT);
        assertThat(judge(ALL_PASS, row(stamps(null, null, null), stamps(T1, T1, T2))).codes()).containsExactly(FUSED_SHORTCUT);
    }

    @Test
    void aLaterStampWithoutAnEarlierOneOrBeforeItInTimeIsOutOfOrder() {
        assertThat(judge(ALL_PASS, row(stamps(null, null, null), stamps(T1, null, T3))).codes())
                .containsExactlyInAnyOrder(OUT_OF_ORDER, FALSE_FAIL);
        assertThat(judge(ALL_PASS, row(stamps(null, null, null), stamps(T2, T1, T3))).codes()).containsExactly(OUT_OF_ORDER);
    }

    @Test
    void changingOrClearingAStampThatCameSetIsNotIdempotent() {
        assertThat(judge(new Verdict[] {ALREADY_STAMPED, PASSED, PASSED}, row(stamps(OLD, null, null), stamps(T1, T2, T3)))
                .codes()).containsExactly(NOT_IDEMPOTENT);
        Judge.Judgement cleared = judge(new Verdict[] {ALREADY_STAMPED, FAILED, NOT_RUN},
                row(stamps(OLD, null, null), stamps(null, null, null)));
        assertThat(cleared.codes()).containsExactly(NOT_IDEMPOTENT);
        assertThat(cleared.verdicts()).containsExactly(FAILED, NOT_RUN, NOT_RUN);
    }

    @Test
    void aStampOutsideTheProducersWindowOrFinerThanAMicrosecondIsNotGenuine() {
        assertThat(judge(ALL_PASS, row(stamps(null, null, null), stamps(OLD, T2, T3))).codes()).containsExactly(STAMP_NOT_GENUINE);
        assertThat(judge(ALL_PASS, row(stamps(null, null, null), stamps(T1, T2, TO.plusNanos(1000)))).codes())
                .containsExactly(STAMP_NOT_GENUINE);
        assertThat(judge(ALL_PASS, row(stamps(null, null, null), stamps(T1, T2, T3.plusNanos(1)))).codes())
                .containsExactly(STAMP_NOT_GENUINE);
        assertThat(judge(ALL_PASS, row(stamps(null, null, null), stamps(FROM, T2, TO))).codes()).as("the window's ends").isEmpty();
    }

    @Test
    void stampingAStageTheReferenceFailsOrNeverReachedIsAFalsePass() {
        assertThat(judge(GATE_FAILS, row(stamps(null, null, null), stamps(T1, T2, T3))).codes()).containsExactly(FALSE_PASS);
        assertThat(judge(PEN_FAILS, row(stamps(null, null, null), stamps(T1, null, null))).codes()).containsExactly(FALSE_PASS);
    }

    @Test
    void leavingUnsetAStageTheReferencePassesIsAFalseFail() {
        Judge.Judgement j = judge(ALL_PASS, row(stamps(null, null, null), stamps(T1, T2, null)));
        assertThat(j.codes()).containsExactly(FALSE_FAIL);
        assertThat(j.verdicts()).containsExactly(PASSED, PASSED, FAILED);
    }

    @Test
    void anyOtherColumnChangedOrTheRowRemovedIsAForbiddenWrite() {
        Map<String, JsonNode[]> certified = new TreeMap<>(Map.of("certified", new JsonNode[] {BooleanNode.FALSE, BooleanNode.TRUE}));
        assertThat(judge(ALL_PASS, new ProducedRow(1, stamps(null, null, null), stamps(T1, T2, T3), certified)).codes())
                .containsExactly(FORBIDDEN_WRITE);
        Judge.Judgement removed = judge(PEN_FAILS, new ProducedRow(1, stamps(null, null, null), null, Map.of()));
        assertThat(removed.codes()).containsExactly(FORBIDDEN_WRITE);
        assertThat(removed.verdicts()).as("a removed row is judged as given").containsExactly(FAILED, NOT_RUN, NOT_RUN);
    }

    @Test
    void theRunsVerdictIsBreaksContractOverDivergesOverConforms() {
        assertThat(Judge.verdict(Map.of())).isEqualTo("CONFORMS");
        assertThat(Judge.verdict(Map.of("FALSE_PASS", 2L, "FALSE_FAIL", 1L))).isEqualTo("DIVERGES");
        for (Judge.Code code : Judge.Code.values()) {
            if (code.breaksContract()) {
                assertThat(Judge.verdict(Map.of("FALSE_PASS", 1L, code.name(), 1L))).as(code.name()).isEqualTo("BREAKS_CONTRACT");
            }
        }
        assertThat(Judge.Code.values()).filteredOn(Judge.Code::breaksContract).hasSize(5);
    }
}
