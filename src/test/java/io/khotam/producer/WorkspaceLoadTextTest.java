package io.khotam.producer;

import static io.khotam.Gens.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.longs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * The instants given to a SQL producer are the instants received: whatever year, PostgreSQL reads
 * {@link WorkspaceLoad#text} back as the same instant (to its microsecond), or as the infinity
 * beyond its range on the same side.
 */
class WorkspaceLoadTextTest {

    private static final long EARLIEST = Instant.parse("-4712-01-01T00:00:00Z").getEpochSecond();
    private static final long LATEST = Instant.parse("+294276-12-31T23:59:59Z").getEpochSecond();

    @Test
    void postgresReadsEveryInstantInItsRangeAsTheSameInstant() throws SQLException {
        try (Connection pg = TestWorkspace.admin();
             PreparedStatement read = pg.prepareStatement("SELECT ?::timestamptz")) {
            qt(400).forAll(longs().between(EARLIEST, LATEST), longs().between(0, 999_999)).checkAssert((seconds, micros) -> {
                Instant at = Instant.ofEpochSecond(seconds, micros * 1000);
                assertThat(read(read, WorkspaceLoad.text(at))).as(WorkspaceLoad.text(at)).isEqualTo(at);
            });
            for (String edge : new String[] {"0001-01-01T00:00:00Z", "0000-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999Z",
                    "+10000-01-01T00:00:00Z", "-4712-01-01T00:00:00Z", "+294276-12-31T23:59:59.999999Z"}) {
                Instant at = Instant.parse(edge);
                assertThat(read(read, WorkspaceLoad.text(at))).as(edge).isEqualTo(at);
            }
        }
        assertThat(WorkspaceLoad.text(Instant.parse("-4713-01-01T00:00:00Z"))).isEqualTo("-infinity");
        assertThat(WorkspaceLoad.text(Instant.parse("+294277-01-01T00:00:00Z"))).isEqualTo("infinity");
        assertThat(WorkspaceLoad.text(Instant.parse("2026-05-01T01:00:00.5Z").truncatedTo(ChronoUnit.MICROS))).isEqualTo("2026-05-01T01:00:00.500Z");
    }

    /** The instant PostgreSQL reads from the text, as pgjdbc hands it back. */
    private static Instant read(PreparedStatement read, String text) {
        try {
            read.setString(1, text);
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                return rs.getObject(1, OffsetDateTime.class).toInstant();
            }
        } catch (SQLException e) {
            throw new AssertionError(text + ": " + e.getMessage(), e);
        }
    }
}
