package io.khotam.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

    /** 0, 1, 2 … up to count; counts what was produced; optionally fails instead of producing failAt. */
    private static final class Numbers implements Iterator<Integer> {
        final AtomicInteger produced = new AtomicInteger();
        final AtomicLong position = new AtomicLong();
        final AtomicBoolean touchedAfterClose = new AtomicBoolean();
        volatile boolean closed;
        final int count;
        final int failAt;
        final long bytesPerItem;

        Throwable failure = new UncheckedIOException("disk read failed", new IOException("EIO"));

        Numbers(int count, int failAt, long bytesPerItem) {
            this.count = count;
            this.failAt = failAt;
            this.bytesPerItem = bytesPerItem;
        }

        @Override
        public boolean hasNext() {
            touchedAfterClose.compareAndSet(false, closed);
            return produced.get() < count;
        }

        @Override
        public Integer next() {
            touchedAfterClose.compareAndSet(false, closed);
            int n = produced.get();
            if (n == failAt) {
                if (failure instanceof Error error) {
                    throw error;
                }
                throw new UncheckedIOException("disk read failed at " + n, new IOException("EIO"));
            }
            position.addAndGet(bytesPerItem);
            return produced.getAndIncrement();
        }
    }

    @Test
    void yieldsTheSourceInOrderAcrossManyBatches() {
        Numbers source = new Numbers(10_000, -1, 10);
        List<Integer> seen = new ArrayList<>();
        try (ReadAhead<Integer> ahead = new ReadAhead<>(source, source.position::get, "test-reader")) {
            ahead.forEachRemaining(seen::add);
            assertThat(ahead.hasNext()).isFalse();
            assertThatThrownBy(ahead::next).isInstanceOf(NoSuchElementException.class);
        }
        assertThat(seen).hasSize(10_000);
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
    }

    @Test
    void anEmptySourceEndsAtOnce() {
        Numbers source = new Numbers(0, -1, 10);
        try (ReadAhead<Integer> ahead = new ReadAhead<>(source, source.position::get, "test-reader")) {
            assertThat(ahead.hasNext()).isFalse();
        }
    }

    @Test
    void aFailureSurfacesAfterExactlyTheItemsReadBeforeIt() {
        Numbers source = new Numbers(10_000, 700, 10);
        List<Integer> seen = new ArrayList<>();
        try (ReadAhead<Integer> ahead = new ReadAhead<>(source, source.position::get, "test-reader")) {
            assertThatThrownBy(() -> ahead.forEachRemaining(seen::add))
                    .isInstanceOf(UncheckedIOException.class).hasMessage("disk read failed at 700");
            assertThatThrownBy(ahead::hasNext).isInstanceOf(UncheckedIOException.class); // it stays failed
        }
        assertThat(seen).hasSize(700).endsWith(699);
    }

    @Test
    void holdsAFewBatchesOfRowsAheadNeverTheFile() {
        Numbers source = new Numbers(1_000_000, -1, 10);
        try (ReadAhead<Integer> ahead = new ReadAhead<>(source, source.position::get, "test-reader")) {
            assertThat(ahead.next()).isZero();
            awaitStable(source.produced);
            int bound = (ReadAhead.QUEUED_BATCHES + 2) * ReadAhead.BATCH_ROWS;
            assertThat(source.produced.get()).isGreaterThan(ReadAhead.BATCH_ROWS).isLessThanOrEqualTo(bound);
        }
    }

    @Test
    void holdsAFewBatchesOfBytesAheadWhenRowsAreHuge() {
        Numbers source = new Numbers(1_000_000, -1, ReadAhead.BATCH_BYTES); // each row fills a batch by itself
        try (ReadAhead<Integer> ahead = new ReadAhead<>(source, source.position::get, "test-reader")) {
            assertThat(ahead.next()).isZero();
            awaitStable(source.produced);
            assertThat(source.produced.get()).isLessThanOrEqualTo(ReadAhead.QUEUED_BATCHES + 2);
        }
    }

    @Test
    void rowsOfMegabytesAreReadOneAtATimeAsWithoutAReader() {
        Numbers source = new Numbers(1_000, -1, 4 * ReadAhead.BYTES_AHEAD); // a hostile document: rows of 4 MiB
        try (ReadAhead<Integer> ahead = new ReadAhead<>(source, source.position::get, "test-reader")) {
            assertThat(ahead.next()).isZero();
            awaitStable(source.produced);
            assertThat(source.produced.get()).as("the row in hand, nothing more").isEqualTo(1);
            assertThat(ahead.next()).isOne(); // finishing the first lets the reader read one more
            awaitStable(source.produced);
            assertThat(source.produced.get()).isEqualTo(2);
        }
    }

    @Test
    void anErrorOnTheReaderBecomesAFailureOfTheRunAfterTheRowsBeforeIt() {
        Numbers source = new Numbers(10_000, 300, 10);
        source.failure = new OutOfMemoryError("Java heap space");
        List<Integer> seen = new ArrayList<>();
        try (ReadAhead<Integer> ahead = new ReadAhead<>(source, source.position::get, "test-reader")) {
            assertThatThrownBy(() -> ahead.forEachRemaining(seen::add))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("Java heap space")
                    .hasCauseInstanceOf(OutOfMemoryError.class);
        }
        assertThat(seen).hasSize(300);
    }

    @Test
    void aReaderThatDiesUnexpectedlyNeverLeavesTheCallerWaiting() {
        Numbers source = new Numbers(1, -1, 10);
        AtomicInteger calls = new AtomicInteger();
        LongSupplier failingOnThirdCall = () -> {
            if (calls.incrementAndGet() == 3) { // measuring the first batch, outside the reading itself
                throw new IllegalStateException("position unknown");
            }
            return source.position.get();
        };
        try (ReadAhead<Integer> ahead = new ReadAhead<>(source, failingOnThirdCall, "test-reader")) {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                    assertThatThrownBy(ahead::hasNext).isInstanceOf(IllegalStateException.class));
        }
    }

    @Test
    void closeStopsTheReaderBeforeItReturnsAndEndsIteration() {
        Numbers source = new Numbers(1_000_000, -1, 10);
        ReadAhead<Integer> ahead = new ReadAhead<>(source, source.position::get, "test-reader-closing");
        assertThat(ahead.next()).isZero();
        ahead.close();
        source.closed = true; // from here on the source would be closed: the reader must not touch it
        assertThat(readerAlive("test-reader-closing")).isFalse();
        assertThat(ahead.hasNext()).isFalse(); // Camel's splitter asks again after close()
        assertThat(source.touchedAfterClose).isFalse();
    }

    private static void awaitStable(AtomicInteger counter) {
        AtomicInteger last = new AtomicInteger(-1);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> last.getAndSet(counter.get()) == counter.get());
    }

    private static boolean readerAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }
}
