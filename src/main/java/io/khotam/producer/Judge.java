package io.khotam.producer;

import io.khotam.evidence.ProducerUsed;
import io.khotam.inspection.Row.Verdict;
import java.time.Instant;
import java.util.EnumSet;

/**
 * Judges one row from the row before and after the producer, and the reference's verdicts on it
 * (docs/contract.md "Producer under test"). Pure: no I/O, the same answer every time.
 */
public final class Judge {

    /** The judge's codes; the first five break the contract, the last two are disagreement with the reference. */
    public enum Code {
        FORBIDDEN_WRITE, OUT_OF_ORDER, NOT_IDEMPOTENT, FUSED_SHORTCUT, STAMP_NOT_GENUINE, FALSE_PASS, FALSE_FAIL;

        public boolean breaksContract() {
            return this != FALSE_PASS && this != FALSE_FAIL;
        }
    }

    /**
     * @param codes what the row breaks or disagrees on; empty when it keeps the contract and agrees
     * @param stamps the stamps the candidate carries: the producer's (a removed row's: as given)
     * @param verdicts read from those stamps: kept as given ALREADY_STAMPED, set by it PASSED, the
     *                 first unset FAILED and any later unset NOT_RUN
     * @param setByProducer which of the stamps the producer set or changed
     */
    public record Judgement(EnumSet<Code> codes, Instant[] stamps, Verdict[] verdicts, boolean[] setByProducer) {}

    private Judge() {}

    /**
     * @param reference the built-in inspectors' verdicts on the row (PEN, STAMP, GATE)
     * @param row the row before and after the producer; not an added row
     * @param from the producer's window: no stamp it sets may lie before this ...
     * @param to ... or after this
     */
    public static Judgement judge(Verdict[] reference, ProducedRow row, Instant from, Instant to) {
        Instant[] before = row.before();
        Instant[] after = row.removed() ? before : row.after();
        EnumSet<Code> codes = EnumSet.noneOf(Code.class);
        if (row.removed() || !row.otherChanges().isEmpty()) {
            codes.add(Code.FORBIDDEN_WRITE);
        }
        boolean[] set = new boolean[3];
        Verdict[] verdicts = new Verdict[3];
        boolean failed = false;
        for (int i = 0; i < 3; i++) {
            set[i] = after[i] != null && !after[i].equals(before[i]);
            if (before[i] != null && !before[i].equals(after[i])) {
                codes.add(Code.NOT_IDEMPOTENT);
            }
            if (set[i] && (after[i].isBefore(from) || after[i].isAfter(to) || after[i].getNano() % 1000 != 0)) {
                codes.add(Code.STAMP_NOT_GENUINE);
            }
            if (after[i] == null) {
                verdicts[i] = failed ? Verdict.NOT_RUN : Verdict.FAILED;
                failed = true;
            } else {
                verdicts[i] = set[i] ? Verdict.PASSED : Verdict.ALREADY_STAMPED;
            }
            if (set[i] && (reference[i] == Verdict.FAILED || reference[i] == Verdict.NOT_RUN)) {
                codes.add(Code.FALSE_PASS);
            }
            if (reference[i] == Verdict.PASSED && after[i] == null) {
                codes.add(Code.FALSE_FAIL);
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                if (after[j] != null && after[i] == null || set[i] && set[j] && after[j].isBefore(after[i])) {
                    codes.add(Code.OUT_OF_ORDER);
                }
                if (set[i] && set[j] && after[i].equals(after[j])) {
                    codes.add(Code.FUSED_SHORTCUT);
                }
            }
        }
        return new Judgement(codes, after, verdicts, set);
    }

    /** The verdict of a whole run from the counts of its codes. */
    public static String verdict(java.util.Map<String, Long> counts) {
        if (counts.keySet().stream().map(Code::valueOf).anyMatch(Code::breaksContract)) {
            return ProducerUsed.BREAKS_CONTRACT;
        }
        return counts.isEmpty() ? ProducerUsed.CONFORMS : ProducerUsed.DIVERGES;
    }
}
