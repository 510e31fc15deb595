package io.khotam.evidence;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writes a manifest atomically (temp file, fsync, rename), so a reader never sees half of one. */
public final class Manifests {


    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // a manifest of a later version still reads
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Manifests() {}

    public static void write(Path runDir, Manifest manifest) throws IOException {
        Path target = runDir.resolve(RunLayout.MANIFEST); // evidence/ exists from the claim on: a removed run is never recreated
        Path temp = target.resolveSibling(".manifest.json.tmp");
        byte[] bytes = MAPPER.writeValueAsBytes(manifest);
        try (var channel = java.nio.channels.FileChannel.open(temp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(bytes));
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** @return the manifest of a run directory (fields added later are ignored), or null if absent */
    public static Manifest read(Path runDir) throws IOException {
        Path file = runDir.resolve(RunLayout.MANIFEST);
        return Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? MAPPER.readValue(file.toFile(), Manifest.class) : null;
    }

    /** The manifest's bytes as stored, for `show --json`. */
    public static byte[] bytes(Path runDir) throws IOException {
        return Files.readAllBytes(runDir.resolve(RunLayout.MANIFEST));
    }
}
