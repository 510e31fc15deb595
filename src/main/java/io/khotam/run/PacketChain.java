package io.khotam.run;

import io.khotam.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The manifest's {@code packets}: how many candidate packets a run wrote and the SHA-256 of every
 * {@code packet_hash} in file order, each followed by one newline. With the input's and the
 * rule-set's sha256 in the same manifest, it binds every packet to what it judged and the rules.
 */
final class PacketChain {

    private final MessageDigest digest = Sha256.digest();
    private long count;

    void add(String packetHash) {
        digest.update((packetHash + "\n").getBytes(StandardCharsets.US_ASCII));
        count++;
    }

    Manifest.Packets seal() {
        return new Manifest.Packets(count, Sha256.hex(digest));
    }
}
