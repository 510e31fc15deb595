package io.khotam.evidence;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.CheckCode;
import io.khotam.FailedCheck;
import io.khotam.Json;
import io.khotam.Stage;
import io.khotam.inspection.Row;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** The line shapes of docs/contract.md "Output: one run directory", written straight to a generator (no per-row maps). */
public final class OutputLines {

    public static final String MARKER = "STAGING";

    // without Jackson's flush after each tree it writes, which made every line (mid-line) a write call of its own
    private final ObjectMapper mapper = Json.LINES;

    /** Writes the candidate packet; @return its packet_hash */
    public String candidate(JsonGenerator out, String runId, Row row) throws IOException {
        String entityCode = row.entityCode();
        JsonNode rowData = row.received().asReceived();
        String[] stamps = {row.candidateStamp(Stage.PEN), row.candidateStamp(Stage.STAMP), row.candidateStamp(Stage.GATE)};
        Row.Verdict[] verdicts = {row.verdict(Stage.PEN), row.verdict(Stage.STAMP), row.verdict(Stage.GATE)};
        return candidate(out, runId, row.getRow(), entityCode, rowData, stamps, verdicts,
                CandidatePacket.hash(runId, row.getRow(), entityCode, rowData, stamps, verdicts));
    }

    /**
     * Writes a candidate packet from its parts (a producer run's: the producer's stamps and the verdicts read from them).
     *
     * @param stamps and verdicts: PEN, STAMP, GATE in that order
     * @param hash its packet_hash, {@link CandidatePacket#hash} of the same parts
     * @return that hash
     */
    public String candidate(JsonGenerator out, String runId, int row, String entityCode, JsonNode rowData, String[] stamps,
                            Row.Verdict[] verdicts, String hash) throws IOException {
        out.writeStartObject();
        out.writeStringField("marker", MARKER);
        out.writeStringField("designation", "candidate");
        out.writeStringField("run_id", runId);
        out.writeStringField("candidate_id", runId + "/" + row);
        out.writeNumberField("row", row);
        out.writeStringField("entity_code", entityCode);
        out.writeFieldName("row_data");
        if (rowData == null) {
            out.writeNull();
        } else {
            mapper.writeTree(out, rowData);
        }
        out.writeStringField("inspect_pen", stamps[0]);
        out.writeStringField("inspect_stamp", stamps[1]);
        out.writeStringField("inspect_gate", stamps[2]);
        out.writeObjectFieldStart("verdicts");
        out.writeStringField("pen", verdicts[0].name());
        out.writeStringField("stamp", verdicts[1].name());
        out.writeStringField("gate", verdicts[2].name());
        out.writeEndObject();
        out.writeStringField(CandidatePacket.HASH, hash);
        out.writeEndObject();
        return hash;
    }

    public void deadLetter(JsonGenerator out, String runId, Stage stage, Integer row, List<FailedCheck> checks, JsonNode rowData,
                    Instant at) throws IOException {
        out.writeStartObject();
        out.writeStringField("marker", MARKER);
        out.writeStringField("run_id", runId);
        out.writeStringField("stage", stage.fileName());
        if (row == null) {
            out.writeNullField("row");
        } else {
            out.writeNumberField("row", row);
        }
        writeChecks(out, checks);
        out.writeFieldName("row_data");
        if (rowData == null) {
            out.writeNull();
        } else {
            mapper.writeTree(out, rowData);
        }
        out.writeStringField("at", at.toString());
        out.writeEndObject();
    }

    /**
     * A producer run's reference line: what the built-in inspectors found on a row the producer is
     * given (its verdicts, and the checks of the stage it failed, if any), with the row as received.
     */
    public void reference(JsonGenerator out, Row row, Stage failedStage, List<FailedCheck> checks) throws IOException {
        out.writeStartObject();
        out.writeNumberField("row", row.getRow());
        out.writeObjectFieldStart("verdicts");
        out.writeStringField("pen", row.verdict(Stage.PEN).name());
        out.writeStringField("stamp", row.verdict(Stage.STAMP).name());
        out.writeStringField("gate", row.verdict(Stage.GATE).name());
        out.writeEndObject();
        out.writeStringField("stage", failedStage == null ? null : failedStage.fileName());
        writeChecks(out, checks);
        out.writeFieldName("row_data");
        mapper.writeTree(out, row.received().asReceived());
        if (row.received().probe() != null) {
            out.writeStringField("probe", row.received().probe());
        }
        out.writeEndObject();
    }

    /** A line of dead-letter/producer.jsonl, built by the judge. */
    public void judged(JsonGenerator out, ObjectNode line) throws IOException {
        mapper.writeTree(out, line);
    }

    private static void writeChecks(JsonGenerator out, List<FailedCheck> checks) throws IOException {
        out.writeArrayFieldStart("checks");
        for (FailedCheck check : checks) {
            out.writeStartObject();
            out.writeStringField("code", check.code().name());
            out.writeStringField("field", check.field());
            out.writeStringField("message", check.message());
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    public void skipped(JsonGenerator out, String runId, int row, CheckCode code) throws IOException {
        out.writeStartObject();
        out.writeStringField("run_id", runId);
        out.writeNumberField("row", row);
        out.writeStringField("code", code.name());
        out.writeEndObject();
    }
}
