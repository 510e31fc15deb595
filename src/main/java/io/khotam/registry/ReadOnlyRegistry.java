package io.khotam.registry;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The production registry, read-only at the connection (read-only mode; for PostgreSQL also
 * {@code readOnlyMode=always}; the DEMO H2 file opened with {@code ACCESS_MODE_DATA=r}) and in the
 * code: the statements below are the only SQL kho-tam sends, all fixed SELECTs. The third level,
 * a role that may only SELECT, is the database's (docker/registry/02-readonly-role.sql, run by psql with the password as a variable).
 */
public final class ReadOnlyRegistry implements AutoCloseable {

    /** Every guarded column; jsonb is read as text so both databases digest it the same way. */
    static final String FINGERPRINT_SQL = "SELECT entity_code, collection_name, species_code, dot_origin, governance_role, "
            + "born_at, name, description, status, "
            // the boolean as the text it digests to, written by the database (both dialects): a driver's getBoolean is slow
            + "CASE WHEN certified THEN 'true' WHEN NOT certified THEN 'false' END, certified_at, canonical_address, owner, "
            + "CAST(jsonb_profile AS VARCHAR), inspect_pen, inspect_stamp, inspect_gate FROM birth_registry";
    /** The table as the registry's own search path finds it, as the fingerprint reads it. */
    /** Every table of the registry's database, and whether it is the registry itself (the one that must be there). */
    static final String COUNTERS_SQL = "SELECT schemaname || '.' || relname, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd, "
            + "relid = to_regclass('birth_registry') FROM pg_stat_user_tables ORDER BY 1";
    /** PostgreSQL: the parts of the table read at once for a digest, one per core. */
    static final int PARTS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Which part of the table a row is in: its primary key's hash. */
    private static final String PART_OF_TABLE = " WHERE mod(abs(hashtext(entity_code)::bigint), ?) = ?";
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f-]{1,64}");
    // the parts after the first are read here while the caller reads the first; daemon: never keeps the JVM up
    private static final Executor PART_READERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "khotam-registry-digest");
        thread.setDaemon(true);
        return thread;
    });
    private static final int TIMESTAMP_COLUMNS_MASK = (1 << 6) | (1 << 11) | (1 << 15) | (1 << 16) | (1 << 17);

    private final HikariDataSource pool;
    private final RegistrySettings settings;

    private ReadOnlyRegistry(HikariDataSource pool, RegistrySettings settings) {
        this.pool = pool;
        this.settings = settings;
    }

    public static ReadOnlyRegistry open(RegistrySettings settings) throws IOException, SQLException {
        if (settings.kind() == RegistrySettings.Kind.NONE) {
            throw new IllegalArgumentException("no registry is configured");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("khotam-registry");
        config.setReadOnly(true);
        config.setAutoCommit(false); // PostgreSQL streams with a cursor only outside auto-commit
        config.setMaximumPoolSize(ReadOnlyRegistry.PARTS + 2); // a digest's parts at once, and the runs' counters meanwhile
        config.setConnectionTimeout(5_000);     // an unreachable registry fails fast, never hangs
        config.setInitializationFailTimeout(-1); // and does not stop kho-tam from starting
        if (settings.kind() == RegistrySettings.Kind.DEMO) {
            DemoRegistry.seedOnce(settings);
            config.setJdbcUrl(settings.url() + ";ACCESS_MODE_DATA=r");
        } else {
            config.setJdbcUrl(settings.url());
            config.setUsername(settings.user());
            config.setPassword(settings.password());
            if (settings.url().startsWith("jdbc:postgresql:")) {
                config.addDataSourceProperty("readOnly", "true");
                config.addDataSourceProperty("readOnlyMode", "always");
            }
        }
        return new ReadOnlyRegistry(new HikariDataSource(config), settings);
    }

    /** The application's DataSource: every connection it hands out is read-only. */
    public DataSource dataSource() {
        return pool;
    }

    public String source() {
        return settings.source();
    }

    /**
     * The row count and an order-independent digest of every row's guarded columns: the sum,
     * modulo 2^256, of each row's SHA-256. Streams the table; memory stays flat. On PostgreSQL the
     * table is read in {@link #PARTS} parts at once, each on a connection of its own and all in the
     * one snapshot the first exports, so the digest is of one moment and the client's work (reading
     * and hashing every row) is shared by the cores.
     *
     * @return {@code <rows>:<64 hex>}
     */
    public String fingerprint() throws SQLException {
        if (!postgres()) {
            try (Connection connection = pool.getConnection()) {
                return digest(connection, FINGERPRINT_SQL, -1).fingerprint();
            }
        }
        try (Connection exporting = pool.getConnection()) {
            exporting.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                String snapshot;
                try (Statement export = exporting.createStatement();
                     ResultSet id = export.executeQuery("SELECT pg_export_snapshot()")) {
                    id.next();
                    snapshot = id.getString(1);
                }
                if (!SNAPSHOT_ID.matcher(snapshot).matches()) {
                    throw new SQLException("the registry exported a snapshot id of an unknown form: " + snapshot);
                }
                List<CompletableFuture<RegistryDigest>> others = new ArrayList<>();
                List<Connection> importing = new ArrayList<>();
                try {
                    for (int part = 1; part < PARTS; part++) {
                        Connection connection = pool.getConnection();
                        importing.add(connection);
                        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                        try (Statement join = connection.createStatement()) {
                            join.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
                        }
                        int mine = part;
                        others.add(CompletableFuture.supplyAsync(() -> {
                            try {
                                return digest(connection, FINGERPRINT_SQL + PART_OF_TABLE, mine);
                            } catch (SQLException e) {
                                throw new CompletionException(e);
                            }
                        }, PART_READERS));
                    }
                    RegistryDigest whole = digest(exporting, FINGERPRINT_SQL + PART_OF_TABLE, 0);
                    for (CompletableFuture<RegistryDigest> other : others) {
                        whole.add(other.join());
                    }
                    return whole.fingerprint();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof SQLException sql) {
                        throw sql;
                    }
                    throw e;
                } finally {
                    for (CompletableFuture<RegistryDigest> other : others) {
                        other.handle((digest, failed) -> null).join(); // a part still reading keeps its connection until it ends
                    }
                    for (Connection connection : importing) {
                        connection.rollback();
                        connection.close();
                    }
                }
            } finally {
                exporting.rollback();
            }
        }
    }

    /** Reads one part of the table (or all of it: part -1) and digests its rows. */
    private static RegistryDigest digest(Connection connection, String sql, int part) throws SQLException {
        RegistryDigest digest = new RegistryDigest();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setFetchSize(1_000);
            if (part >= 0) {
                select.setInt(1, PARTS);
                select.setInt(2, part);
            }
            try (ResultSet result = select.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    for (int i = 1; i <= columns; i++) {
                        digest.value(canonical(result, i));
                    }
                    digest.endRow();
                }
            }
        } finally {
            connection.rollback(); // nothing to undo: ends the read transaction before the pool takes it back
        }
        return digest;
    }

    private boolean postgres() {
        return settings.kind() == RegistrySettings.Kind.JDBC && settings.url().startsWith("jdbc:postgresql:");
    }

    /**
     * The registry table's write counters (PostgreSQL's {@code pg_stat_user_tables}); null for a
     * database that keeps none (the H2 demo). They reach the view once the writer's transaction
     * ends and its backend reports (PostgreSQL: at most once a second while it stays busy).
     */
    public WriteCounters writeCounters(Clock clock) throws SQLException {
        if (!postgres()) {
            return null;
        }
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement(COUNTERS_SQL);
             ResultSet result = select.executeQuery()) {
            try {
                Map<String, long[]> tables = new TreeMap<>();
                boolean registry = false;
                while (result.next()) {
                    tables.put(result.getString(1), new long[] {result.getLong(2), result.getLong(3), result.getLong(4),
                            result.getLong(5)});
                    registry |= result.getBoolean(6);
                }
                if (!registry) {
                    throw new SQLException("the registry has no table birth_registry with write statistics");
                }
                return WriteCounters.of(tables, clock.instant());
            } finally {
                connection.rollback(); // ends the read transaction (and its statistics snapshot)
            }
        }
    }

    private static String canonical(ResultSet result, int column) throws SQLException {
        if ((TIMESTAMP_COLUMNS_MASK & (1 << column)) != 0) {
            OffsetDateTime at = result.getObject(column, OffsetDateTime.class);
            return at == null ? null : Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, at.toInstant()));
        }
        return result.getString(column);
    }

    @Override
    public void close() {
        pool.close();
    }
}
