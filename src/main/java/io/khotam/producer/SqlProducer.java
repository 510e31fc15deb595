package io.khotam.producer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.khotam.Problems;
import io.khotam.evidence.ProducerUsed;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a SQL producer on a run's rows in the workspace (docs/contract.md "Producer under test"):
 * schema {@code run_<run-id>} holds {@code birth_registry} in the production shape plus
 * {@code row_no}, loaded by COPY; the script runs on its own connection as a login role made for
 * the run, which may use that schema and that table and nothing else, stopped from kho-tam's side
 * at the timeout; the table is then read back beside a copy of what was loaded, in row order.
 */
public class SqlProducer {

    private static final Logger LOG = LoggerFactory.getLogger(SqlProducer.class);
    private static final Pattern RUN_ID = Pattern.compile("[0-9]{8}-[0-9]{6}-[0-9a-f]{8}(-[0-9]+)?");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The production shape (docs/contract.md "Production registry") with the row's number. */
    static final String TABLE = "(row_no bigint PRIMARY KEY, entity_code text, collection_name text, species_code text, "
            + "dot_origin text, governance_role text, born_at timestamptz, name text, description text, status text, "
            + "certified boolean NOT NULL DEFAULT false, certified_at timestamptz, canonical_address text, owner text, "
            + "jsonb_profile jsonb, inspect_pen timestamptz, inspect_stamp timestamptz, inspect_gate timestamptz)";
    private static final String[] LOADED_TEXT = {"entity_code", "collection_name", "species_code", "dot_origin",
            "governance_role", "born_at", "name", "description", "status"};
    private static final String[] OTHER_COLUMNS = {"entity_code", "collection_name", "species_code", "dot_origin",
            "governance_role", "born_at", "name", "description", "status", "certified", "certified_at",
            "canonical_address", "owner", "jsonb_profile"};

    private final Workspace workspace;
    private final boolean keep;
    private final ObjectMapper mapper;

    /** @param keep keep each run's schema when it ends (--keep-workspace) */
    public SqlProducer(Workspace workspace, boolean keep, ObjectMapper mapper) {
        this.workspace = workspace;
        this.keep = keep;
        this.mapper = mapper;
    }

    public Workspace workspace() {
        return workspace;
    }

    /** The schema a run's producer works in. */
    public static String schemaOf(String runId) {
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException(runId + " is not a run id");
        }
        return "run_" + runId.replace('-', '_');
    }

    static String roleOf(String schema) {
        return "khotam_" + schema;
    }

    /** What the manifest says of a run's schema before anything is made. */
    public ProducerUsed.WorkspaceUsed planned(String runId) {
        return new ProducerUsed.WorkspaceUsed(workspace.database(), schemaOf(runId), ProducerUsed.WorkspaceUsed.CREATED);
    }

    public Produced run(ProducerJob job, byte[] scriptBytes) throws ProducerFailedException {
        String schema = schemaOf(job.runId());
        String role = roleOf(schema);
        String password = HexFormat.of().formatHex(randomBytes());
        String script = new String(scriptBytes, StandardCharsets.UTF_8);
        Connection admin = null;
        try {
            admin = workspace.admin();
            long loadStarted = System.nanoTime();
            long given = prepare(admin, schema, role, password, job.referenceFile());
            long loadMillis = (System.nanoTime() - loadStarted) / 1_000_000;
            LOG.info("run {}: {} rows loaded into workspace schema {} in {} ms; producer {} starts (timeout {})", job.runId(),
                    given, schema, loadMillis, job.spec().source(), job.timeout());
            Instant from = clock(admin);
            long producerStarted = System.nanoTime();
            runScript(admin, role, password, schema, script, job.timeout());
            long producerMillis = (System.nanoTime() - producerStarted) / 1_000_000;
            Instant to = clock(admin);
            return readBack(admin, schema, from, to, loadMillis, producerMillis);
        } catch (SQLException e) {
            closeQuietly(admin);
            throw new ProducerFailedException("the workspace failed: " + Problems.describe(e));
        } catch (ProducerFailedException | RuntimeException e) {
            closeQuietly(admin);
            throw e;
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private long prepare(Connection admin, String schema, String role, String password, Path reference)
            throws SQLException, ProducerFailedException {
        String q = quote(schema);
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE SCHEMA " + q);
            // unlogged: a workspace is thrown away, and a crash drops it anyway; no WAL to write on load and update
            s.execute("CREATE UNLOGGED TABLE " + q + ".birth_registry " + TABLE);
        }
        long rows = load(admin, q, reference);
        String r = quote(role);
        try (Statement s = admin.createStatement()) {
            // what was given, beside the producer's table but out of its reach (no grant): the judge's "before"
            s.execute("CREATE UNLOGGED TABLE " + q + ".khotam_before AS TABLE " + q + ".birth_registry");
            s.execute("CREATE ROLE " + r + " LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                    + "CONNECTION LIMIT 2 PASSWORD '" + password + "'");
            s.execute("GRANT USAGE, CREATE ON SCHEMA " + q + " TO " + r);
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + q + ".birth_registry TO " + r);
            s.execute("ANALYZE " + q + ".birth_registry");
        }
        return rows;
    }

    private long load(Connection admin, String q, Path reference) throws SQLException, ProducerFailedException {
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

    /** An instant as COPY reads it; one beyond PostgreSQL's range (4713 BC to 294276 AD) as its infinity, which sorts the same way. */
    private static String text(Instant instant) {
        if (instant == null) {
            return null;
        }
        return instant.isAfter(LATEST) ? "infinity" : instant.isBefore(EARLIEST) ? "-infinity" : instant.toString();
    }

    private static final Instant EARLIEST = Instant.parse("-4712-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("+294276-12-31T23:59:59.999999Z");

    private static void csv(StringBuilder line, String value) {
        if (value != null) {
            line.append('"').append(value.replace("\"", "\"\"")).append('"');
        }
    }

    /** The script, then its inspect() if it defined one; on the role's own connection, stopped from here at the timeout. */
    private void runScript(Connection admin, String role, String password, String schema, String script, Duration timeout)
            throws SQLException, ProducerFailedException {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "khotam-producer-" + schema));
        try (Connection producer = workspace.as(role, password, quote(schema))) {
            int pid;
            try (Statement s = producer.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            Future<Void> work = thread.submit(() -> {
                try (Statement s = producer.createStatement()) {
                    s.execute(script);
                }
                String call = inspectCall(producer, schema);
                if (call != null) {
                    try (Statement s = producer.createStatement()) {
                        s.execute(call);
                    }
                }
                return null;
            });
            try {
                work.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                terminate(admin, pid);
                throw new ProducerFailedException("the producer ran past its timeout of " + timeout.toSeconds()
                        + " s (--producer-timeout) and was stopped");
            } catch (InterruptedException e) {
                terminate(admin, pid);
                Thread.currentThread().interrupt();
                throw new ProducerFailedException("stopped while the producer ran");
            } catch (ExecutionException e) {
                throw new ProducerFailedException(failure(e.getCause(), script));
            }
        } finally {
            thread.shutdownNow();
        }
    }

    private static String inspectCall(Connection producer, String schema) throws SQLException {
        try (PreparedStatement find = producer.prepareStatement("SELECT p.prokind FROM pg_catalog.pg_proc p "
                + "JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
                + "WHERE n.nspname = ? AND p.proname = 'inspect' AND p.pronargs = 0")) {
            find.setString(1, schema);
            try (ResultSet rs = find.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return "p".equals(rs.getString(1)) ? "CALL inspect()" : "SELECT inspect()";
            }
        }
    }

    /** PostgreSQL's own message, with the line and column of the script it points at. */
    static String failure(Throwable cause, String script) {
        if (cause instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage m = psql.getServerErrorMessage();
            StringBuilder text = new StringBuilder("the producer failed: ").append(m.getSQLState()).append(' ')
                    .append(m.getMessage());
            if (m.getPosition() > 0) {
                int at = Math.min(m.getPosition() - 1, script.length());
                int line = 1;
                int lineStart = 0;
                for (int i = 0; i < at; i++) {
                    if (script.charAt(i) == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                }
                text.append(" (line ").append(line).append(", column ").append(at - lineStart + 1).append(')');
            }
            if (m.getWhere() != null) {
                text.append("; where: ").append(m.getWhere().replace('\n', ' '));
            }
            return text.toString();
        }
        return "the producer failed: " + Problems.describe(cause);
    }

    private static void terminate(Connection admin, int pid) {
        try (PreparedStatement s = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
            s.setInt(1, pid);
            s.execute();
        } catch (SQLException e) {
            LOG.warn("the producer's backend {} could not be terminated: {}", pid, Problems.describe(e));
        }
    }

    private static Instant clock(Connection admin) throws SQLException {
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    private Produced readBack(Connection admin, String schema, Instant from, Instant to, long loadMillis,
                              long producerMillis) throws SQLException {
        String q = quote(schema);
        String changed = "a.row_no IS NULL OR b.row_no IS NULL OR (" + prefixed("b", OTHER_COLUMNS) + ") IS DISTINCT FROM ("
                + prefixed("a", OTHER_COLUMNS) + ")";
        String sql = "SELECT coalesce(b.row_no, a.row_no), b.row_no IS NULL, a.row_no IS NULL, "
                + "b.inspect_pen, b.inspect_stamp, b.inspect_gate, a.inspect_pen, a.inspect_stamp, a.inspect_gate, "
                + "CASE WHEN " + changed + " THEN to_jsonb(b)::text END, CASE WHEN " + changed + " THEN to_jsonb(a)::text END "
                + "FROM " + q + ".khotam_before b FULL JOIN " + q + ".birth_registry a ON a.row_no = b.row_no ORDER BY 1";
        admin.setAutoCommit(false);
        PreparedStatement read = admin.prepareStatement(sql);
        read.setFetchSize(10_000);
        ResultSet rs = read.executeQuery();
        ProducerUsed.WorkspaceUsed planned = new ProducerUsed.WorkspaceUsed(workspace.database(), schema,
                ProducerUsed.WorkspaceUsed.CREATED);
        return new Produced() {
            private Boolean ahead;

            @Override public boolean hasNext() {
                if (ahead == null) {
                    try {
                        ahead = rs.next();
                    } catch (SQLException e) {
                        throw new IllegalStateException("reading the producer's table back failed: " + Problems.describe(e), e);
                    }
                }
                return ahead;
            }

            @Override public ProducedRow next() {
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

            @Override public Instant from() { return from; }
            @Override public Instant to() { return to; }
            @Override public ProducerUsed.WorkspaceUsed workspace() { return planned; }
            @Override public long loadMillis() { return loadMillis; }
            @Override public long producerMillis() { return producerMillis; }

            @Override public void close() throws SQLException {
                try (admin; read; rs) {
                    admin.rollback();
                }
            }
        };
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
                if (column.equals("row_no") || column.startsWith("inspect_")) {
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

    private static String prefixed(String alias, String[] columns) {
        StringBuilder text = new StringBuilder();
        for (String column : columns) {
            text.append(text.length() == 0 ? "" : ", ").append(alias).append('.').append(column);
        }
        return text.toString();
    }

    /**
     * Ends a run's schema: dropped (or, with --keep-workspace, kept with what the producer made in it,
     * now owned by kho-tam), and the run's role gone either way.
     *
     * @return what became of it: dropped or kept
     */
    public String end(String runId, boolean keepIt) throws SQLException {
        String schema = schemaOf(runId);
        String role = roleOf(schema);
        try (Connection admin = workspace.admin(); Statement s = admin.createStatement()) {
            try (PreparedStatement kill = admin.prepareStatement(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ?")) {
                kill.setString(1, role);
                kill.execute();
            }
            if (!keepIt) {
                s.execute("DROP SCHEMA IF EXISTS " + quote(schema) + " CASCADE");
            }
            boolean roleExists;
            try (PreparedStatement find = admin.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                find.setString(1, role);
                try (ResultSet rs = find.executeQuery()) {
                    roleExists = rs.next();
                }
            }
            if (roleExists) {
                s.execute("REASSIGN OWNED BY " + quote(role) + " TO CURRENT_USER");
                s.execute("DROP OWNED BY " + quote(role));
                s.execute("DROP ROLE " + quote(role));
            }
        }
        return keepIt ? ProducerUsed.WorkspaceUsed.KEPT : ProducerUsed.WorkspaceUsed.DROPPED;
    }

    /** Ends a run's schema as configured (kept with --keep-workspace). */
    public String end(String runId) throws SQLException {
        return end(runId, keep);
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("closing a workspace connection: {}", Problems.describe(e));
            }
        }
    }
}
