package io.khotam.run;

import com.fasterxml.jackson.databind.JsonNode;
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

    public static final String PATH = "evidence/manifest.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Manifests() {}

    /** @param manifest a {@link Manifest}, or a manifest tree being amended */
    static void write(Path runDir, Object manifest) throws IOException {
        Path target = runDir.resolve(PATH); // evidence/ exists from the claim on: a removed run is never recreated
        Path temp = target.resolveSibling(".manifest.json.tmp");
        byte[] bytes = MAPPER.writeValueAsBytes(manifest);
        try (var channel = java.nio.channels.FileChannel.open(temp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(bytes));
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** @return the manifest of a run directory as a tree (tolerant of fields added later), or null if absent */
    public static JsonNode read(Path runDir) throws IOException {
        Path file = runDir.resolve(PATH);
        return Files.isRegularFile(file) ? MAPPER.readTree(file.toFile()) : null;
    }
}
