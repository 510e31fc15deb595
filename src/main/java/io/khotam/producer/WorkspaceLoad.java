package io.khotam.producer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Problems;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/** Loads the rows given to a SQL producer (its run's reference file) into its table by COPY, as received. */
final class WorkspaceLoad {

    private static final String[] LOADED_TEXT = {"entity_code", "collection_name", "species_code", "dot_origin",
            "governance_role", "born_at", "name", "description", "status"};

    private WorkspaceLoad() {}

    /** @return how many rows were loaded */
    static long copy(Connection admin, String q, Path reference, ObjectMapper mapper)
            throws SQLException, ProducerFailedException {
        String copy = "COPY " + q + ".birth_registry (row_no, " + String.join(", ", LOADED_TEXT)
                + ", certified, inspect_pen, inspect_stamp, inspect_gate) FROM STDIN (FORMAT csv)";
        long rows = 0;
        try (MappingIterator<JsonNode> lines = ReferenceRow.lines(mapper, reference);
             Writer out = new BufferedWriter(new OutputStreamWriter(
                     new PGCopyOutputStream(admin.unwrap(PGConnection.class), copy, 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            StringBuilder line = new StringBuilder(512);
            while (lines.hasNext()) {
                ReferenceRow row = ReferenceRow.of(lines.next());
                line.setLength(0);
                line.append(row.row());
                for (String column : LOADED_TEXT) {
                    JsonNode value = row.rowData().get(column);
                    line.append(',');
                    if (column.equals("born_at")) {
                        csv(line, text(ReferenceRow.instant(value)));
                    } else if (value != null && value.isTextual()) {
                        if (value.textValue().indexOf('\u0000') >= 0) {
                            throw new ProducerFailedException("row " + row.row() + ": " + column + " holds a NUL character, "
                                    + "which PostgreSQL text cannot store; a SQL producer cannot be given this row");
                        }
                        csv(line, value.textValue());
                    }
                }
                JsonNode certified = row.rowData().get("certified");
                line.append(',').append(certified != null && certified.isBoolean() && certified.booleanValue());
                for (Instant stamp : row.receivedStamps()) {
                    line.append(',');
                    csv(line, text(stamp));
                }
                out.append(line).append('\n');
                rows++;
            }
        } catch (IOException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new ProducerFailedException("loading the rows into the workspace failed: " + Problems.describe(e));
        }
        return rows;
    }

    /**
     * An instant as COPY reads it: ISO-8601 in UTC, a year before 1 written the way PostgreSQL counts
     * it (ISO year 0 is 1 BC), a year past 9999 without ISO's plus sign; one beyond PostgreSQL's range
     * (4713 BC to 294276 AD) as its infinity, which sorts the same way.
     */
    static String text(Instant instant) {
        if (instant == null) {
            return null;
        }
        if (instant.isAfter(LATEST)) {
            return "infinity";
        }
        if (instant.isBefore(EARLIEST)) {
            return "-infinity";
        }
        if (!instant.isBefore(YEAR_1) && instant.isBefore(YEAR_10000)) {
            return instant.toString(); // ISO-8601 in UTC with four-digit years: the common case, and a quick one
        }
        OffsetDateTime at = instant.atOffset(ZoneOffset.UTC);
        int year = at.getYear();
        return String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d.%09dZ%s", year >= 1 ? year : 1 - year,
                at.getMonthValue(), at.getDayOfMonth(), at.getHour(), at.getMinute(), at.getSecond(), at.getNano(),
                year >= 1 ? "" : " BC");
    }

    private static final Instant EARLIEST = Instant.parse("-4712-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("+294276-12-31T23:59:59.999999Z");
    private static final Instant YEAR_1 = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z");

    private static void csv(StringBuilder line, String value) {
        if (value != null) {
            line.append('"').append(value.indexOf('"') < 0 ? value : value.replace("\"", "\"\"")).append('"');
        }
    }
}
