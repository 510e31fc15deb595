package io.khotam.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a manifest atomically (temp file, rename), so a reader never sees half of one; forced to
 * disk before the rename wherever a crash must not lose it (a run's first manifest, and its end).
 */
public final class Manifests {


    private static final ObjectMapper MAPPER = Json.MANIFEST;

    private Manifests() {}

    public static void write(Path runDir, Manifest manifest) throws IOException {
        write(runDir, manifest, true);
    }

    /**
     * A RUNNING manifest replaced by one that says more of the same run (its rule-set, the start of
     * its proof), not forced: a crash before the system writes it back leaves the one it replaces
     * (the filesystem writes a file renamed over another before the rename), which recovery reads
     * the same way.
     */
    public static void update(Path runDir, Manifest manifest) throws IOException {
        write(runDir, manifest, false);
    }

    /**
     * A run's last manifest, written over the room kept for it since its claim ({@link ManifestReserve})
     * and renamed into place: it needs no new space, so it is written even on a full disk (and no
     * file is made or removed for it). Without a room (already used), as {@link #write}.
     */
    public static void writeFinal(Path runDir, Manifest manifest) throws IOException {
        Path room = runDir.resolve(RunLayout.MANIFEST_RESERVE);
        if (!Files.isRegularFile(room, LinkOption.NOFOLLOW_LINKS)) {
            write(runDir, manifest);
            return;
        }
        ByteBuffer bytes = ByteBuffer.wrap(MAPPER.writeValueAsBytes(manifest));
        try (FileChannel channel = FileChannel.open(room, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes, bytes.position());
            }
            channel.truncate(bytes.limit());
            channel.force(true);
        }
        Files.move(room, runDir.resolve(RunLayout.MANIFEST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void write(Path runDir, Manifest manifest, boolean force) throws IOException {
        Path target = runDir.resolve(RunLayout.MANIFEST); // evidence/ exists from the claim on: a removed run is never recreated
        // a name of its own: two writers of one run's manifest (nodes closing its proof) never write into each other's bytes
        Path temp = target.resolveSibling(".manifest.json." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        byte[] bytes = MAPPER.writeValueAsBytes(manifest);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (force) {
                    channel.force(true);
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp); // a manifest cut short (a full disk) is not left beside the run's files
            throw e;
        }
    }

    /** @return the manifest of a run directory (fields added later are ignored), or null if absent */
    public static Manifest read(Path runDir) throws IOException {
        Path file = runDir.resolve(RunLayout.MANIFEST);
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? MAPPER.readValue(file.toFile(), Manifest.class) : null;
    }

    /** The manifest's bytes as stored, for `show --json`. */
    public static byte[] bytes(Path runDir) throws IOException {
        return Files.readAllBytes(runDir.resolve(RunLayout.MANIFEST));
    }
}
