package io.khotam.producer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.khotam.Problems;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/**
 * A SQL producer's table read back beside the copy of what it was given, in row_no order, through
 * two cursors merged here: the rows it was given, each beside what it left of it (a LEFT JOIN on
 * both tables' keys: a merge join that streams in key order, nothing to sort), and the rows it added
 * (not in the copy: usually none). The queries run at the first row asked for, so their time counts
 * as the judge's, not the producer's.
 */
final class TableReadBack implements Produced {

    /** A hash join or a sort, if the planner still picks one, fits in memory (the default 4 MB spills a million rows to disk). */
    static final String WORK_MEM = "256MB";

    private final Connection admin;
    private final String givenSql;
    private final String addedSql;
    private final List<Statement> opened = new ArrayList<>();
    private ResultSet given;
    private ResultSet added;
    private boolean givenAhead;
    private boolean addedAhead;
    private final ObjectMapper mapper;
    private final Instant from;
    private final Instant to;
    private final long loadMillis;
    private final long producerMillis;
    private final List<String> warnings;

    TableReadBack(Connection admin, String schema, Instant from, Instant to, long loadMillis, long producerMillis,
                  List<String> warnings, ObjectMapper mapper) {
        this.admin = admin;
        this.warnings = warnings;
        this.mapper = mapper;
        this.from = from;
        this.to = to;
        this.loadMillis = loadMillis;
        this.producerMillis = producerMillis;
        String q = SqlProducer.quote(schema);
        String changed = "a.row_no IS NULL OR (" + prefixed("b") + ") IS DISTINCT FROM (" + prefixed("a") + ")";
        // the columns row() reads: row_no, added, removed, three stamps before, three after, the row before and after as JSON
        this.givenSql = "SELECT b.row_no, false, a.row_no IS NULL, "
                + "b.inspect_pen, b.inspect_stamp, b.inspect_gate, a.inspect_pen, a.inspect_stamp, a.inspect_gate, "
                + "CASE WHEN " + changed + " THEN to_jsonb(b)::text END, CASE WHEN " + changed + " THEN to_jsonb(a)::text END "
                + "FROM " + q + ".khotam_before b LEFT JOIN " + q + ".birth_registry a ON a.row_no = b.row_no ORDER BY b.row_no";
        this.addedSql = "SELECT a.row_no, true, false, NULL::timestamptz, NULL::timestamptz, NULL::timestamptz, "
                + "a.inspect_pen, a.inspect_stamp, a.inspect_gate, NULL::text, to_jsonb(a)::text "
                + "FROM " + q + ".birth_registry a WHERE NOT EXISTS (SELECT 1 FROM " + q + ".khotam_before b "
                + "WHERE b.row_no = a.row_no) ORDER BY a.row_no";
    }

    private void open() throws SQLException {
        admin.setAutoCommit(false); // cursors: 10,000 rows at a time, whatever the table's size
        try (Statement s = admin.createStatement()) {
            s.execute("SET LOCAL work_mem = '" + WORK_MEM + "'");
        }
        added = cursor(addedSql);
        addedAhead = added.next();
        given = cursor(givenSql);
        givenAhead = given.next();
    }

    private ResultSet cursor(String sql) throws SQLException {
        PreparedStatement read = admin.prepareStatement(sql);
        opened.add(read); // closing it closes its result set
        read.setFetchSize(10_000);
        return read.executeQuery();
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public boolean hasNext() {
        try {
            if (given == null) {
                open();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the producer's table back failed: " + Problems.describe(e), e);
        }
        return givenAhead || addedAhead;
    }

    @Override
    public ProducedRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        try {
            boolean fromGiven = givenAhead && (!addedAhead || given.getLong(1) < added.getLong(1));
            ResultSet rs = fromGiven ? given : added;
            ProducedRow row = row(rs);
            if (fromGiven) {
                givenAhead = given.next();
            } else {
                addedAhead = added.next();
            }
            return row;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("reading the producer's table back failed: " + Problems.describe(e), e);
        }
    }

    @Override
    public Instant from() {
        return from;
    }

    @Override
    public Instant to() {
        return to;
    }

    @Override
    public long loadMillis() {
        return loadMillis;
    }

    @Override
    public long producerMillis() {
        return producerMillis;
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = admin) {
            for (Statement read : opened) {
                read.close();
            }
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        }
    }

    private ProducedRow row(ResultSet rs) throws SQLException, IOException {
        long rowNo = rs.getLong(1);
        boolean added = rs.getBoolean(2);
        boolean removed = rs.getBoolean(3);
        Instant[] before = added ? null : stamps(rs, 4);
        Instant[] after = removed ? null : stamps(rs, 7);
        Map<String, JsonNode[]> changes = Map.of();
        String beforeJson = rs.getString(10);
        String afterJson = rs.getString(11);
        if (beforeJson != null || afterJson != null) {
            JsonNode b = beforeJson == null ? NullNode.instance : mapper.readTree(beforeJson);
            JsonNode a = afterJson == null ? NullNode.instance : mapper.readTree(afterJson);
            changes = new LinkedHashMap<>();
            TreeSet<String> columns = new TreeSet<>();
            b.fieldNames().forEachRemaining(columns::add);
            a.fieldNames().forEachRemaining(columns::add);
            for (String column : columns) {
                if (!RegistryColumns.OTHERS.contains(column)) {
                    continue;
                }
                JsonNode was = b.path(column);
                JsonNode now = a.path(column);
                if (!was.equals(now) && !(removed && was.isNull()) && !(added && now.isNull())) {
                    changes.put(column, new JsonNode[] {was.isMissingNode() ? null : was, now.isMissingNode() ? null : now});
                }
            }
        }
        return new ProducedRow(rowNo, before, after, changes);
    }

    private static Instant[] stamps(ResultSet rs, int first) throws SQLException {
        Instant[] stamps = new Instant[3];
        for (int i = 0; i < 3; i++) {
            OffsetDateTime at = rs.getObject(first + i, OffsetDateTime.class);
            stamps[i] = at == null ? null : at.toInstant();
        }
        return stamps;
    }

    private static String prefixed(String alias) {
        return String.join(", ", RegistryColumns.OTHERS.stream().map(column -> alias + "." + column).toList());
    }
}
