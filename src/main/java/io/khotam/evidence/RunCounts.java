package io.khotam.evidence;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.khotam.CheckCode;
import io.khotam.Stage;
import io.khotam.inspection.Row;
import java.util.Map;
import java.util.TreeMap;

/**
 * The manifest's counts. Each row is counted once, from its terminal outcome (skipped, rejected at
 * admission, or a candidate), so the counts reconcile by construction; {@link #reconciliationProblem}
 * still checks them, because a row lost to a fault must surface rather than be hidden.
 */
@JsonAutoDetect(getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonPropertyOrder({"scanned", "admitted", "rejected", "skipped", "pen", "stamp", "gate", "candidates",
        "dead_letters", "dead_letter_codes", "skipped_codes"})
public final class RunCounts {
    // Jackson writes and reads these fields (the manifest is read back as this class); the accessors are for code
    @JsonProperty("scanned") private long scanned;
    @JsonProperty("admitted") private long admitted;
    @JsonProperty("rejected") private long rejected;
    @JsonProperty("skipped") private long skipped;
    @JsonProperty("pen") private StageCounts pen = new StageCounts();
    @JsonProperty("stamp") private StageCounts stamp = new StageCounts();
    @JsonProperty("gate") private StageCounts gate = new StageCounts();
    @JsonProperty("candidates") private long candidates;
    @JsonProperty("dead_letters") private long deadLetters;
    private long fileDeadLetters;
    @JsonProperty("dead_letter_codes") private Map<String, Map<String, Long>> deadLetterCodes = new TreeMap<>();
    @JsonProperty("skipped_codes") private Map<String, Long> skippedCodes = new TreeMap<>();

    public long scanned() { return scanned; }
    public long admitted() { return admitted; }
    public long rejected() { return rejected; }
    public long skipped() { return skipped; }
    public StageCounts pen() { return pen; }
    public StageCounts stamp() { return stamp; }
    public StageCounts gate() { return gate; }
    public long candidates() { return candidates; }
    public long deadLetters() { return deadLetters; }
    /** Dead letters by stage, then by check code (a row with two codes counts under both). */
    public Map<String, Map<String, Long>> deadLetterCodes() { return deadLetterCodes; }
    /** Skipped rows by scope code. */
    public Map<String, Long> skippedCodes() { return skippedCodes; }

    /** The counts of one stage by its name in the manifest ("pen", "stamp", "gate"). */
    public StageCounts stage(Stage stage) {
        return switch (stage) {
            case PEN -> pen;
            case STAMP -> stamp;
            case GATE -> gate;
            default -> throw new IllegalArgumentException(stage + " has no verdict counts");
        };
    }

    public void countScanned() {
        scanned++;
    }

    /** Rows counted at once: a rerun that takes its rows' outcomes from its source. */
    public void countScanned(long rows) {
        scanned += rows;
    }

    public void countSkipped(CheckCode code) {
        skipped++;
        skippedCodes.merge(code.name(), 1L, Long::sum);
    }

    public void candidate(Row row) {
        candidate(row.verdict(Stage.PEN), row.verdict(Stage.STAMP), row.verdict(Stage.GATE));
    }

    /** A candidate by its three verdicts (a producer run's, read from the producer's stamps). */
    public void candidate(Row.Verdict penVerdict, Row.Verdict stampVerdict, Row.Verdict gateVerdict) {
        admitted++;
        candidates++;
        pen.add(penVerdict);
        stamp.add(stampVerdict);
        gate.add(gateVerdict);
    }

    public void deadLetter(Stage stage, Iterable<CheckCode> codes) {
        deadLetters++;
        if (stage == Stage.ADMISSION) {
            rejected++;
        } else if (stage == Stage.FILE) {
            fileDeadLetters++;
        }
        Map<String, Long> byCode = deadLetterCodes.computeIfAbsent(stage.fileName(), s -> new TreeMap<>());
        for (CheckCode code : codes) {
            byCode.merge(code.name(), 1L, Long::sum);
        }
    }

    /** @return null when the counts reconcile, else what does not add up */
    public String reconciliationProblem(long expectedRows) {
        if (expectedRows >= 0 && scanned != expectedRows) {
            return "scanned " + scanned + " rows but the input holds " + expectedRows;
        }
        if (scanned != admitted + rejected + skipped) {
            return "scanned " + scanned + " != admitted " + admitted + " + rejected " + rejected + " + skipped " + skipped;
        }
        if (candidates != admitted || pen.total() != admitted || stamp.total() != pen.through()
                || gate.total() != stamp.through()) {
            return "stage counts do not follow the admitted rows through PEN, STAMP and GATE";
        }
        long expectedDeadLetters = rejected + pen.failed() + stamp.failed() + gate.failed() + fileDeadLetters;
        if (deadLetters != expectedDeadLetters) {
            return "dead letters " + deadLetters + " != rejected + failed per stage " + expectedDeadLetters;
        }
        return null;
    }
}
