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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/**
 * A SQL producer's table read back beside the copy of what it was given, in row_no order: one
 * FULL JOIN (a row it removed or added shows on one side only) through a cursor.
 */
final class TableReadBack implements Produced {

    private final Connection admin;
    private final PreparedStatement read;
    private final ResultSet rs;
    private final ObjectMapper mapper;
    private final Instant from;
    private final Instant to;
    private final long loadMillis;
    private final long producerMillis;
    private final List<String> warnings;
    private Boolean ahead;

    TableReadBack(Connection admin, String schema, Instant from, Instant to, long loadMillis, long producerMillis,
                  List<String> warnings, ObjectMapper mapper) throws SQLException {
        this.admin = admin;
        this.warnings = warnings;
        this.mapper = mapper;
        this.from = from;
        this.to = to;
        this.loadMillis = loadMillis;
        this.producerMillis = producerMillis;
        String q = SqlProducer.quote(schema);
        String changed = "a.row_no IS NULL OR b.row_no IS NULL OR (" + prefixed("b") + ") IS DISTINCT FROM ("
                + prefixed("a") + ")";
        String sql = "SELECT coalesce(b.row_no, a.row_no), b.row_no IS NULL, a.row_no IS NULL, "
                + "b.inspect_pen, b.inspect_stamp, b.inspect_gate, a.inspect_pen, a.inspect_stamp, a.inspect_gate, "
                + "CASE WHEN " + changed + " THEN to_jsonb(b)::text END, CASE WHEN " + changed + " THEN to_jsonb(a)::text END "
                + "FROM " + q + ".khotam_before b FULL JOIN " + q + ".birth_registry a ON a.row_no = b.row_no ORDER BY 1";
        admin.setAutoCommit(false); // a cursor: 10,000 rows at a time, whatever the table's size
        try (Statement s = admin.createStatement()) {
            // the join's hash table and the sort in memory: at the default 4 MB a million rows spill to disk, twice
            s.execute("SET LOCAL work_mem = '256MB'");
        }
        this.read = admin.prepareStatement(sql);
        read.setFetchSize(10_000);
        this.rs = read.executeQuery();
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public boolean hasNext() {
        if (ahead == null) {
            try {
                ahead = rs.next();
            } catch (SQLException e) {
                throw new IllegalStateException("reading the producer's table back failed: " + Problems.describe(e), e);
            }
        }
        return ahead;
    }

    @Override
    public ProducedRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ahead = null;
        try {
            return row(rs);
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
        try (admin; read; rs) {
            admin.rollback();
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
