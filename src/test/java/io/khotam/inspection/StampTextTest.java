package io.khotam.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** StampText writes what the stamp pattern writes, whether or not the second was the previous stamp's. */
class StampTextTest {

    private static final DateTimeFormatter MICROS = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Property(tries = 5_000)
    void sameAsThePattern(@ForAll @LongRange(min = -62_000_000_000L, max = 253_402_300_799L) long epochSecond,
                          @ForAll @IntRange(min = 0, max = 999_999_999) int nano,
                          @ForAll @IntRange(min = 0, max = 2_000_000) int microsLater) {
        Instant first = Instant.ofEpochSecond(epochSecond, nano);
        Instant next = first.plusNanos(microsLater * 1000L); // often the same second, sometimes the next
        assertThat(StampText.of(first)).isEqualTo(MICROS.format(first));
        assertThat(StampText.of(next)).isEqualTo(MICROS.format(next));
    }
}
