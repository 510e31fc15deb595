package io.khotam.run;

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
@JsonPropertyOrder({"scanned", "admitted", "rejected", "skipped", "pen", "stamp", "gate", "candidates",
        "dead_letters", "dead_letter_codes"})
public final class RunCounts {
    private long scanned;
    private long admitted;
    private long rejected;
    private long skipped;
    private final StageCounts pen = new StageCounts();
    private final StageCounts stamp = new StageCounts();
    private final StageCounts gate = new StageCounts();
    private long candidates;
    private long deadLetters;
    private long fileDeadLetters;
    private final Map<String, Map<String, Long>> deadLetterCodes = new TreeMap<>();

    @JsonProperty("scanned") public long scanned() { return scanned; }
    @JsonProperty("admitted") public long admitted() { return admitted; }
    @JsonProperty("rejected") public long rejected() { return rejected; }
    @JsonProperty("skipped") public long skipped() { return skipped; }
    @JsonProperty("pen") public StageCounts pen() { return pen; }
    @JsonProperty("stamp") public StageCounts stamp() { return stamp; }
    @JsonProperty("gate") public StageCounts gate() { return gate; }
    @JsonProperty("candidates") public long candidates() { return candidates; }
    @JsonProperty("dead_letters") public long deadLetters() { return deadLetters; }
    /** Dead letters by stage, then by check code (a row with two codes counts under both). */
    @JsonProperty("dead_letter_codes") public Map<String, Map<String, Long>> deadLetterCodes() { return deadLetterCodes; }

    void countScanned() {
        scanned++;
    }

    void countSkipped() {
        skipped++;
    }

    void candidate(Row row) {
        admitted++;
        candidates++;
        pen.add(row.verdict(Stage.PEN));
        stamp.add(row.verdict(Stage.STAMP));
        gate.add(row.verdict(Stage.GATE));
    }

    void deadLetter(Stage stage, Iterable<CheckCode> codes) {
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
    String reconciliationProblem(long expectedRows) {
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
