package io.khotam.run;

import io.khotam.Rows;
import io.khotam.evidence.RunStatus;
import io.khotam.intake.ParserLimits;
import io.khotam.intake.RowSource;
import io.khotam.run.claim.ClaimFailures;
import io.khotam.run.claim.InboxClaim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run that stops reading part-way (a fault, or a shutdown ending it) counts only the rows the
 * route took, not those read ahead, and closing its rows stops the reader thread, which would
 * otherwise wait forever with the input open.
 */
class RunRowsTest {

    @TempDir
    Path home;

    @Test
    void aRunStoppedPartWayCountsTheRowsTakenAndItsReaderEnds() throws Exception {
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Rows.writeJsonl(inbox.resolve("rows.jsonl"), 5_000); // far more than the read-ahead holds
        StagingRun run = new InboxClaim(home.resolve("staging"), Clock.systemUTC(), new ClaimFailures())
                .claim(inbox.resolve("rows.jsonl").toString());
        RowSource source = new RowSource(new ParserLimits(1L << 30, 64, 1_000_000, 1000, 1024, 1 << 20, 1 << 20));

        RunRows.RowIterator rows = new RunRows(Clock.systemUTC(), Duration.ofDays(1), true)
                .rows(run, source.open(run.getInputFile()));
        for (int i = 1; i <= 10; i++) {
            assertThat(rows.next().getRow()).isEqualTo(i);
        }
        run.finish(RunStatus.INTERRUPTED, "stopped before the run finished", null, Instant.now()); // shutdown, under the route

        assertThat(rows.hasNext()).isFalse();
        assertThat(run.counts().scanned()).isEqualTo(10);
        assertThat(readerAlive(run)).as("the reader waits for room while rows are not taken").isTrue();
        rows.close();
        assertThat(readerAlive(run)).as("closing the rows ends the reader").isFalse();
    }

    @Test
    void aFileOfOneBatchIsReadOnTheRoutesOwnThread() throws Exception {
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Rows.writeJsonl(inbox.resolve("small.jsonl"), 10);
        StagingRun run = new InboxClaim(home.resolve("staging"), Clock.systemUTC(), new ClaimFailures())
                .claim(inbox.resolve("small.jsonl").toString());
        RowSource source = new RowSource(new ParserLimits(1L << 30, 64, 1_000_000, 1000, 1024, 1 << 20, 1 << 20));

        try (RunRows.RowIterator rows = new RunRows(Clock.systemUTC(), Duration.ofDays(1), true)
                .rows(run, source.open(run.getInputFile()))) {
            assertThat(readerAlive(run)).as("no thread for a file the reader would read as one batch").isFalse();
            for (int i = 1; i <= 10; i++) {
                assertThat(rows.next().getRow()).isEqualTo(i);
            }
            assertThat(rows.hasNext()).isFalse();
        }
        assertThat(run.counts().scanned()).isEqualTo(10);
    }

    private static boolean readerAlive(StagingRun run) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("kho-tam rows of " + run.getId()) && t.isAlive());
    }
}
