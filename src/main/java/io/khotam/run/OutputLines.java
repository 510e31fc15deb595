package io.khotam.run;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Check;
import io.khotam.CheckCode;
import io.khotam.Stage;
import io.khotam.inspection.Row;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** The line shapes of docs/contract.md "Output: one run directory", written straight to a generator (no per-row maps). */
final class OutputLines {

    static final String MARKER = "STAGING";

    private final ObjectMapper mapper;

    OutputLines(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void candidate(JsonGenerator out, String runId, Row row) throws IOException {
        out.writeStartObject();
        out.writeStringField("marker", MARKER);
        out.writeStringField("designation", "candidate");
        out.writeStringField("run_id", runId);
        out.writeNumberField("row", row.getRow());
        out.writeStringField("entity_code", row.entityCode());
        out.writeStringField("inspect_pen", row.candidateStamp(Stage.PEN));
        out.writeStringField("inspect_stamp", row.candidateStamp(Stage.STAMP));
        out.writeStringField("inspect_gate", row.candidateStamp(Stage.GATE));
        out.writeObjectFieldStart("verdicts");
        out.writeStringField("pen", row.verdict(Stage.PEN).name());
        out.writeStringField("stamp", row.verdict(Stage.STAMP).name());
        out.writeStringField("gate", row.verdict(Stage.GATE).name());
        out.writeEndObject();
        out.writeEndObject();
    }

    void deadLetter(JsonGenerator out, String runId, Stage stage, Integer row, List<Check> checks, JsonNode rowData,
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
        for (Check check : checks) {
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

    void skipped(JsonGenerator out, String runId, int row, CheckCode code) throws IOException {
        out.writeStartObject();
        out.writeStringField("run_id", runId);
        out.writeNumberField("row", row);
        out.writeStringField("code", code.name());
        out.writeEndObject();
    }
}
