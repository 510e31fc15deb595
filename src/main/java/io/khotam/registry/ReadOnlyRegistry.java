package io.khotam.registry;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.khotam.Sha256;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.time.Instant;
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
            + "born_at, name, description, status, certified, certified_at, canonical_address, owner, "
            + "CAST(jsonb_profile AS VARCHAR), inspect_pen, inspect_stamp, inspect_gate FROM birth_registry";
    /** The table as the registry's own search path finds it, as the fingerprint reads it. */
    static final String COUNTERS_SQL = "SELECT n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd FROM pg_stat_user_tables "
            + "WHERE relid = to_regclass('birth_registry')";
    private static final int TIMESTAMP_COLUMNS_MASK = (1 << 6) | (1 << 11) | (1 << 15) | (1 << 16) | (1 << 17);
    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

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
        config.setMaximumPoolSize(2);
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
     * modulo 2^256, of each row's SHA-256. Streams the table; memory stays flat.
     *
     * @return {@code <rows>:<64 hex>}
     */
    public String fingerprint() throws SQLException {
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement(FINGERPRINT_SQL)) {
            select.setFetchSize(1_000);
            long rows = 0;
            BigInteger sum = BigInteger.ZERO;
            MessageDigest digest = Sha256.digest();
            try (ResultSet result = select.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    for (int i = 1; i <= columns; i++) {
                        update(digest, canonical(result, i));
                    }
                    sum = sum.add(new BigInteger(1, digest.digest()));
                    rows++;
                }
            } finally {
                connection.rollback(); // nothing to undo: ends the read transaction before the pool takes it back
            }
            return rows + ":" + String.format("%064x", sum.mod(MODULUS));
        }
    }

    /**
     * The registry table's write counters (PostgreSQL's {@code pg_stat_user_tables}); null for a
     * database that keeps none (the H2 demo). They reach the view once the writer's transaction
     * ends and its backend reports (PostgreSQL: at most once a second while it stays busy).
     */
    public WriteCounters writeCounters() throws SQLException {
        if (settings.kind() != RegistrySettings.Kind.JDBC || !settings.url().startsWith("jdbc:postgresql:")) {
            return null;
        }
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement(COUNTERS_SQL);
             ResultSet result = select.executeQuery()) {
            try {
                if (!result.next()) {
                    throw new SQLException("the registry has no table birth_registry with write statistics");
                }
                return new WriteCounters(result.getLong(1), result.getLong(2), result.getLong(3), result.getLong(4));
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
        if (column == 10) {
            boolean certified = result.getBoolean(column);
            return result.wasNull() ? null : Boolean.toString(certified);
        }
        return result.getString(column);
    }

    private static void update(MessageDigest digest, String value) {
        if (value == null) {
            digest.update((byte) 0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update((byte) 1);
        digest.update(BigInteger.valueOf(bytes.length).toByteArray());
        digest.update((byte) ':');
        digest.update(bytes);
    }

    @Override
    public void close() {
        pool.close();
    }
}
