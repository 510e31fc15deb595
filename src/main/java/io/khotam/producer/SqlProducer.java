package io.khotam.producer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Problems;
import io.khotam.evidence.ProducerUsed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.regex.Pattern;
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
    private static final Pattern RUN_ID = Pattern.compile("[0-9]{8}-[0-9]{6}-[0-9a-f]{8}(-[0-9]+)?");
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
        if (!RUN_ID.matcher(runId).matches()) {
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
            ProducerScript.run(workspace, admin, role, password, schema, script, job.timeout());
            long producerMillis = (System.nanoTime() - producerStarted) / 1_000_000;
            Instant to = clock(admin);
            return new TableReadBack(admin, schema, from, to, loadMillis, producerMillis, mapper);
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
            s.execute("CREATE UNLOGGED TABLE " + q + ".birth_registry " + RegistryColumns.TABLE);
        }
        long rows = WorkspaceLoad.copy(admin, q, reference, mapper);
        String r = quote(role);
        try (Statement s = admin.createStatement()) {
            // what was given, beside the producer's table but out of its reach (no grant): the judge's "before"
            s.execute("CREATE UNLOGGED TABLE " + q + ".khotam_before AS TABLE " + q + ".birth_registry");
            s.execute("CREATE ROLE " + r + " LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                    + "CONNECTION LIMIT 2 PASSWORD '" + password + "'");
            // a workspace owner that is no superuser (CREATEROLE only) may reassign and drop what the
            // run's role made only as its member; the run's role is never a member of kho-tam's
            s.execute("GRANT " + r + " TO CURRENT_USER");
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
