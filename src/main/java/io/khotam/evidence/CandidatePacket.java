package io.khotam.evidence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A candidate line as a packet (docs/contract.md "Candidate packet"): {@code packet_hash} is the
 * SHA-256 of the RFC 8785 canonical JSON of the line without its {@code packet_hash}, so it binds
 * the run, the row, the values judged, every stamp and every verdict.
 */
public final class CandidatePacket {

    public static final String HASH = "packet_hash";

    private CandidatePacket() {}

    /** @param packet the candidate without its hash */
    public static String hash(ObjectNode packet) throws IOException {
        return Sha256.hex(CanonicalJson.of(packet).getBytes(StandardCharsets.UTF_8));
    }
}
