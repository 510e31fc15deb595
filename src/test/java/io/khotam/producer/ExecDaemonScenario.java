package io.khotam.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.khotam.StagingRouteTestSupport;
import io.khotam.store.RunCatalog;
import io.khotam.store.RunVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An exec producer that exits 0 with its answers and leaves a child behind that goes on appending
 * to its stdout, the run's output file: in every sandbox mode the child is killed before the
 * answers are read, and nothing changes the run's files afterwards. A subclass names the mode.
 */
abstract class ExecDaemonScenario extends StagingRouteTestSupport {

    private Path program;

    abstract String sandbox();

    @Override
    protected void moreProperties(Properties properties) {
        // where any user id may read it: in mode user the producer runs as one of its own
        program = Path.of("target", "exec-daemon-" + UUID.randomUUID() + ".sh").toAbsolutePath();
        properties.setProperty("khotam.producer", "exec:sh " + program);
        properties.setProperty("khotam.producer.timeout", "20s");
        properties.setProperty("khotam.producer.sandbox", sandbox());
    }

    @Test
    void aChildLeftRunningIsKilledBeforeTheAnswersAreReadAndWritesNothingAfter() throws Exception {
        SqlProducerRouteTest.write(program, "python3 " + Path.of("examples/producers/reference.py").toAbsolutePath() + "\n"
                + "( sleep 0.5; while true; do echo '{\"row_no\": 999}'; sleep 0.1; done ) &\n"
                + "exit 0\n");
        RunDir run = dropAndAwait("sample.jsonl", SqlProducerRouteTest.mixedSample());

        assertThat(run.status()).as(run.manifest().path("reason").asText()).isEqualTo("COMPLETED");
        assertThat(run.manifest().path("producer").path("sandbox").asText()).isEqualTo(sandbox());
        Path output = run.dir.resolve("evidence/producer-output.jsonl");
        long size = Files.size(output);
        Thread.sleep(1_000); // the child would have appended ten lines by now
        assertThat(Files.size(output)).as("nothing appended after the run read it").isEqualTo(size);
        assertThat(RunVerifier.verify(new RunCatalog(staging()).find(run.id())).ok()).as("verify: files as the judge read them")
                .isTrue();
    }
}
