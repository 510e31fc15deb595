package io.khotam.run;

import io.khotam.evidence.RunCounts;
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
 * The rows a run's splitter iterates: each arrives as a {@link Row} under the run's rules and is
 * counted as scanned when the splitter takes it. With read-ahead, rows are parsed and built on a
 * second thread ({@link ReadAhead}) while the route inspects earlier ones; counting, the progress
 * log and the stop on a fault stay on the route's side, so the counts are those of rows the route
 * took. A long run logs its progress at an interval. Closing the iterator closes the input.
 */
public class RunRows {

    private static final Logger LOG = LoggerFactory.getLogger(RunRows.class);

    private final Clock clock;
    private final long progressEveryNanos;
    private final boolean readAhead;

    /**
     * @param progressInterval how often a long run logs its progress
     * @param readAhead parse and build rows on a second thread (the floors of {@code bench} do not:
     *        they measure one thread)
     */
    public RunRows(Clock clock, Duration progressInterval, boolean readAhead) {
        this.clock = clock;
        this.progressEveryNanos = progressInterval.toNanos();
        this.readAhead = readAhead;
    }

    public RowIterator rows(StagingRun run, RowStream stream) {
        run.expectRows(stream.expectedRows());
        Iterator<Row> built = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return stream.hasNext();
            }

            @Override
            public Row next() {
                return new Row(stream.next(), run.rules(), run.startedAt());
            }
        };
        // a file of at most one batch would be read as that one batch while the route waits: no thread for it
        ReadAhead<Row> ahead = readAhead && run.inputBytes() > ReadAhead.BATCH_BYTES
                ? new ReadAhead<>(built, stream::position, "kho-tam rows of " + run.getId()) : null;
        RowIterator rows = new RowIterator(run, ahead != null ? ahead : built, ahead, stream);
        run.reading(rows);
        return rows;
    }

    /**
     * Lazily reads one run's rows; a run ended under it (interrupted at shutdown) stops reading. A
     * row's fault stops the split itself (stopOnException, routes/run.camel.yaml).
     */
    public final class RowIterator implements Iterator<Row>, Closeable {
        private final StagingRun run;
        private final Iterator<Row> rows;
        private final ReadAhead<Row> ahead;
        private final RowStream stream;
        private long lastProgressNanos = System.nanoTime();

        private RowIterator(StagingRun run, Iterator<Row> rows, ReadAhead<Row> ahead, RowStream stream) {
            this.run = run;
            this.rows = rows;
            this.ahead = ahead;
            this.stream = stream;
        }

        @Override
        public boolean hasNext() {
            return !run.status().finished() && rows.hasNext();
        }

        @Override
        public Row next() {
            Row row = rows.next();
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
            if (ahead != null) {
                ahead.close(); // the reader lets go of the stream before it is closed
            }
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
