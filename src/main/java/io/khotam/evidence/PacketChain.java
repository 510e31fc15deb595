package io.khotam.evidence;

import io.khotam.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The manifest's {@code packets}: how many candidate packets a run wrote and the SHA-256 of every
 * {@code packet_hash} in file order, each followed by one newline. With the input's and the
 * rule-set's sha256 in the same manifest, it binds every packet to what it judged and the rules.
 */
public final class PacketChain {

    private final MessageDigest digest = Sha256.digest();
    private long count;
    private Manifest.Packets sealed;

    public void add(String packetHash) {
        if (sealed != null) {
            throw new IllegalStateException("the packet chain is sealed; no packet is added after the run ended");
        }
        digest.update((packetHash + "\n").getBytes(StandardCharsets.US_ASCII));
        count++;
    }

    /** The chain's value; the digest is read once, so the report and the final manifest see the same. */
    public Manifest.Packets seal() {
        if (sealed == null) {
            sealed = new Manifest.Packets(count, Sha256.hex(digest));
        }
        return sealed;
    }
}
