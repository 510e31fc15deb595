package io.khotam.producer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.khotam.Problems;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.support.service.ServiceSupport;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kho-tam's own PostgreSQL, where SQL producers run: never the registry. By default an embedded
 * PostgreSQL that kho-tam starts on first use, its data under {@code <home>/.workspace/}; else the
 * database of {@code --workspace-url}. Its user must be allowed to create schemas and roles (CREATEROLE and pg_signal_backend suffice; no superuser).
 */
public class Workspace extends ServiceSupport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Workspace.class);
    public static final String EMBEDDED = "embedded";

    private final String url;
    private final String user;
    private final String password;
    private final Path embeddedDir;
    private final WorkspaceBound bound;
    private EmbeddedPostgres embedded;
    private String embeddedSecret;
    private boolean hardened;

    /**
     * @param url a jdbc:postgresql: URL, or {@link #EMBEDDED}
     * @param user and password: from the environment (never logged); null to take the URL's or none
     */
    public Workspace(String url, String user, String password, Path embeddedDir, WorkspaceBound bound) {
        this.url = url == null || url.isBlank() ? EMBEDDED : url.strip();
        this.user = user;
        this.password = password;
        this.embeddedDir = embeddedDir;
        this.bound = bound;
        if (!embedded() && !this.url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the workspace must be PostgreSQL: --workspace-url takes a jdbc:postgresql: URL, "
                    + "or 'embedded'");
        }
    }

    /** What a run's producer may write: its schema's growth, and the temporary files of its queries. */
    public WorkspaceBound bound() {
        return bound;
    }

    public boolean embedded() {
        return EMBEDDED.equals(url);
    }

    /**
     * Refuses a workspace that is the registry's database: producers write there, and the registry
     * is only ever read.
     *
     * @throws IllegalArgumentException saying so
     */
    public void requireApartFrom(String registryUrl) {
        if (embedded() || registryUrl == null || !registryUrl.startsWith("jdbc:postgresql:")) {
            return;
        }
        String workspace = where(url);
        if (workspace != null && workspace.equals(where(registryUrl))) {
            throw new IllegalArgumentException("the workspace URL names the registry's database (" + workspace + "); producers "
                    + "write in the workspace and the registry is only ever read: give kho-tam a database of its own");
        }
    }

    /** host:port/database, without user or password: what a manifest may say of where a schema is. */
    public synchronized String database() {
        return embedded() ? "embedded (" + embeddedDir + ")" : where(url);
    }

    /** A connection as kho-tam's own workspace user, its search_path pg_catalog only (no producer's object is ever found by name). */
    public synchronized Connection admin() throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl(), adminCredentials());
        try {
            try (Statement s = c.createStatement()) {
                s.execute("SET search_path = pg_catalog");
            }
            if (!hardened) {
                WorkspaceHardening.harden(this, c, bound.tempFileLimitKb());
                hardened = true;
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * A connection as a run's own login role, for its producer: to the workspace's host, port and
     * database (or another database of its server, for the probes), with none of the URL's own user
     * or password (a URL's parameters would win over ours).
     */
    synchronized Connection as(String role, String rolePassword, String database, String searchPath) throws SQLException {
        Properties props = Driver.parseURL(jdbcUrl(), new Properties());
        if (props == null) {
            throw new SQLException("the workspace URL cannot be read");
        }
        String[] hosts = props.getProperty("PGHOST").split(",");
        String[] ports = props.getProperty("PGPORT").split(",");
        StringBuilder url = new StringBuilder("jdbc:postgresql://");
        for (int i = 0; i < hosts.length; i++) {
            url.append(i == 0 ? "" : ",").append(hosts[i]).append(':').append(ports[Math.min(i, ports.length - 1)]);
        }
        url.append('/').append(database != null ? database : props.getProperty("PGDBNAME"));
        for (String key : new String[] {"PGHOST", "PGPORT", "PGDBNAME"}) {
            props.remove(key);
        }
        props.putAll(credentials(role, rolePassword)); // over the URL's own user and password
        props.setProperty("preferQueryMode", "simple"); // the script is sent as written, one Query: positions are the script's
        props.setProperty("options", "-c search_path=" + searchPath);
        props.setProperty("ApplicationName", "kho-tam producer " + role);
        return DriverManager.getConnection(url.toString(), props);
    }

    /**
     * A small pool of connections as kho-tam's own workspace user, for its bookkeeping (node
     * leases): every connect and every answer is waited for at most {@code timeout}, so a database
     * that went away is seen in time rather than waited on.
     */
    public synchronized HikariDataSource pool(String name, Duration timeout) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl());
        Properties given = adminCredentials();
        if (given.getProperty("user") != null) {
            config.setUsername(given.getProperty("user"));
        }
        if (given.getProperty("password") != null) {
            config.setPassword(given.getProperty("password"));
        }
        long seconds = Math.max(1, timeout.toSeconds());
        config.addDataSourceProperty("connectTimeout", String.valueOf(seconds));
        config.addDataSourceProperty("socketTimeout", String.valueOf(seconds));
        config.addDataSourceProperty("loginTimeout", String.valueOf(seconds));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", "kho-tam " + name);
        config.setConnectionTimeout(Math.max(250, timeout.toMillis()));
        config.setValidationTimeout(Math.max(250, Math.min(timeout.toMillis(), 5_000)));
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setInitializationFailTimeout(-1); // a database away at start is said by the first use, with its reason
        return new HikariDataSource(config);
    }

    private String jdbcUrl() throws SQLException {
        if (embedded()) {
            return "jdbc:postgresql://localhost:" + embeddedServer().getPort() + "/postgres";
        }
        return url;
    }

    /** kho-tam's own credentials: the ones given, or the embedded admin's (its secret read or made at start). */
    private Properties adminCredentials() throws SQLException {
        if (embedded()) {
            embeddedServer();
            return credentials(EmbeddedAccess.ADMIN, embeddedSecret);
        }
        return credentials(user, password);
    }

    private static Properties credentials(String name, String secret) {
        Properties props = new Properties();
        if (name != null) {
            props.setProperty("user", name);
        }
        if (secret != null) {
            props.setProperty("password", secret);
        }
        return props;
    }

    private EmbeddedPostgres embeddedServer() throws SQLException {
        if (embedded == null) {
            try {
                Files.createDirectories(embeddedDir);
                stopOrphan();
                long started = System.nanoTime();
                EmbeddedAccess access = new EmbeddedAccess(embeddedDir, EmbeddedAccess.privateBinariesDir());
                embedded = access.builder().start();
                embeddedSecret = access.secret();
                LOG.info("workspace: embedded PostgreSQL started on port {} in {} ms, data in {}", embedded.getPort(),
                        (System.nanoTime() - started) / 1_000_000, embeddedDir);
            } catch (IOException | RuntimeException e) {
                throw new SQLException("the embedded workspace PostgreSQL could not start in " + embeddedDir + ": "
                        + Problems.describe(e), e);
            }
        }
        return embedded;
    }

    /**
     * A kho-tam killed with SIGKILL leaves its embedded PostgreSQL running, holding the data
     * directory: that orphan (its parent gone, so re-parented away from any java process) is
     * stopped. One still owned by a live process is that process's: refused, saying so.
     */
    private void stopOrphan() throws IOException {
        Path pidFile = embeddedDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
        if (!first.matches("[0-9]+")) {
            return;
        }
        ProcessHandle postmaster = ProcessHandle.of(Long.parseLong(first)).orElse(null);
        if (postmaster == null || !postmaster.info().command().orElse("").endsWith("postgres")) {
            return; // gone: a stale pid file, which PostgreSQL itself clears
        }
        ProcessHandle owner = postmaster.parent().orElse(null);
        if (owner != null && owner.info().command().orElse("").endsWith("java")) {
            throw new IOException("the workspace in " + embeddedDir + " is in use by process " + owner.pid()
                    + " (another kho-tam on this home); one process at a time uses it");
        }
        LOG.warn("workspace: stopping the embedded PostgreSQL (pid {}) left running by a kho-tam that was killed", postmaster.pid());
        try {
            // SIGINT is PostgreSQL's fast shutdown: it ends the backends too (SIGTERM would wait for a dead client's query)
            new ProcessBuilder("kill", "-INT", String.valueOf(postmaster.pid())).inheritIO().start().waitFor();
            postmaster.onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the orphaned workspace PostgreSQL");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the orphaned workspace PostgreSQL (pid " + postmaster.pid() + ") did not stop within 30 s");
        }
    }

    static String where(String jdbcUrl) {
        Properties parsed = Driver.parseURL(jdbcUrl, new Properties());
        if (parsed == null) {
            return null;
        }
        String host = parsed.getProperty("PGHOST", "localhost").toLowerCase(Locale.ROOT);
        if (host.equals("127.0.0.1") || host.equals("::1") || host.equals("[::1]")) {
            host = "localhost";
        }
        return host + ":" + parsed.getProperty("PGPORT", "5432") + "/" + parsed.getProperty("PGDBNAME", "");
    }

    @Override
    protected void doStop() {
        close();
    }

    @Override
    public synchronized void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.warn("workspace: the embedded PostgreSQL did not stop cleanly: {}", Problems.describe(e));
            }
            embedded = null;
        }
    }
}
