package io.khotam.run.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** `run --once` stops once its runs have ended, whatever closing their proofs meets. */
class BatchEndTest {

    private final List<String> steps = new CopyOnWriteArrayList<>();

    @Test
    void closesTheProofsThenStopsOnceTheBatchIsDone() throws Exception {
        AtomicBoolean done = new AtomicBoolean();

        Thread watcher = BatchEnd.watch(done::get, () -> steps.add("proofs closed"), () -> steps.add("stopped"));
        watcher.join(300);
        assertThat(steps).as("nothing while runs are in flight").isEmpty();
        done.set(true);
        watcher.join(10_000);

        assertThat(steps).containsExactly("proofs closed", "stopped");
    }

    @Test
    void stopsEvenWhenClosingTheProofsRunsOutOfHeap() throws Exception {
        Thread watcher = BatchEnd.watch(() -> true, () -> {
            throw new OutOfMemoryError("Java heap space");
        }, () -> steps.add("stopped"));
        watcher.join(10_000);

        assertThat(steps).containsExactly("stopped");
    }
}
