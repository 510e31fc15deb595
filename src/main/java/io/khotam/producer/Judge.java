package io.khotam.producer;

import io.khotam.evidence.ProducerUsed;
import io.khotam.inspection.Row.Verdict;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
     *                 first unset FAILED and every later stage NOT_RUN (set or not: OUT_OF_ORDER says so)
     * @param setByProducer which of the stamps the producer set or changed
     * @param why each code's reason on this row, in words (the columns, instants and window it concerns)
     */
    public record Judgement(EnumSet<Code> codes, Instant[] stamps, Verdict[] verdicts, boolean[] setByProducer, List<String> why) {}

    private static final String[] STAGES = {"PEN", "STAMP", "GATE"};
    private static final String[] COLUMNS = {"inspect_pen", "inspect_stamp", "inspect_gate"};

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
        Set<String> why = new LinkedHashSet<>();
        if (row.removed()) {
            codes.add(Code.FORBIDDEN_WRITE);
            why.add("FORBIDDEN_WRITE: it removed the row");
        } else if (!row.otherChanges().isEmpty()) {
            codes.add(Code.FORBIDDEN_WRITE);
            row.otherChanges().forEach((column, change) -> why.add("FORBIDDEN_WRITE: it wrote " + column + " ("
                    + change[0] + " -> " + change[1] + "), which only production writes; a producer sets the three inspect_* only"));
        }
        boolean[] set = new boolean[3];
        Verdict[] verdicts = new Verdict[3];
        boolean failed = false;
        for (int i = 0; i < 3; i++) {
            set[i] = after[i] != null && !after[i].equals(before[i]);
            if (before[i] != null && !before[i].equals(after[i])) {
                codes.add(Code.NOT_IDEMPOTENT);
                why.add("NOT_IDEMPOTENT: " + COLUMNS[i] + " came set to " + before[i] + " and it "
                        + (after[i] == null ? "cleared it" : "changed it to " + after[i]) + "; a stamp that came set is kept as it came");
            }
            if (set[i] && (after[i].isBefore(from) || after[i].isAfter(to))) {
                codes.add(Code.STAMP_NOT_GENUINE);
                why.add("STAMP_NOT_GENUINE: " + COLUMNS[i] + " " + after[i] + " lies outside its run's window [" + from + ", " + to
                        + "]: a stamp is the instant the check passed, while the producer ran");
            } else if (set[i] && after[i].getNano() % 1000 != 0) {
                codes.add(Code.STAMP_NOT_GENUINE);
                why.add("STAMP_NOT_GENUINE: " + COLUMNS[i] + " " + after[i] + " is finer than a microsecond, which no "
                        + "timestamptz holds: stamps are microseconds UTC");
            }
            if (failed) {
                verdicts[i] = Verdict.NOT_RUN; // a stage after the first unset one never ran, whatever the producer wrote there
            } else if (after[i] == null) {
                verdicts[i] = Verdict.FAILED;
                failed = true;
            } else {
                verdicts[i] = set[i] ? Verdict.PASSED : Verdict.ALREADY_STAMPED;
            }
            if (set[i] && (reference[i] == Verdict.FAILED || reference[i] == Verdict.NOT_RUN)) {
                codes.add(Code.FALSE_PASS);
                why.add("FALSE_PASS: it stamped " + STAGES[i] + ", which the reference " + (reference[i] == Verdict.FAILED
                        ? "fails on this row" : "never reaches on this row (an earlier stage fails)"));
            }
            if (reference[i] == Verdict.PASSED && after[i] == null) {
                codes.add(Code.FALSE_FAIL);
                why.add("FALSE_FAIL: it left " + COLUMNS[i] + " unset; the reference passes " + STAGES[i] + " on this row");
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                if (after[j] != null && after[i] == null) {
                    codes.add(Code.OUT_OF_ORDER);
                    why.add("OUT_OF_ORDER: " + COLUMNS[j] + " is set while " + COLUMNS[i] + " is not: a later stage is "
                            + "stamped only after the earlier ones passed");
                } else if (set[i] && set[j] && after[j].isBefore(after[i])) {
                    codes.add(Code.OUT_OF_ORDER);
                    why.add("OUT_OF_ORDER: " + COLUMNS[j] + " " + after[j] + " is before " + COLUMNS[i] + " " + after[i]);
                }
                if (set[i] && set[j] && after[i].equals(after[j])) {
                    codes.add(Code.FUSED_SHORTCUT);
                    why.add("FUSED_SHORTCUT: " + COLUMNS[i] + " and " + COLUMNS[j] + " are one instant, " + after[i]
                            + ": two stamps of a row in one microsecond cannot be told from a blanket now(); stamp each "
                            + "stage in its own statement (docs/producer.md \"Stamps\")");
                }
            }
        }
        return new Judgement(codes, after, verdicts, set, List.copyOf(why));
    }

    /** The verdict of a whole run from the counts of its codes. */
    public static String verdict(Map<String, Long> counts) {
        if (counts.keySet().stream().map(Code::valueOf).anyMatch(Code::breaksContract)) {
            return ProducerUsed.BREAKS_CONTRACT;
        }
        return counts.isEmpty() ? ProducerUsed.CONFORMS : ProducerUsed.DIVERGES;
    }
}
