package io.khotam.edges;

import static org.assertj.core.api.Assertions.assertThat;

import io.khotam.StagingRouteTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * Producers on the bundled samples and on the edge rows, through the real routes. A subclass names
 * the kind of producer (sql, exec); each scenario writes the producer's file, then drops inputs.
 */
abstract class ProducersOnEdges extends StagingRouteTestSupport {

    static final List<String> SAMPLES = List.of("flora-sample.json", "fauna-sample.jsonl", "wrapped-sample.json");

    Path producer;
    private int drops;

    /** The producer property's value for the producer file, e.g. "sql:" + file. */
    abstract String producerOption(Path file);

    /** The producer file's name. */
    abstract String fileName();

    @Override
    protected void moreProperties(Properties properties) {
        // where any user may read it: an exec producer under root runs as a user of its own
        producer = Path.of("target", "edge-producers", UUID.randomUUID() + "-" + fileName()).toAbsolutePath();
        try {
            Files.createDirectories(producer.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(producer, "");
        properties.setProperty("khotam.producer", producerOption(producer));
        properties.setProperty("khotam.producer.timeout", "60s");
        properties.setProperty("khotam.parser.max-file-bytes", String.valueOf(1 << 22));
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String example(String name) {
        try {
            return Files.readString(Path.of("examples", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The producer's verdict on one input file, dropped under a name of its own. */
    String verdictOn(String producerText, String exampleFile) {
        write(producer, producerText);
        String name = (drops++) + "-" + exampleFile;
        RunDir run = dropAndAwait(name, example(exampleFile));
        assertThat(run.status()).as("%s: %s", exampleFile, run.manifest().path("reason").asText()).isEqualTo("COMPLETED");
        return run.manifest().path("producer").path("verdict").asText();
    }

    /** A subtly wrong producer: conforms on every bundled sample, is found out by the edge rows. */
    void conformsOnTheSamplesButNotOnTheEdges(String producerText) {
        for (String sample : SAMPLES) {
            assertThat(verdictOn(producerText, sample)).as(sample).isEqualTo("CONFORMS");
        }
        assertThat(verdictOn(producerText, "edge-rows.jsonl")).isIn("DIVERGES", "BREAKS_CONTRACT");
    }
}
