package io.khotam.run.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The run's writer: lines in the order given, each counted once written, its first failure the run's, its room bounded. */
class LineWriterTest {

    @Test
    void onItsOwnThreadLinesAreWrittenAndCountedInOrder() {
        LineWriter writer = new LineWriter("test writer");
        List<Integer> written = new CopyOnWriteArrayList<>();
        AtomicInteger counted = new AtomicInteger();
        for (int row = 1; row <= 5_000; row++) {
            int r = row;
            writer.write(row, 100, () -> written.add(r), counted::incrementAndGet);
        }

        assertThat(writer.drain()).isNull();
        writer.stop();

        assertThat(written).hasSize(5_000).isSorted();
        assertThat(counted).hasValue(5_000);
    }

    @Test
    void theFirstLineThatCannotBeWrittenStopsTheRestAndIsTheRunsFailure() {
        LineWriter writer = new LineWriter("test writer");
        AtomicInteger counted = new AtomicInteger();
        List<Integer> written = new CopyOnWriteArrayList<>();
        writer.write(1, 1, () -> written.add(1), counted::incrementAndGet);
        writer.write(2, 1, () -> {
            throw new UncheckedIOException(new IOException("No space left on device"));
        }, counted::incrementAndGet);
        writer.write(3, 1, () -> written.add(3), counted::incrementAndGet);

        RuntimeException failure = writer.drain();
        assertThat(failure).hasMessageContaining("row 2 could not be written").hasMessageContaining("No space left on device");
        assertThat(written).as("nothing after it is written").containsExactly(1);
        assertThat(counted).as("only what was written is counted").hasValue(1);
        assertThatThrownBy(() -> writer.write(4, 1, () -> { }, counted::incrementAndGet)).isSameAs(failure);
        writer.stop();
    }

    @Test
    void theRouteWaitsWhileTheLinesHeldWeighMoreThanTheRoom() throws Exception {
        LineWriter writer = new LineWriter("test writer");
        CountDownLatch release = new CountDownLatch(1);
        writer.write(1, LineWriter.WEIGHT_AHEAD, () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, () -> { });
        // row 2 hands row 1 over, which holds the whole room while it is written; row 3 must then hand row 2 over
        Thread route = new Thread(() -> {
            writer.write(2, LineWriter.WEIGHT_AHEAD, () -> { }, () -> { });
            writer.write(3, 10, () -> { }, () -> { });
        });
        route.start();

        route.join(300);
        assertThat(route.isAlive()).as("the route waits for room").isTrue();
        release.countDown();
        route.join(10_000);
        assertThat(route.isAlive()).isFalse();
        assertThat(writer.drain()).isNull();
        writer.stop();
    }

    @Test
    void withoutAThreadEachLineIsWrittenAtOnce() {
        LineWriter writer = new LineWriter(null);
        List<String> order = new CopyOnWriteArrayList<>();
        writer.write(1, 1, () -> order.add("write"), () -> order.add("count"));
        assertThat(order).containsExactly("write", "count");
        assertThatThrownBy(() -> writer.write(2, 1, () -> {
            throw new IllegalStateException("disk gone");
        }, () -> { })).hasMessageContaining("row 2 could not be written").hasMessageContaining("disk gone");
    }
}
