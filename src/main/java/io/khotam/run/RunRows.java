package io.khotam.run;

import io.khotam.inspection.Row;
import io.khotam.intake.RowStream;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows a run's splitter iterates: each is counted as scanned when it is read and arrives as a
 * {@link Row} under the run's rules. A long run logs its progress at an interval. Closing the
 * iterator closes the input.
 */
public class RunRows {

    private static final Logger LOG = LoggerFactory.getLogger(RunRows.class);

    private final Clock clock;
    private final long progressEveryNanos;

    /** @param progressInterval how often a long run logs its progress */
    public RunRows(Clock clock, Duration progressInterval) {
        this.clock = clock;
        this.progressEveryNanos = progressInterval.toNanos();
    }

    public RowIterator rows(StagingRun run, RowStream stream) {
        run.expectRows(stream.expectedRows());
        return new RowIterator(run, stream);
    }

    /** Lazily reads one run's rows; a run with a fault, or one ended under it (shutdown), stops reading. */
    public final class RowIterator implements Iterator<Row>, Closeable {
        private final StagingRun run;
        private final RowStream stream;
        private long lastProgressNanos = System.nanoTime();

        private RowIterator(StagingRun run, RowStream stream) {
            this.run = run;
            this.stream = stream;
        }

        @Override
        public boolean hasNext() {
            return !run.hasFaults() && !run.status().finished() && stream.hasNext();
        }

        @Override
        public Row next() {
            Row row = new Row(stream.next(), run.rules(), run.startedAt());
            run.scanned();
            long now = System.nanoTime();
            if (now - lastProgressNanos >= progressEveryNanos) {
                lastProgressNanos = now;
                logProgress(run);
            }
            return row;
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    private void logProgress(StagingRun run) {
        RunCounts c = run.counts();
        double seconds = Math.max(1e-3, Duration.between(run.startedAt(), clock.instant()).toMillis() / 1000.0);
        long expected = run.expectedRows();
        LOG.info("run {}: {} of {} rows ({}%), {} rows/s, {} dead letters so far", run.getId(), c.scanned(), expected,
                expected > 0 ? 100 * c.scanned() / expected : "?", Math.round(c.scanned() / seconds), c.deadLetters());
    }
}
