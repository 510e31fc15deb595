package io.khotam.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.khotam.KhotamProcess;
import io.khotam.Rows;
import io.khotam.store.RunCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A million rows that all fail, through the packaged jar in a 256 MB heap: every one a dead letter, nothing lost. */
class MillionFailingRowsIT {

    @TempDir
    Path home;

    @Test
    void everyRowIsADeadLetterAndTheRunCompletes() throws Exception {
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Map<String, Object> failing = Rows.with("collection_name", "mushrooms"); // fails PEN: COLLECTION_UNKNOWN
        Path part = inbox.resolve("failing.jsonl.part");
        Rows.writeJsonl(part, 1_000_000, failing);
        Files.move(part, inbox.resolve("failing.jsonl"));

        try (KhotamProcess run = KhotamProcess.start("MillionFailingRowsIT", "--home", home.toString(), "--no-registry",
                "run", "--once")) {
            assertThat(run.waitFor(600)).as(run.log()).isZero();
        }
        RunCatalog.Entry entry = new RunCatalog(home.resolve("staging")).list().get(0);
        var counts = entry.manifest().counts();
        assertThat(entry.status()).isEqualTo("COMPLETED");
        assertThat(counts.scanned()).isEqualTo(1_000_000);
        assertThat(counts.deadLetters()).isEqualTo(1_000_000);
        assertThat(counts.pen().failed()).isEqualTo(1_000_000);
        assertThat(counts.deadLetterCodes().get("pen").get("COLLECTION_UNKNOWN")).isEqualTo(1_000_000);
        try (var lines = Files.lines(entry.dir().resolve("dead-letter/pen.jsonl"))) {
            assertThat(lines.count()).isEqualTo(1_000_000);
        }
    }
}
