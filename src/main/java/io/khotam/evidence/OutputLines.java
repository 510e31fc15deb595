package io.khotam.evidence;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.CheckCode;
import io.khotam.FailedCheck;
import io.khotam.Stage;
import io.khotam.inspection.Row;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** The line shapes of docs/contract.md "Output: one run directory", written straight to a generator (no per-row maps). */
public final class OutputLines {

    public static final String MARKER = "STAGING";

    private final ObjectMapper mapper;

    public OutputLines(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Writes the candidate packet; @return its packet_hash */
    public String candidate(JsonGenerator out, String runId, Row row) throws IOException {
        ObjectNode packet = mapper.createObjectNode();
        packet.put("marker", MARKER);
        packet.put("designation", "candidate");
        packet.put("run_id", runId);
        packet.put("candidate_id", runId + "/" + row.getRow());
        packet.put("row", row.getRow());
        packet.put("entity_code", row.entityCode());
        packet.set("row_data", row.received().asReceived());
        packet.put("inspect_pen", row.candidateStamp(Stage.PEN));
        packet.put("inspect_stamp", row.candidateStamp(Stage.STAMP));
        packet.put("inspect_gate", row.candidateStamp(Stage.GATE));
        ObjectNode verdicts = packet.putObject("verdicts");
        verdicts.put("pen", row.verdict(Stage.PEN).name());
        verdicts.put("stamp", row.verdict(Stage.STAMP).name());
        verdicts.put("gate", row.verdict(Stage.GATE).name());
        String hash = CandidatePacket.hash(packet);
        packet.put(CandidatePacket.HASH, hash);
        mapper.writeTree(out, packet);
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
        out.writeArrayFieldStart("checks");
        for (FailedCheck check : checks) {
            out.writeStartObject();
            out.writeStringField("code", check.code().name());
            out.writeStringField("field", check.field());
            out.writeStringField("message", check.message());
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeFieldName("row_data");
        if (rowData == null) {
            out.writeNull();
        } else {
            mapper.writeTree(out, rowData);
        }
        out.writeStringField("at", at.toString());
        out.writeEndObject();
    }

    public void skipped(JsonGenerator out, String runId, int row, CheckCode code) throws IOException {
        out.writeStartObject();
        out.writeStringField("run_id", runId);
        out.writeNumberField("row", row);
        out.writeStringField("code", code.name());
        out.writeEndObject();
    }
}
