package io.khotam.check;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What became of one input row in one run (docs/contract.md "Diff"): {@code candidate} (with its
 * verdicts, and the first failing stage and its codes, if any), {@code rejected} (admission, or
 * {@code file} when the whole run was rejected), {@code skipped} (stage {@code scope}), or
 * {@code absent}. The row number and entity code identify the row; they are not part of the outcome.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"outcome", "stage", "codes", "verdicts"})
public record RowOutcome(@JsonIgnore long row, @JsonIgnore String entityCode, String outcome, String stage,
                         List<String> codes, Map<String, String> verdicts) {

    static RowOutcome absent(long row) {
        return new RowOutcome(row, null, "absent", null, List.of(), null);
    }

    /** This outcome for another row (a whole-run rejection is every row's outcome). */
    RowOutcome forRow(long other) {
        return new RowOutcome(other, entityCode, outcome, stage, codes, verdicts);
    }

    /** Changed = outcome, stage, codes or verdicts differ; stamp instants are never part of an outcome. */
    public boolean sameAs(RowOutcome other) {
        return outcome.equals(other.outcome) && Objects.equals(stage, other.stage) && codes.equals(other.codes)
                && Objects.equals(verdicts, other.verdicts);
    }

    /** One short phrase for the text diff: "candidate PASSED/FAILED/NOT_RUN stamp: STATUS_UNKNOWN", "skipped scope: OUT_OF_SCOPE". */
    public String brief() {
        StringBuilder text = new StringBuilder(outcome);
        if (verdicts != null) {
            text.append(' ').append(String.join("/", verdicts.values()));
        }
        if (stage != null) {
            text.append(' ').append(stage);
        }
        if (!codes.isEmpty()) {
            text.append(": ").append(String.join(",", codes));
        }
        return text.toString();
    }
}
