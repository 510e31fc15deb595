package io.khotam.run;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How one stage's verdicts add up in a run. */
public final class StageCounts {
    private long passed;
    private long failed;
    private long alreadyStamped;

    @JsonProperty("passed") public long passed() { return passed; }
    @JsonProperty("failed") public long failed() { return failed; }
    @JsonProperty("already_stamped") public long alreadyStamped() { return alreadyStamped; }

    long total() {
        return passed + failed + alreadyStamped;
    }

    /** Rows that went on to the next stage. */
    long through() {
        return passed + alreadyStamped;
    }

    void add(io.khotam.inspection.Row.Verdict verdict) {
        switch (verdict) {
            case PASSED -> passed++;
            case FAILED -> failed++;
            case ALREADY_STAMPED -> alreadyStamped++;
            case NOT_RUN -> { }
        }
    }
}
