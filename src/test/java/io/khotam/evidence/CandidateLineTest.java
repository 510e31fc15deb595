package io.khotam.evidence;

import static io.khotam.Gens.qt;
import static io.khotam.Gens.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.Stage;
import io.khotam.inspection.Row;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * A candidate line is written from its parts in one pass: what is written is the packet of
 * docs/contract.md (its keys in the contract's order), and its packet_hash is the one the packet
 * built as a tree gives (the form `check` recomputes), whatever the strings and values hold.
 */
class CandidateLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Gen<String> TEXT = text('\u0000', '\u0080', "€\u2028\uD83D\uDE00é\"\\/", 0, 10);
    private static final Gen<String> MAYBE = TEXT.mix(Generate.constant((String) null), 30);

    @Test
    void theLineIsThePacketAndItsHashIsTheTreesHash() {
        // a row read from JSON holds no NaN or infinity
        qt(1000).forAll(CanonicalJsonTest.object(2).assuming(CandidateLineTest::finite), TEXT, MAYBE, MAYBE)
                .checkAssert((rowData, runId, entityCode, stamp) -> writtenFromParts(rowData, runId, entityCode, stamp));
    }

    private static void writtenFromParts(JsonNode rowData, String runId, String entityCode, String stamp) {
        try {
                    String[] stamps = {stamp, entityCode, runId.isEmpty() ? null : runId};
                    Row.Verdict[] all = Row.Verdict.values();
                    Row.Verdict[] verdicts = {all[Math.floorMod(runId.hashCode(), 4)], all[runId.length() % 4],
                            all[Math.floorMod(rowData.hashCode(), 4)]};
                    int row = Math.floorMod(runId.hashCode(), 1_000_000) + 1;
                    StringWriter written = new StringWriter();
                    try (JsonGenerator out = JSON.getFactory().createGenerator(written)) {
                        new OutputLines().candidate(out, runId, row, entityCode, rowData, stamps, verdicts,
                                CandidatePacket.hash(runId, row, entityCode, rowData, stamps, verdicts));
                    }
                    ObjectNode line = (ObjectNode) JSON.readTree(written.toString());
                    assertThat(iterable(line)).containsExactly("marker", "designation", "run_id", "candidate_id",
                            "row", "entity_code", "row_data", "inspect_pen", "inspect_stamp", "inspect_gate", "verdicts",
                            "packet_hash");
                    String hash = line.remove(CandidatePacket.HASH).textValue();
                    assertThat(hash).isEqualTo(CandidatePacket.hash(line));
                    assertThat(CanonicalJson.of(line.path("row_data"))).isEqualTo(CanonicalJson.of(rowData));
                    assertThat(line.path("inspect_stamp").isNull() ? null : line.path("inspect_stamp").textValue()).isEqualTo(entityCode);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void linesReachTheFileABufferAtATimeNotOneWriteEach() throws Exception {
        // Jackson flushes after each tree it writes unless told not to: a write call per row (and mid-line)
        ObjectNode rowData = JSON.createObjectNode().put("entity_code", "FLORA-000001").put("status", "active");
        String[] stamps = {"2026-12-04T01:00:00.000001Z", null, null};
        Row.Verdict[] verdicts = {Row.Verdict.PASSED, Row.Verdict.FAILED, Row.Verdict.NOT_RUN};
        int[] writes = {0};
        OutputStream file = new OutputStream() {
            @Override public void write(int b) { writes[0]++; }
            @Override public void write(byte[] b, int off, int len) { writes[0]++; }
        };
        OutputLines lines = new OutputLines();
        try (JsonGenerator out = JSON.getFactory().createGenerator(file)) {
            for (int row = 1; row <= 1000; row++) {
                lines.candidate(out, "20261204-010000-00000000", row, "FLORA-000001", rowData, stamps, verdicts, "a hash");
                lines.deadLetter(out, "20261204-010000-00000000", Stage.STAMP, row, List.of(), rowData, Instant.EPOCH);
            }
        }
        assertThat(writes[0]).as("2,000 lines of about 400 bytes through an 8,000-byte buffer").isBetween(1, 150);
    }

    private static boolean finite(JsonNode node) {
        if (node.isContainerNode()) {
            for (JsonNode value : node) {
                if (!finite(value)) {
                    return false;
                }
            }
            return true;
        }
        return !node.isNumber() || Double.isFinite(node.doubleValue());
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
