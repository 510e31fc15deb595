package io.khotam.producer;

import io.khotam.Problems;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a SQL producer's script on its own connection, as its run's role, and stops it from
 * kho-tam's side at the timeout (whatever statement_timeout the script set).
 */
final class ProducerScript {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerScript.class);

    private ProducerScript() {}

    /** How often the schema's size is looked at while the producer runs. */
    private static final long WATCH_MILLIS = 250;

    /**
     * The script, then its inspect() if it defined one; on the role's own connection, stopped from
     * here at the timeout, or when its schema has grown past the workspace's bound.
     */
    static void run(Workspace workspace, Connection admin, String role, String password, String schema, String script,
                    Duration timeout)
            throws SQLException, ProducerFailedException {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "khotam-producer-" + schema));
        long loaded = schemaBytes(admin, schema);
        WorkspaceBound bound = workspace.bound();
        try (Connection producer = workspace.as(role, password, null, SqlProducer.quote(schema))) {
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
                        long now = schemaBytes(admin, schema);
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

    /**
     * What the workspace database holds on disk, less what the other runs' schemas hold: this run's
     * own tables, and anything its producer made in a transaction not yet committed (which no
     * catalogue query can see, but the database's files show). Never waits on a producer's lock: a
     * size that cannot be read at once counts as unchanged until the next look.
     */
    private static long schemaBytes(Connection admin, String schema) throws SQLException {
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
