package io.khotam.producer;

import io.khotam.Problems;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SQL producer's script, run on its own connection as its run's role: read as UTF-8 text (a
 * byte-order mark skipped), split into statements the way PostgreSQL's own driver reads SQL, and
 * run one statement after the other in one transaction (unless the script commits itself), then its
 * {@code inspect()} if it defined one. Knowing which statement runs, every error is said with its
 * SQLSTATE and the script's line and column, in one short line; the server's whole message, and
 * every notice the script raised, go to the producer's log. Stopped from kho-tam's side at the
 * timeout (whatever statement_timeout the script set) or when the workspace has grown past its bound.
 */
final class ProducerScript {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerScript.class);
    /** How often the workspace's size is looked at while the producer runs. */
    private static final long WATCH_MILLIS = 250;
    /** The longest reason a failing script leaves in the result line and the manifest. */
    static final int REASON_MAX = 300;
    private static final Pattern PLPGSQL_LINE = Pattern.compile("PL/pgSQL function (\\S+) line (\\d+)");

    /** One statement of the script and where it starts in it. */
    record Part(String sql, int offset) {}

    private final String text;
    private final List<Part> parts;

    private ProducerScript(String text, List<Part> parts) {
        this.text = text;
        this.parts = parts;
    }

    /**
     * @throws IllegalArgumentException when the bytes are not UTF-8 text, saying at which byte
     */
    static ProducerScript of(byte[] bytes) {
        String text = text(bytes);
        List<Part> parts = new ArrayList<>();
        try {
            int cursor = 0;
            for (NativeQuery query : Parser.parseJdbcSql(text, true, false, true, false, false)) {
                int at = text.indexOf(query.nativeSql, cursor);
                at = at < 0 ? cursor : at;
                cursor = at + query.nativeSql.length();
                if (!commentsOnly(query.nativeSql)) {
                    parts.add(new Part(query.nativeSql, at));
                }
            }
        } catch (SQLException e) {
            // the driver could not split it: send it whole, and let PostgreSQL say where it is wrong
            parts = List.of(new Part(text, 0));
        }
        return new ProducerScript(text, parts);
    }

    /**
     * A piece holding nothing but white space and comments. (The driver's own parser has already kept
     * quoted text together; a piece misjudged here is merely sent, and PostgreSQL finds it empty.)
     */
    private static boolean commentsOnly(String sql) {
        return sql.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\n]*", " ").isBlank();
    }

    /** The script as text: UTF-8, its byte-order mark skipped, no control character but tab, line feed, form feed, return. */
    static String text(byte[] bytes) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        String text;
        try {
            text = utf8.decode(in).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8 text at byte " + firstBadByte(bytes));
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7F) {
                int bytesBefore = text.substring(0, i).getBytes(StandardCharsets.UTF_8).length
                        + (bytes.length >= 3 && bytes[0] == (byte) 0xEF ? 3 : 0);
                throw new IllegalArgumentException("not text: a control character (" + String.format("U+%04X", (int) c)
                        + ") at byte " + bytesBefore + " (line " + lineOf(text, i) + ")");
            }
        }
        return text;
    }

    private static long firstBadByte(byte[] bytes) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        utf8.decode(in, out, true);
        return in.position();
    }

    /** Whether the script holds no statement at all (empty, blank, or comments only). */
    boolean empty() {
        return parts.isEmpty();
    }

    /**
     * The script, then its inspect() if it defined one; on the role's own connection.
     *
     * @param log the producer's log (evidence/producer.log): notices, and a failure's whole message
     */
    void run(Workspace workspace, Connection admin, String role, String password, String schema, Duration timeout,
             Writer log) throws SQLException, ProducerFailedException {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "khotam-producer-" + schema));
        long loaded = workspaceBytes(admin, schema);
        WorkspaceBound bound = workspace.bound();
        try (Connection producer = workspace.as(role, password, null, SqlProducer.quote(schema))) {
            int pid;
            try (Statement s = producer.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            Future<Void> work = thread.submit(() -> {
                runParts(producer, schema, log);
                return null;
            });
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (true) {
                    try {
                        work.get(Math.min(WATCH_MILLIS, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)),
                                TimeUnit.MILLISECONDS);
                        break;
                    } catch (TimeoutException e) {
                        if (System.nanoTime() - deadline >= 0) {
                            terminate(admin, pid);
                            throw new ProducerFailedException("the producer ran past its timeout of " + timeout.toSeconds()
                                    + " s (--producer-timeout) and was stopped");
                        }
                        long now = workspaceBytes(admin, schema);
                        long grown = now == Long.MIN_VALUE || loaded == Long.MIN_VALUE ? 0 : now - loaded;
                        if (grown > bound.maxBytes()) {
                            terminate(admin, pid);
                            throw new ProducerFailedException("the producer's workspace grew by " + WorkspaceBound.words(grown)
                                    + ", past its bound of " + bound.text() + " (khotam.producer.max-workspace), and it was stopped");
                        }
                    }
                }
            } catch (InterruptedException e) {
                terminate(admin, pid);
                Thread.currentThread().interrupt();
                throw new ProducerFailedException("stopped while the producer ran");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof ProducerFailedException failed ? failed
                        : new ProducerFailedException(shorten("the producer failed: " + Problems.describe(e.getCause())));
            }
        } finally {
            thread.shutdownNow();
        }
    }

    /** Each statement in turn, in one transaction unless the script commits itself; then inspect(), on its own. */
    private void runParts(Connection producer, String schema, Writer log) throws SQLException, ProducerFailedException,
            IOException {
        producer.setAutoCommit(false);
        for (Part part : parts) {
            execute(producer, part.sql(), part, log);
        }
        producer.commit();
        producer.setAutoCommit(true); // an inspect() procedure may commit by itself
        String call = inspectCall(producer, schema);
        if (call != null) {
            execute(producer, call, null, log);
        }
    }

    private void execute(Connection producer, String sql, Part part, Writer log) throws SQLException, ProducerFailedException,
            IOException {
        try (Statement s = producer.createStatement()) {
            s.setEscapeProcessing(false); // sent as written: no JDBC escapes, no client-side parsing of its quotes
            try {
                s.execute(sql);
            } catch (SQLException e) {
                notices(s.getWarnings(), log);
                log.write(fullFailure(e, part) + "\n");
                log.flush();
                throw new ProducerFailedException(failure(e, part));
            }
            notices(s.getWarnings(), log);
        }
    }

    private static void notices(SQLWarning warning, Writer log) throws IOException {
        for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
            log.write(w.getMessage() + "\n");
        }
        log.flush();
    }

    /** The failure in one line of at most {@value #REASON_MAX} characters: SQLSTATE, message, line and column of the script. */
    String failure(SQLException e, Part part) {
        String where = part == null ? "in inspect(), called after the script" : locate(e, part);
        StringBuilder line = new StringBuilder("the producer failed: ").append(e.getSQLState() == null ? "" : e.getSQLState() + " ")
                .append(firstLine(message(e)));
        line.append(" (").append(where).append(')');
        String inner = inner(e);
        if (inner != null) {
            line.append("; in ").append(inner);
        }
        return shorten(line.toString());
    }

    /** Everything the server said, for the producer's log. */
    private String fullFailure(SQLException e, Part part) {
        StringBuilder text = new StringBuilder("ERROR ").append(e.getSQLState()).append(' ')
                .append(part == null ? "in inspect()" : locate(e, part)).append(": ").append(message(e));
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage m = psql.getServerErrorMessage();
            append(text, "DETAIL", m.getDetail());
            append(text, "HINT", m.getHint());
            append(text, "WHERE", m.getWhere());
            append(text, "INTERNAL QUERY", m.getInternalQuery());
        }
        if (part != null) {
            String sql = part.sql().strip();
            append(text, "STATEMENT", sql.length() > 2000 ? sql.substring(0, 2000) + "…" : sql);
        }
        return text.toString();
    }

    private static void append(StringBuilder text, String label, String value) {
        if (value != null && !value.isBlank()) {
            text.append('\n').append(label).append(": ").append(value);
        }
    }

    /** "line L, column C": where PostgreSQL points, else where the failing statement starts. */
    private String locate(SQLException e, Part part) {
        int offset = part.offset() + leadingBlank(part.sql());
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null && psql.getServerErrorMessage().getPosition() > 0) {
            offset = part.offset() + psql.getServerErrorMessage().getPosition() - 1;
            return "line " + lineOf(text, offset) + ", column " + columnOf(text, offset);
        }
        return "line " + lineOf(text, offset) + ", column " + columnOf(text, offset) + ", the statement starting there";
    }

    /** Inside a PL/pgSQL function or DO block: which, and its line; for a DO block also the script's line. */
    private String inner(SQLException e) {
        if (!(e instanceof PSQLException psql) || psql.getServerErrorMessage() == null || psql.getServerErrorMessage().getWhere() == null) {
            return null;
        }
        String where = psql.getServerErrorMessage().getWhere();
        Matcher m = PLPGSQL_LINE.matcher(where);
        if (!m.find()) {
            return firstLine(where);
        }
        return m.group(1).equals("inline_code_block") ? "the DO block, its line " + m.group(2)
                : "function " + m.group(1) + ", its line " + m.group(2);
    }

    private static String message(SQLException e) {
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            return psql.getServerErrorMessage().getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }

    private static String shorten(String line) {
        String one = line.replace('\n', ' ').replace('\r', ' ');
        return one.length() <= REASON_MAX ? one : one.substring(0, REASON_MAX - 1) + "…";
    }

    private static int leadingBlank(String sql) {
        int i = 0;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    static int columnOf(String text, int offset) {
        int start = text.lastIndexOf('\n', Math.min(offset, text.length()) - 1) + 1;
        return offset - start + 1;
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

    /**
     * What the workspace database holds on disk, less what the other runs' schemas hold: this run's
     * own tables, and anything its producer made in a transaction not yet committed (which no
     * catalogue query can see, but the database's files show). Never waits on a producer's lock: a
     * size that cannot be read at once counts as unchanged until the next look.
     */
    private static long workspaceBytes(Connection admin, String schema) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute("SET lock_timeout = '100ms'");
            try (PreparedStatement size = admin.prepareStatement("SELECT pg_database_size(current_database()) - "
                    + "coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname LIKE 'run\\_%' AND n.nspname <> ? AND c.relkind IN ('r', 'm')")) {
                size.setString(1, schema);
                try (ResultSet rs = size.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            } catch (SQLException e) {
                if ("55P03".equals(e.getSQLState())) { // lock_not_available
                    return Long.MIN_VALUE;
                }
                throw e;
            } finally {
                s.execute("RESET lock_timeout");
            }
        }
    }

    private static void terminate(Connection admin, int pid) {
        try (PreparedStatement s = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
            s.setInt(1, pid);
            s.execute();
        } catch (SQLException e) {
            LOG.warn("the producer's backend {} could not be terminated: {}", pid, Problems.describe(e));
        }
    }
}
