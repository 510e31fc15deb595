package io.khotam.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.Sha256;
import io.khotam.inspection.Row;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A candidate line as a packet (docs/contract.md "Candidate packet"): {@code packet_hash} is the
 * SHA-256 of the RFC 8785 canonical JSON of the line without its {@code packet_hash}, so it binds
 * the run, the row, the values judged, every stamp and every verdict.
 */
public final class CandidatePacket {

    public static final String HASH = "packet_hash";

    // one per writing thread, used packet after packet: a new builder per line, grown past 512 chars
    // for most rows, was about a tenth of what a run allocated, and G1 grew the heap for it
    private static final ThreadLocal<StringBuilder> CANONICAL = ThreadLocal.withInitial(() -> new StringBuilder(1024));
    private static final int KEPT_CAPACITY = 1 << 16; // a huge row's builder is not kept

    private CandidatePacket() {}

    /** @param packet the candidate without its hash */
    public static String hash(ObjectNode packet) throws IOException {
        return Sha256.hex(CanonicalJson.of(packet).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The same hash from the candidate's parts, as {@link #hash(ObjectNode)} gives for the packet
     * built of them, without building it: the packet's own keys in their canonical (sorted) order,
     * each value in canonical form.
     *
     * @param stamps and verdicts: PEN, STAMP, GATE in that order
     */
    public static String hash(String runId, int row, String entityCode, JsonNode rowData, String[] stamps,
                              Row.Verdict[] verdicts) throws IOException {
        StringBuilder canonical = CANONICAL.get();
        canonical.setLength(0);
        canonical.append("{\"candidate_id\":");
        CanonicalJson.string(runId + "/" + row, canonical);
        canonical.append(",\"designation\":\"candidate\",\"entity_code\":");
        CanonicalJson.stringOrNull(entityCode, canonical);
        canonical.append(",\"inspect_gate\":");
        CanonicalJson.stringOrNull(stamps[2], canonical);
        canonical.append(",\"inspect_pen\":");
        CanonicalJson.stringOrNull(stamps[0], canonical);
        canonical.append(",\"inspect_stamp\":");
        CanonicalJson.stringOrNull(stamps[1], canonical);
        canonical.append(",\"marker\":");
        CanonicalJson.string(OutputLines.MARKER, canonical);
        canonical.append(",\"row\":").append(row).append(",\"row_data\":");
        CanonicalJson.write(rowData == null ? NullNode.getInstance() : rowData, canonical);
        canonical.append(",\"run_id\":");
        CanonicalJson.string(runId, canonical);
        canonical.append(",\"verdicts\":{\"gate\":\"").append(verdicts[2].name()).append("\",\"pen\":\"")
                .append(verdicts[0].name()).append("\",\"stamp\":\"").append(verdicts[1].name()).append("\"}}");
        String text = canonical.toString();
        if (canonical.capacity() > KEPT_CAPACITY) {
            CANONICAL.remove();
        }
        return Sha256.hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
