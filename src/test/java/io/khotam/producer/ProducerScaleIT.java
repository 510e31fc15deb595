package io.khotam.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.khotam.KhotamProcess;
import io.khotam.bench.Fixtures;
import io.khotam.check.RunChecker;
import io.khotam.evidence.Manifest;
import io.khotam.intake.InputFormat;
import io.khotam.store.RunCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference SQL producer on 100,000 rows of every kind (the bench's mix) in a real process
 * under -Xmx256m with its embedded workspace: not one false positive, and a run `check` passes.
 */
class ProducerScaleIT {

    private static final int ROWS = 100_000;

    @TempDir
    Path home;

    @Test
    void theReferenceProducerConformsOnAHundredThousandMixedRows() throws Exception {
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Path part = inbox.resolve("mixed.jsonl.part");
        Fixtures.write(part, ROWS, InputFormat.JSONL);
        Files.move(part, inbox.resolve("mixed.jsonl"));

        try (KhotamProcess run = KhotamProcess.start("ProducerScaleIT", "--home", home.toString(), "--no-registry", "run",
                "--once", "--producer", "sql:" + Path.of("examples/producers/reference.sql").toAbsolutePath())) {
            assertThat(run.waitFor(300)).as(run.log()).isZero();
        }
        RunCatalog.Entry entry = new RunCatalog(home.resolve("staging")).list().get(0);
        Manifest m = entry.manifest();
        assertThat(m.status().name()).isEqualTo("COMPLETED");
        assertThat(m.producer().verdict()).isEqualTo("CONFORMS");
        assertThat(m.producer().rowsGiven()).isEqualTo(m.counts().admitted());
        assertThat(m.counts().scanned()).isEqualTo(ROWS);
        assertThat(m.counts().pen().failed() + m.counts().stamp().failed() + m.counts().gate().failed())
                .as("the mix fails rows at every stage").isGreaterThan(0);
        assertThat(entry.dir().resolve("dead-letter/producer.jsonl")).doesNotExist();
        assertThat(RunChecker.check(entry, v -> { }).conforms()).isTrue();
    }
}
