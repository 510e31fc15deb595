package io.khotam.evidence;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The manifest's {@code producer} block (docs/contract.md "Producer under test"): what stamped the
 * candidates, and for a producer under test how the judge found it. Absent members are left out.
 *
 * @param kind builtin, sql or exec
 * @param source the script's path or the command line (never a credential)
 * @param sha256 of the script's bytes, or of the command line's UTF-8 bytes
 * @param sandbox where an exec producer ran: bwrap, user or none (khotam.producer.sandbox)
 * @param verdict CONFORMS, DIVERGES or BREAKS_CONTRACT; null while the run is RUNNING or when it did not end COMPLETED
 * @param counts judged rows by judge code (a row with two codes counts under both)
 * @param rowsGiven the admitted, in-scope rows handed to the producer
 * @param rowsJudged rows with at least one judge code (the lines of dead-letter/producer.jsonl)
 * @param agreement per stage: reference outcome (passed, failed, not_run, already_stamped) by what the
 *                  producer did (stamped, unset, kept)
 * @param workspace the run's workspace schema and what became of it (sql only)
 * @param millis how long each part took: load, producer, judge
 * @param warnings what the run says of the producer though it ran (an empty script); absent when nothing
 * @param referenceFrom where a rerun took its reference from instead of inspecting the rows again; absent when it did not
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"kind", "source", "sha256", "sandbox", "verdict", "counts", "rows_given", "rows_judged", "window_started",
        "window_finished", "agreement", "workspace", "millis", "warnings", "reference_from"})
public record ProducerUsed(String kind, String source, String sha256, String sandbox, String verdict, Map<String, Long> counts,
                           @JsonProperty("rows_given") Long rowsGiven,
                           @JsonProperty("rows_judged") Long rowsJudged,
                           @JsonProperty("window_started") Instant windowStarted,
                           @JsonProperty("window_finished") Instant windowFinished,
                           Map<String, Map<String, Map<String, Long>>> agreement,
                           WorkspaceUsed workspace,
                           Map<String, Long> millis,
                           List<String> warnings,
                           @JsonProperty("reference_from") ReferenceFrom referenceFrom) {

    /** The run's verdicts: no judged row; disagreement with the reference only; a row that breaks the contract. */
    public static final String CONFORMS = "CONFORMS";
    public static final String DIVERGES = "DIVERGES";
    public static final String BREAKS_CONTRACT = "BREAKS_CONTRACT";

    public static final ProducerUsed BUILTIN = new ProducerUsed("builtin", null, null, null, null, null, null, null, null,
            null, null, null, null, null, null);

    public boolean builtin() {
        return "builtin".equals(kind);
    }

    /** The same block with the run's workspace as it now stands. */
    public ProducerUsed withWorkspace(WorkspaceUsed now) {
        return new ProducerUsed(kind, source, sha256, sandbox, verdict, counts, rowsGiven, rowsJudged, windowStarted,
                windowFinished, agreement, now, millis, warnings, referenceFrom);
    }

    /** The same block, its reference taken from another run. */
    public ProducerUsed withReferenceFrom(ReferenceFrom from) {
        return new ProducerUsed(kind, source, sha256, sandbox, verdict, counts, rowsGiven, rowsJudged, windowStarted,
                windowFinished, agreement, workspace, millis, warnings, from);
    }

    /**
     * The reference a rerun reused (docs/contract.md "Rerun"): the run it came from, which of its files
     * (its own evidence/reference.jsonl, or its candidates and dead letters), and the sha256 of the
     * reference this run holds; check holds the two to it.
     */
    public record ReferenceFrom(@JsonProperty("run_id") String runId, String from, String sha256) {
        public static final String REFERENCE_FILE = "evidence/reference.jsonl";
        public static final String CANDIDATES = "candidates and dead letters";
    }

    /**
     * A run's schema in the workspace database.
     *
     * @param database where (host, port and database; never a user or password)
     * @param state created, kept (--keep-workspace), dropped, or left (it could not be dropped; delete drops it)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record WorkspaceUsed(String database, String schema, String state) {
        public static final String CREATED = "created";
        public static final String KEPT = "kept";
        public static final String DROPPED = "dropped";
        public static final String LEFT = "left";

        public WorkspaceUsed in(String newState) {
            return new WorkspaceUsed(database, schema, newState);
        }
    }
}
