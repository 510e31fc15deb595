package io.khotam.inspection;

import static io.khotam.Gens.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/** StampText writes what the stamp pattern writes, whether or not its second was kept from an earlier stamp. */
class StampTextTest {

    private static final DateTimeFormatter MICROS = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void sameAsThePattern() {
        // the ranges' ends, zero and the second's last nanosecond come up often, as edge cases should
        qt(5_000).forAll(longs().between(-62_000_000_000L, 253_402_300_799L)
                                .mix(Generate.pick(List.of(-62_000_000_000L, 0L, -1L, 253_402_300_799L)), 10),
                        integers().between(0, 999_999_999).mix(Generate.pick(List.of(0, 999_999_999, 999_999)), 10),
                        integers().between(0, 2_000_000).mix(Generate.pick(List.of(0, 1, 2_000_000)), 10))
                .checkAssert((epochSecond, nano, microsLater) -> {
                    Instant first = Instant.ofEpochSecond(epochSecond, nano);
                    Instant next = first.plusNanos(microsLater * 1000L); // often the same second, sometimes the next
                    assertThat(StampText.of(first)).isEqualTo(MICROS.format(first));
                    assertThat(StampText.of(next)).isEqualTo(MICROS.format(next));
                    Instant samePlace = first.plusSeconds(16); // kept in the same place as first's second: it replaces it
                    assertThat(StampText.of(samePlace)).isEqualTo(MICROS.format(samePlace));
                    assertThat(StampText.of(first)).isEqualTo(MICROS.format(first));
                });
    }
}
