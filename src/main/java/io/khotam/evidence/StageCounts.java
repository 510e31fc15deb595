package io.khotam.evidence;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.khotam.inspection.Row;

/** How one stage's verdicts add up in a run. */
public final class StageCounts {
    @JsonProperty("passed") private long passed;
    @JsonProperty("failed") private long failed;
    @JsonProperty("already_stamped") private long alreadyStamped;

    public long passed() { return passed; }
    public long failed() { return failed; }
    public long alreadyStamped() { return alreadyStamped; }

    long total() {
        return passed + failed + alreadyStamped;
    }

    /** Rows that went on to the next stage. */
    long through() {
        return passed + alreadyStamped;
    }

    void add(Row.Verdict verdict) {
        switch (verdict) {
            case PASSED -> passed++;
            case FAILED -> failed++;
            case ALREADY_STAMPED -> alreadyStamped++;
            case NOT_RUN -> { }
        }
    }
}
