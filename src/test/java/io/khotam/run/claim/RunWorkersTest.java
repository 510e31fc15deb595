package io.khotam.run.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.khotam.CapturedLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A run cut off on its worker by an Error (the heap ran out inside Camel) is ended by the worker, even while the heap is still short. */
class RunWorkersTest {

    private final ClaimFailures failures = new ClaimFailures();
    private final AtomicInteger triesToEnd = new AtomicInteger();
    private RunWorkers workers;

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    @Test
    void aRunThatCannotBeEndedAtTheFirstTryIsEndedAtTheSecond() {
        workers = new RunWorkers(1, shortOfHeapFor(1, 1), failures);

        workers.submit(RunWorkersTest::runOutOfHeap); // as Camel hands work over: the future keeps the Error

        await().atMost(Duration.ofSeconds(10)).until(workers::idle);
        assertThat(triesToEnd).hasValue(2);
        assertThat(failures.current()).as("the run was ended: no claim failure kept").isEmpty();
    }

    @Test
    void aWorkerCutOffWithNoRunInFlightKeepsTheClaimAsAFailure() {
        workers = new RunWorkers(1, shortOfHeapFor(0, 0), failures);

        workers.submit(RunWorkersTest::runOutOfHeap); // as Camel hands work over: the future keeps the Error

        await().atMost(Duration.ofSeconds(10)).until(workers::idle);
        assertThat(failures.current()).singleElement().asString().startsWith(ClaimFailures.INBOX)
                .contains("cut off by an error inside Camel");
    }

    @Test
    void aHeapStillShortAfterTwoTriesLeavesTheWorkersIdleAndWorking() {
        workers = new RunWorkers(1, shortOfHeapFor(Integer.MAX_VALUE, 1), failures);

        workers.submit(RunWorkersTest::runOutOfHeap); // as Camel hands work over: the future keeps the Error
        await().atMost(Duration.ofSeconds(10)).until(workers::idle);
        AtomicInteger ranAfter = new AtomicInteger();
        workers.execute(ranAfter::incrementAndGet);

        await().atMost(Duration.ofSeconds(10)).until(() -> ranAfter.get() == 1 && workers.idle());
        assertThat(triesToEnd).hasValue(2);
    }

    /** Logging the cut-off's stack may run out of heap too (HostileRowsHeapIT once did): the run is ended before it is logged. */
    @Test
    void theRunIsEndedBeforeTheCutOffIsLogged() throws Exception {
        List<String> loggedWhenEnded = new CopyOnWriteArrayList<>();
        try (CapturedLog log = new CapturedLog(RunWorkers.class)) {
            workers = new RunWorkers(1, thread -> {
                loggedWhenEnded.addAll(log.lines);
                return 1;
            }, failures);

            workers.submit(RunWorkersTest::runOutOfHeap);
            await().atMost(Duration.ofSeconds(10)).until(() -> workers.idle() && !log.lines.isEmpty());

            assertThat(loggedWhenEnded).as("nothing logged before the run was ended").isEmpty();
            assertThat(log.lines).singleElement().asString().startsWith("ERROR").contains("Java heap space", "1 run(s) ended FAILED");
        }
    }

    /** Ends the runs cut off: the first {@code failing} tries run out of heap, then it reports {@code ended} runs. */
    private ToIntFunction<Thread> shortOfHeapFor(int failing, int ended) {
        return thread -> {
            if (triesToEnd.incrementAndGet() <= failing) {
                throw new OutOfMemoryError("Java heap space (still short)");
            }
            return ended;
        };
    }

    private static void runOutOfHeap() {
        throw new OutOfMemoryError("Java heap space");
    }
}
