package io.khotam.inspection;

import static io.khotam.Gens.oneOf;
import static io.khotam.Gens.pick;
import static io.khotam.Gens.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** IsoInstant answers every text as OffsetDateTime.parse does: the same instant, or a refusal. */
class IsoInstantTest {

    @Test
    void answersAsTheJdkDoes() {
        qt(20_000).forAll(nearlyInstants()).checkAssert(text -> assertThat(outcome(() -> IsoInstant.parse(text).toString()))
                .as(text).isEqualTo(outcome(() -> OffsetDateTime.parse(text).toInstant().toString())));
    }

    /** The usual shapes never fall back to the JDK: the direct path reads them, to the same instant. */
    @Test
    void theUsualShapesAreReadDirectly() {
        qt(20_000).forAll(longs().between(-62_167_219_200L, 253_402_300_799L), integers().between(0, 999_999_999),
                        integers().between(0, 9), integers().between(-18 * 60, 18 * 60))
                .checkAssert((epochSecond, nano, digits, offsetMinutes) -> {
                    ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
                    LocalDateTime local = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC).plusSeconds(offset.getTotalSeconds());
                    if (local.getYear() < 0 || local.getYear() > 9999) {
                        return;
                    }
                    String fraction = digits == 0 ? "" : "." + String.format("%09d", nano).substring(0, digits);
                    String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d", local.getYear(), local.getMonthValue(),
                            local.getDayOfMonth(), local.getHour(), local.getMinute(), local.getSecond()) + fraction
                            + (offsetMinutes == 0 && nano % 2 == 0 ? "Z" : offset.getId().equals("Z") ? "+00:00" : offset.getId());
                    assertThat(IsoInstant.direct(text)).as(text).isNotNull()
                            .isEqualTo(OffsetDateTime.parse(text).toInstant());
                });
    }

    @Test
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
    private static Gen<String> nearlyInstants() {
        Gen<String> year = oneOf(integers().between(0, 9999).map(y -> String.format("%04d", y)),
                pick("+12026", "-0001", "202", "2O26", "0000", "9999"));
        Gen<String> two = oneOf(integers().between(0, 99).map(v -> String.format("%02d", v)),
                pick("1", "123", "a1", "٣", "00", "99"));
        Gen<String> fraction = oneOf(Generate.constant(""), Generate.constant("."),
                lists().of(integers().between(0, 9)).ofSizeBetween(1, 11)
                        .map(digits -> "." + digits.stream().map(String::valueOf).collect(Collectors.joining())));
        Gen<String> offset = oneOf(pick("Z", "z", "", "+05", "+05:00:30", "UTC"),
                pick("+", "-").zip(two, two, (sign, h, m) -> sign + h + ":" + m));
        Gen<String> separator = pick("-", "-", "-", "-", "/", ":");
        Gen<String> t = pick("T", "T", "T", "t", " ");
        Gen<String> date = year.zip(separator, two, two, (y, sep, mo, d) -> y + sep + mo + "-" + d);
        Gen<String> time = t.zip(two, two, two, (tt, h, mi, s) -> tt + h + ":" + mi + ":" + s);
        return date.zip(time, fraction, offset, (d, tm, f, o) -> d + tm + f + o);
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
