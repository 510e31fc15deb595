package io.khotam.producer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Problems;
import io.khotam.evidence.ProducerUsed;
import io.khotam.evidence.RunIds;
import io.khotam.evidence.RunLayout;
import io.khotam.nodes.FencedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SQL producer's run in the workspace (docs/contract.md "Producer under test"), from its schema's
 * making to its end: schema {@code run_<run-id>} holds {@code birth_registry} in the production
 * shape plus {@code row_no} ({@link WorkspaceLoad}) and a login role made for the run that may use
 * that schema and that table and nothing else; the script runs as that role ({@link ProducerScript});
 * the table is read back beside a copy of what was loaded ({@link TableReadBack}); the schema is
 * dropped or kept and the role dropped ({@link #end}).
 */
public class SqlProducer {

    private static final Logger LOG = LoggerFactory.getLogger(SqlProducer.class);
    private static final SecureRandom RANDOM = new SecureRandom();

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
        if (!RunIds.is(runId)) {
            throw new IllegalArgumentException(runId + " is not a run id");
        }
        return "run_" + runId.replace('-', '_');
    }

    static String roleOf(String schema) {
        return "khotam_" + schema;
    }

    /** Whether a run's schema lies in this workspace (the one its manifest names): only there can it be dropped. */
    public boolean holds(ProducerUsed.WorkspaceUsed schema) {
        return workspace.database().equals(schema.database());
    }

    /** What the manifest says of a run's schema before anything is made. */
    public ProducerUsed.WorkspaceUsed planned(String runId) {
        return new ProducerUsed.WorkspaceUsed(workspace.database(), schemaOf(runId), ProducerUsed.WorkspaceUsed.CREATED);
    }

    /** The script's empty-script warning, said in the result line and the manifest. */
    public static final String EMPTY_SCRIPT = "the script holds no statement (empty, or comments only): nothing was run";

    /**
     * Makes a run's schema and its empty table, and starts loading it: the load takes each row
     * given to the producer as the reference records it (the run's beginning, step open-workspace).
     */
    public WorkspaceLoad open(String runId) throws SQLException {
        String q = quote(schemaOf(runId));
        Connection admin = workspace.admin();
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE SCHEMA " + q);
            // unlogged: a workspace is thrown away, and a crash drops it anyway; no WAL to write on load and update.
            // Pages a quarter full: a producer's UPDATE of a stamp then finds room for the new row version in its
            // page (a HOT update, no index entry to add), and so does the next stage's: three stages stamped by
            // three UPDATEs leave three versions of a row in one transaction, none of which can be pruned until
            // it ends. At half full the second UPDATE found no room (2.6 s, then 6.9 s, for a million rows)
            s.execute("CREATE UNLOGGED TABLE " + q + ".birth_registry " + RegistryColumns.TABLE + " WITH (fillfactor = 25)");
            return WorkspaceLoad.open(admin, q);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(admin);
            throw e;
        }
    }

    /**
     * The rest of a SQL producer's run, once its rows are recorded: the load finished (fed first from
     * the reference file when the run took its source's whole), the judge's copy and the run's role
     * made, the script run as that role, and its table ready to be read back.
     */
    public Produced run(ProducerJob job, byte[] scriptBytes, WorkspaceLoad load, boolean loadFromReference)
            throws ProducerFailedException {
        String schema = schemaOf(job.runId());
        String role = roleOf(schema);
        String password = HexFormat.of().formatHex(randomBytes());
        Connection admin = load.admin();
        ProducerScript script;
        try {
            script = ProducerScript.of(scriptBytes);
        } catch (IllegalArgumentException e) {
            closeQuietly(admin);
            throw new ProducerFailedException("the producer's script " + job.spec().source() + " is " + e.getMessage());
        }
        // the log reaches the run only while its lease is this node's (a node frozen past it writes nothing on waking)
        try (Writer log = new BufferedWriter(new OutputStreamWriter(new FencedOutputStream(
                Files.newOutputStream(job.runDir().resolve(RunLayout.PRODUCER_LOG)), job.fence()), StandardCharsets.UTF_8))) {
            long loadStarted = System.nanoTime();
            if (loadFromReference) {
                load.rows(job.referenceFile(), mapper);
            }
            long given = prepare(admin, schema, role, password, load);
            long loadMillis = (System.nanoTime() - loadStarted) / 1_000_000;
            LOG.info("run {}: {} rows loaded into workspace schema {} ({} ms after the reference); producer {} starts "
                    + "(timeout {})", job.runId(), given, schema, loadMillis, job.spec().source(), job.timeout());
            Instant from = clock(admin);
            long producerStarted = System.nanoTime();
            script.run(workspace, admin, role, password, schema, job.timeout(), log);
            long producerMillis = (System.nanoTime() - producerStarted) / 1_000_000;
            Instant to = clock(admin);
            return new TableReadBack(admin, schema, from, to, loadMillis, producerMillis,
                    script.empty() ? List.of(EMPTY_SCRIPT) : List.of(), mapper);
        } catch (IOException e) {
            closeQuietly(admin);
            throw new ProducerFailedException("the producer's log could not be written: " + Problems.describe(e));
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

    private long prepare(Connection admin, String schema, String role, String password, WorkspaceLoad load)
            throws SQLException, ProducerFailedException {
        String q = quote(schema);
        long rows = load.finish();
        String r = quote(role);
        try (Statement s = admin.createStatement()) {
            // what was given, beside the producer's table but out of its reach (no grant): the judge's "before"
            s.execute("CREATE UNLOGGED TABLE " + q + ".khotam_before AS TABLE " + q + ".birth_registry");
        }
        // made by the workspace's khotam_admin function (run-roles.sql): fixed attributes, CONNECT on this
        // database only, temp_file_limit at the bound, and kho-tam a member (it ends the role's sessions and
        // takes over what it made); the run's role is never a member of kho-tam's
        try (PreparedStatement create = admin.prepareStatement(WorkspaceHardening.CREATE_ROLE)) {
            create.setString(1, role);
            create.setString(2, password);
            create.setLong(3, workspace.bound().tempFileLimitKb());
            create.execute();
        }
        try (Statement s = admin.createStatement()) {
            s.execute("GRANT USAGE, CREATE ON SCHEMA " + q + " TO " + r);
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + q + ".birth_registry TO " + r);
            s.execute("ANALYZE " + q + ".birth_registry");
        }
        return rows;
    }

    private static Instant clock(Connection admin) throws SQLException {
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    /**
     * Ends a run's schema: dropped (or, with --keep-workspace, kept with what the producer made in it,
     * now owned by kho-tam), and the run's role gone either way, with everything else it left.
     *
     * @return what became of it: dropped or kept
     */
    public String end(String runId, boolean keepIt) throws SQLException {
        String schema = schemaOf(runId);
        String role = roleOf(schema);
        try (Connection admin = workspace.admin(); Statement s = admin.createStatement()) {
            endSessions(admin, role);
            if (!keepIt) {
                s.execute("DROP SCHEMA IF EXISTS " + quote(schema) + " CASCADE");
            }
            endRole(admin, role, keepIt);
            try (PreparedStatement left = admin.prepareStatement("SELECT (SELECT count(*) FROM pg_namespace WHERE nspname = ?) "
                    + "+ (SELECT count(*) FROM pg_roles WHERE rolname = ?)")) {
                left.setString(1, schema);
                left.setString(2, role);
                try (ResultSet rs = left.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) != (keepIt ? 1 : 0)) {
                        throw new SQLException("schema " + schema + " or role " + role + " is still in the workspace after its end");
                    }
                }
            }
        }
        return keepIt ? ProducerUsed.WorkspaceUsed.KEPT : ProducerUsed.WorkspaceUsed.DROPPED;
    }

    /**
     * Everything a run's role left in the workspace, ended: its sessions, its prepared transactions,
     * its large objects, what it owns (taken over by kho-tam when kept, else dropped), its default
     * privileges and grants, its settings, and the role itself.
     */
    static void endRole(Connection admin, String role, boolean keepWhatItMade) throws SQLException {
        endSessions(admin, role);
        if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
            return;
        }
        endPreparedTransactions(admin, role); // never inside a transaction block
        boolean autoCommit = admin.getAutoCommit();
        admin.setAutoCommit(false); // one transaction under the lock of role changes: its grants go with other runs' at once
        try {
            try (Statement lock = admin.createStatement()) {
                lock.execute(WorkspaceHardening.LOCK_ROLE_CHANGES);
            }
            endRoleLocked(admin, role, keepWhatItMade);
            admin.commit();
        } catch (SQLException | RuntimeException e) {
            admin.rollback();
            throw e;
        } finally {
            admin.setAutoCommit(autoCommit);
        }
    }

    private static void endPreparedTransactions(Connection admin, String role) throws SQLException {
        List<String> prepared = strings(admin, "SELECT gid FROM pg_prepared_xacts WHERE owner = ?", role);
        if (prepared.isEmpty()) {
            return;
        }
        try (Statement s = admin.createStatement()) {
            s.execute("SET ROLE " + quote(role)); // only its owner (or a superuser) may end a prepared transaction
            try {
                for (String gid : prepared) {
                    s.execute("ROLLBACK PREPARED '" + gid.replace("'", "''") + "'");
                }
            } finally {
                s.execute("RESET ROLE");
            }
        }
    }

    private static void endRoleLocked(Connection admin, String role, boolean keepWhatItMade) throws SQLException {
        try (Statement s = admin.createStatement()) {
            // dropped, never handed to kho-tam: a large object outlives any schema
            for (String oid : strings(admin, "SELECT oid::text FROM pg_largeobject_metadata WHERE lomowner = "
                    + "(SELECT oid FROM pg_roles WHERE rolname = ?)", role)) {
                s.execute("SELECT lo_unlink(" + Long.parseLong(oid) + ")");
            }
            if (keepWhatItMade) {
                s.execute("REASSIGN OWNED BY " + quote(role) + " TO CURRENT_USER");
            }
            s.execute("DROP OWNED BY " + quote(role));
        }
        try (PreparedStatement drop = admin.prepareStatement(WorkspaceHardening.DROP_ROLE)) {
            drop.setString(1, role);
            drop.execute();
        }
    }

    /** Ends the role's sessions, waiting for each to be gone (a session still open holds its locks on the schema). */
    private static void endSessions(Connection admin, String role) throws SQLException {
        try (PreparedStatement kill = admin.prepareStatement(
                "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE usename = ?")) {
            kill.setString(1, role);
            kill.execute();
        }
    }

    private static boolean exists(Connection admin, String sql, String value) throws SQLException {
        return !strings(admin, sql, value).isEmpty();
    }

    private static List<String> strings(Connection admin, String sql, String value) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement query = admin.prepareStatement(sql)) {
            query.setString(1, value);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    /** Ends a run's schema as configured (kept with --keep-workspace). */
    public String end(String runId) throws SQLException {
        return end(runId, keep);
    }

    static String quote(String identifier) {
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
