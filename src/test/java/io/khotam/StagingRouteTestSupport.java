package io.khotam;

import io.khotam.evidence.RunIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.wiring.KhotamConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.io.TempDir;
import org.apache.camel.CamelContext;

/**
 * Starts kho-tam as the application does (KhotamConfiguration, the real routes/*.camel.yaml of the
 * repository, never a copy) on a temporary home per test, with polling timings shrunk through the
 * same placeholders production uses. Files are dropped as a producer would: x.part, then renamed.
 */
public abstract class StagingRouteTestSupport extends CamelMainTestSupport {

    protected static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    protected Path home;

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        KhotamConfiguration.bootstrap(configuration, "file:routes/*.camel.yaml");
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        // set here, not in configureContext: that runs in the constructor, before @TempDir is injected
        Properties properties = new Properties();
        properties.setProperty("khotam.home", home.toString());
        properties.setProperty("khotam.inbox.delay", "50");
        properties.setProperty("khotam.inbox.read-lock-check-interval", "50");
        properties.setProperty("khotam.inbox.read-lock-min-age", "100");
        properties.setProperty("khotam.inbox.read-lock-timeout", "5000");
        properties.setProperty("khotam.parser.max-file-bytes", String.valueOf(1 << 20));
        properties.setProperty("khotam.proof.interval", "300ms"); // a run's production proof closes within a second
        properties.setProperty("khotam.proof.check-interval", "100");
        moreProperties(properties);
        camelContextConfiguration().withUseOverridePropertiesWithPropertiesComponent(properties);
        return super.createCamelContext();
    }

    /** A test class may change a property before the context starts. */
    protected void moreProperties(Properties properties) {
    }

    protected Path inbox() {
        return home.resolve("inbox");
    }

    protected Path staging() {
        return home.resolve("staging");
    }

    /** Drops one file and waits until its run has ended; returns that run. */
    protected RunDir dropAndAwait(String name, String content) {
        drop(name, content);
        return awaitRunFor(name);
    }

    /** Waits until the run holding this input has ended and the shared digest after it has closed its production proof. */
    protected RunDir awaitRunFor(String inputName) {
        await().atMost(Duration.ofSeconds(20)).until(() -> runs().stream().anyMatch(run ->
                Files.exists(run.dir.resolve("input").resolve(inputName)) && run.has("evidence/manifest.json")
                        && !run.status().equals("RUNNING") && !run.manifest().path("production").path("pending").asBoolean()));
        return onlyRunFor(inputName);
    }

    /** Waits until the run holding this input has written its final manifest (its proof may still wait for a digest). */
    protected RunDir awaitEndOf(String inputName) {
        await().atMost(Duration.ofSeconds(20)).until(() -> runs().stream().anyMatch(run ->
                Files.exists(run.dir.resolve("input").resolve(inputName)) && run.has("evidence/manifest.json")
                        && !run.status().equals("RUNNING")));
        return onlyRunFor(inputName);
    }

    /** Writes name.part, then renames it: the producer convention of docs/contract.md. */
    protected void drop(String name, String content) {
        drop(name, content.getBytes(StandardCharsets.UTF_8));
    }

    protected void drop(String name, byte[] content) {
        try {
            Files.createDirectories(inbox());
            Path part = inbox().resolve(name + ".part");
            Files.write(part, content);
            Files.move(part, inbox().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected List<RunDir> runs() {
        if (!Files.isDirectory(staging())) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(staging())) {
            return dirs.filter(d -> RunIds.is(d.getFileName().toString()))
                    .sorted().map(RunDir::new).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected RunDir onlyRunFor(String inputName) {
        List<RunDir> matching = runs().stream().filter(r -> Files.exists(r.dir.resolve("input").resolve(inputName))).toList();
        assertThat(matching).as("runs holding %s", inputName).hasSize(1);
        return matching.get(0);
    }

    /** A JSONL document of the given rows, one per line. */
    protected static String jsonl(Object... rows) {
        StringBuilder text = new StringBuilder();
        for (Object row : rows) {
            text.append(row instanceof String s ? s : write(row)).append('\n');
        }
        return text.toString();
    }

    protected static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Read access to one run directory's outputs. */
    public static final class RunDir {
        public final Path dir;

        public RunDir(Path dir) {
            this.dir = dir;
        }

        public String id() {
            return dir.getFileName().toString();
        }

        public JsonNode manifest() {
            return read("evidence/manifest.json");
        }

        /** RUNNING until the run has a manifest: the claim creates the directory an instant before writing it. */
        public String status() {
            return has("evidence/manifest.json") ? manifest().path("status").asText() : "RUNNING";
        }

        public JsonNode counts() {
            return manifest().path("counts");
        }

        public JsonNode read(String relative) {
            try {
                return JSON.readTree(dir.resolve(relative).toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public boolean has(String relative) {
            return Files.exists(dir.resolve(relative));
        }

        /** The lines of a JSONL output; none when the file does not exist. */
        public List<JsonNode> lines(String relative) {
            Path file = dir.resolve(relative);
            if (!Files.exists(file)) {
                return List.of();
            }
            try (Stream<String> lines = Files.lines(file)) {
                return lines.map(line -> {
                    try {
                        return JSON.readTree(line);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public List<JsonNode> candidates() {
            return lines("candidates/candidates.jsonl");
        }

        public List<JsonNode> deadLetters(String stage) {
            return lines("dead-letter/" + stage + ".jsonl");
        }
    }
}
