package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;

/**
 * A row's outcome that cannot be recorded is a fault of the run: the split stops on it (the rows
 * after it are not read) and the run ends FAILED with that row as its reason, its input kept.
 * The candidate step is replaced by one that fails as a full disk would.
 */
class RowFaultTest extends StagingRouteTestSupport {

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    @Test
    void aCandidateThatCannotBeWrittenStopsTheRowsAndFailsTheRun() throws Exception {
        AdviceWith.adviceWith(context, "inspect-row", route -> route.weaveById("record-candidate").replace()
                .process(exchange -> {
                    throw new UncheckedIOException(new IOException("No space left on device"));
                }));
        context.start();

        // rows 1 and 2 fail STAMP (a dead letter and a candidate each, written); row 3 passes, and its candidate cannot be
        RunDir run = dropAndAwait("rows.jsonl", jsonl(Rows.with("status", "unknown"), Rows.with("status", "unknown"),
                Rows.valid("FLORA-000003"), Rows.valid("FLORA-000004"), Rows.valid("FLORA-000005")));

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.manifest().path("reason").asText()).contains("no space left");
        assertThat(run.manifest().path("detail").asText()).startsWith("row 3: ");
        assertThat(run.counts().path("scanned").asInt()).as("the split stopped at the fault").isEqualTo(3);
        assertThat(run.candidates()).extracting(c -> c.path("row").asInt()).containsExactly(1, 2);
        assertThat(run.deadLetters("stamp")).hasSize(2);
        assertThat(Files.exists(run.dir.resolve("input/rows.jsonl"))).as("the input is kept").isTrue();
    }
}
