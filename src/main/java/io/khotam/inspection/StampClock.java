package io.khotam.inspection;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stamps at microsecond precision that strictly increase across the whole process, so the stamps
 * one row earns are ordered and no candidate ever looks like the fused shortcut.
 */
public class StampClock {

    private final Clock clock;
    private final AtomicLong lastMicros = new AtomicLong();

    public StampClock(Clock clock) {
        this.clock = clock;
    }

    public Instant next() {
        Instant now = clock.instant();
        long nowMicros = ChronoUnit.MICROS.between(Instant.EPOCH, now);
        long micros = lastMicros.updateAndGet(last -> Math.max(last + 1, nowMicros));
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    public Instant now() {
        return clock.instant();
    }
}
