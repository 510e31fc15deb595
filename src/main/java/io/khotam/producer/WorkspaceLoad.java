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

/**
 * Loads the rows given to a SQL producer into its table by COPY, as received. It is opened when the
 * run begins and fed each row as the reference records it (on the run's writer thread, in row
 * order), so the rows reach the workspace while the reference is still being worked out; a rerun
 * that takes its source's reference file whole is fed from that file. The first row that cannot be
 * given (a NUL character, which PostgreSQL text cannot hold) or a COPY that fails stops the feed,
 * and {@link #finish} says why.
 */
public final class WorkspaceLoad {

    private static final String[] LOADED_TEXT = {"entity_code", "collection_name", "species_code", "dot_origin",
            "governance_role", "born_at", "name", "description", "status"};

    /** The load of a run that gives its rows to no SQL producer: it takes none. */
    public static final WorkspaceLoad NONE = new WorkspaceLoad(null, null);

    private final Connection admin;
    private final Writer out;
    private final StringBuilder line = new StringBuilder(512);
    private long rows;
    private String problem;
    private boolean ended;

    private WorkspaceLoad(Connection admin, Writer out) {
        this.admin = admin;
        this.out = out;
        this.ended = admin == null;
    }

    /** The connection the load runs on, kept by the producer's run once the load is finished. */
    Connection admin() {
        return admin;
    }

    /** Starts the COPY into {@code q.birth_registry} on {@code admin}, which the load holds until {@link #finish}. */
    static WorkspaceLoad open(Connection admin, String q) throws SQLException {
        String copy = "COPY " + q + ".birth_registry (row_no, " + String.join(", ", LOADED_TEXT)
                + ", certified, inspect_pen, inspect_stamp, inspect_gate) FROM STDIN (FORMAT csv)";
        return new WorkspaceLoad(admin, new BufferedWriter(new OutputStreamWriter(
                new PGCopyOutputStream(admin.unwrap(PGConnection.class), copy, 1 << 16), StandardCharsets.UTF_8), 1 << 16));
    }

    /** One row given to the producer: its number and its data as received. After a problem, nothing more is sent. */
    public synchronized void row(int rowNo, JsonNode rowData) {
        if (problem != null || ended) {
            return;
        }
        line.setLength(0);
        line.append(rowNo);
        for (String column : LOADED_TEXT) {
            JsonNode value = rowData.get(column);
            line.append(',');
            if (column.equals("born_at")) {
                csv(line, text(ReferenceRow.instant(value)));
            } else if (value != null && value.isTextual()) {
                if (value.textValue().indexOf('\u0000') >= 0) {
                    problem = "row " + rowNo + ": " + column + " holds a NUL character, which PostgreSQL text cannot store; "
                            + "a SQL producer cannot be given this row";
                    return;
                }
                csv(line, value.textValue());
            }
        }
        JsonNode certified = rowData.get("certified");
        line.append(',').append(certified != null && certified.isBoolean() && certified.booleanValue());
        for (String stamp : RegistryColumns.STAMPS) {
            line.append(',');
            csv(line, text(ReferenceRow.instant(rowData.get(stamp))));
        }
        try {
            out.append(line).append('\n');
            rows++;
        } catch (IOException e) {
            problem = "loading the rows into the workspace failed: " + Problems.describe(e.getCause() != null ? e.getCause() : e);
        }
    }

    /** Every row of a reference file, in its order (a rerun that took its source's reference whole). */
    void rows(Path reference, ObjectMapper mapper) throws IOException {
        try (MappingIterator<JsonNode> lines = ReferenceRow.lines(mapper, reference)) {
            while (lines.hasNext()) {
                JsonNode next = lines.next();
                row(next.get("row").intValue(), next.get("row_data"));
            }
        }
    }

    /**
     * Ends the COPY.
     *
     * @return how many rows were loaded
     * @throws ProducerFailedException when a row could not be given, or the COPY failed
     */
    synchronized long finish() throws ProducerFailedException, SQLException {
        ended = true;
        try {
            out.close();
        } catch (IOException e) {
            if (problem == null) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                problem = "loading the rows into the workspace failed: " + Problems.describe(e);
            }
        }
        if (problem != null) {
            throw new ProducerFailedException(problem);
        }
        return rows;
    }

    /**
     * Stops the load where it is, if it is still going (its run ended before its producer finished
     * it): closing the connection cancels the COPY, whose hold on the table would keep the schema from
     * being dropped. A finished load's connection was closed with its read-back; closing it again does nothing.
     */
    public synchronized void abandon() throws SQLException {
        ended = true;
        if (admin != null) {
            admin.close();
        }
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
