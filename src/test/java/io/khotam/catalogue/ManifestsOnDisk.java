package io.khotam.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The brute force the catalogue is held to: every manifest under a staging root read as plain JSON,
 * newest first, by the test's own reading of docs/contract.md (not the catalogue's code).
 */
public final class ManifestsOnDisk {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Run(String id, Instant started, JsonNode m) {
        public String status() {
            return m.path("status").asText();
        }

        public String verdict() {
            return m.path("producer").path("verdict").isTextual() ? m.path("producer").path("verdict").asText() : null;
        }

        public String proof() {
            JsonNode p = m.path("production");
            if (!p.path("configured").asBoolean(false)) {
                return "not-configured";
            }
            if (p.path("pending").asBoolean(false)) {
                return "pending";
            }
            return !p.path("untouched").isBoolean() ? "unproven" : p.path("untouched").asBoolean() ? "untouched" : "touched";
        }

        public String input() {
            return m.path("input").path("file").asText();
        }

        public String node() {
            return m.path("owner").path("node").asText();
        }

        public String ruleset() {
            return m.path("ruleset").path("id").asText();
        }

        public boolean attention() {
            return List.of("FAILED", "REJECTED", "INTERRUPTED").contains(status()) || "BREAKS_CONTRACT".equals(verdict())
                    || proof().equals("touched") || proof().equals("unproven");
        }
    }

    private ManifestsOnDisk() {}

    /** Every run with a manifest, newest first (start time, then run id). */
    public static List<Run> newestFirst(Path stagingRoot) throws IOException {
        List<Run> runs = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(stagingRoot)) {
            dirs.filter(d -> d.getFileName().toString().matches("[0-9]{8}-[0-9]{6}-[0-9a-f]{8}"))
                    .forEach(d -> {
                        Path manifest = d.resolve("evidence/manifest.json");
                        if (Files.isRegularFile(manifest)) {
                            try {
                                JsonNode m = JSON.readTree(manifest.toFile());
                                runs.add(new Run(d.getFileName().toString(), Instant.parse(m.path("started_at").asText()), m));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                    });
        }
        runs.sort(Comparator.comparing(Run::started).thenComparing(Run::id).reversed());
        return runs;
    }
}
