package io.khotam.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** IsoInstant answers every text as OffsetDateTime.parse does: the same instant, or a refusal. */
class IsoInstantTest {

    @Property(tries = 20_000)
    void answersAsTheJdkDoes(@ForAll("nearlyInstants") String text) {
        assertThat(outcome(() -> IsoInstant.parse(text).toString()))
                .as(text).isEqualTo(outcome(() -> OffsetDateTime.parse(text).toInstant().toString()));
    }

    @Example
    void theUsualShapesAndTheirNeighbours() {
        for (String text : new String[] {"2026-05-01T08:00:00Z", "2026-05-01T08:00:00.123456Z", "2026-05-01T08:00:00.5+07:00",
                "2026-05-01T08:00:00.123456789-03:30", "2026-05-01t08:00:00z", "2026-05-01T08:00Z", "2026-02-29T08:00:00Z",
                "2024-02-29T08:00:00Z", "2026-05-01T24:00:00Z", "2026-05-01T23:59:60Z", "2026-05-01T08:00:00+18:01",
                "2026-05-01T08:00:00+01:75", "2026-05-01T08:00:00.Z", "2026-05-01T08:00:00.1234567890Z", "+12026-05-01T08:00:00Z",
                "2026-05-01T08:00:00+05", "2026-05-01T08:00:00+05:00:30", "٢٠٢٦-05-01T08:00:00Z", "2026-05-01T08:00:00-00:00"}) {
            assertThat(outcome(() -> IsoInstant.parse(text).toString()))
                    .as(text).isEqualTo(outcome(() -> OffsetDateTime.parse(text).toInstant().toString()));
        }
        assertThat(IsoInstant.parse("2026-05-01T08:00:00.5+07:00")).hasToString("2026-05-01T01:00:00.500Z");
    }

    /** Texts of the usual shape with any part bent: digits out of range, other separators, odd fractions and offsets. */
    @Provide
    Arbitrary<String> nearlyInstants() {
        Arbitrary<String> year = Arbitraries.oneOf(Arbitraries.integers().between(0, 9999).map(y -> String.format("%04d", y)),
                Arbitraries.of("+12026", "-0001", "202", "2O26"));
        Arbitrary<String> two = Arbitraries.oneOf(Arbitraries.integers().between(0, 99).map(v -> String.format("%02d", v)),
                Arbitraries.of("1", "123", "a1", "٣"));
        Arbitrary<String> fraction = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.just("."),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(11).map(d -> "." + d));
        Arbitrary<String> offset = Arbitraries.oneOf(Arbitraries.of("Z", "z", "", "+05", "+05:00:30", "UTC"),
                Combinators.combine(Arbitraries.of("+", "-"), two, two).as((sign, h, m) -> sign + h + ":" + m));
        Arbitrary<String> separator = Arbitraries.of("-", "-", "-", "-", "/", ":");
        Arbitrary<String> t = Arbitraries.of("T", "T", "T", "t", " ");
        return Combinators.combine(year, separator, two, two, t, two, two, two).as((y, sep, mo, d, tt, h, mi, s) ->
                y + sep + mo + "-" + d + tt + h + ":" + mi + ":" + s)
                .flatMap(head -> Combinators.combine(fraction, offset).as((f, o) -> head + f + o));
    }

    private static String outcome(ThrowingSupplier<String> parse) {
        try {
            return parse.get();
        } catch (DateTimeParseException refused) {
            return "refused";
        }
    }

    private interface ThrowingSupplier<T> {
        T get();
    }
}
