package io.khotam.registry;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the production registry for the no-production-touch proof (docs/contract.md "Production
 * registry"): its full digest (O(rows), shared by the runs it encloses) and its write counters
 * (O(1), read around every run). A registry that cannot be read never stops inspection: the
 * reading says why, and the proof is not claimed.
 */
public class ProductionProof extends ServiceSupport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProductionProof.class);

    /**
     * A full digest of the registry table ({@code <rows>:<hex>}), or why there is none; the write
     * counters read just before it where the database keeps them (PostgreSQL), else null; and when
     * it was taken (the database's snapshot is at or after that instant).
     */
    public record Digest(String fingerprint, WriteCounters counters, Instant at, String problem, long millis) {
        public boolean ok() {
            return fingerprint != null;
        }
    }

    /** The write counters alone: null values where the database keeps none (the H2 demo), or why they could not be read. */
    public record Counters(WriteCounters values, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** After a failed reading the registry is not asked again for this long: a dead registry must not slow every run. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final RegistrySettings settings;
    private final Clock clock;
    private ReadOnlyRegistry registry;
    private String lastFailure;
    private long lastFailureNanos;

    public ProductionProof(RegistrySettings settings) {
        this(settings, Clock.systemUTC());
    }

    public ProductionProof(RegistrySettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public boolean configured() {
        return settings.kind() != RegistrySettings.Kind.NONE;
    }

    public String source() {
        return settings.source();
    }

    /** @return null when the registry answers, else why not (a cheap connection check, for health) */
    public synchronized String unreachable() {
        if (lastFailure != null && System.nanoTime() - lastFailureNanos < RETRY_AFTER.toNanos()) {
            return lastFailure;
        }
        try {
            if (registry == null) {
                registry = ReadOnlyRegistry.open(settings);
            }
            try (var connection = registry.dataSource().getConnection()) {
                return connection.isValid(2) ? null : "the registry " + settings.source() + " does not answer";
            }
        } catch (SQLException | IOException | RuntimeException e) {
            String problem = "the registry " + settings.source() + " could not be reached: " + rootCause(e);
            lastFailure = problem;
            lastFailureNanos = System.nanoTime();
            return problem;
        }
    }

    /** The registry's read-only pooled DataSource, shared with the sample route (camel-jdbc); opened on first use. */
    public synchronized DataSource dataSource() throws IOException, SQLException {
        if (!configured()) {
            throw new IllegalStateException("no production registry is configured to read from");
        }
        if (registry == null) {
            registry = ReadOnlyRegistry.open(settings);
        }
        return registry.dataSource();
    }

    /**
     * The full digest, with the write counters read first (a write between the two then shows in
     * the counters). No lock is held while it reads: the runs' counters go on meanwhile.
     */
    public Digest digest() {
        Instant at = clock.instant();
        long started = System.nanoTime();
        Readable readable = readable();
        if (readable.problem() != null) {
            return new Digest(null, null, at, readable.problem(), 0);
        }
        try {
            WriteCounters counters = readable.registry().writeCounters(clock);
            String fingerprint = readable.registry().fingerprint();
            return new Digest(fingerprint, counters, at, null, (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException | RuntimeException e) {
            return new Digest(null, null, at, failed(e), (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** The write counters (O(1)), read around every run. */
    public Counters counters() {
        Readable readable = readable();
        if (readable.problem() != null) {
            return new Counters(null, readable.problem());
        }
        try {
            return new Counters(readable.registry().writeCounters(clock), null);
        } catch (SQLException | RuntimeException e) {
            return new Counters(null, failed(e));
        }
    }

    /** The registry to read now, or why it is not read (none configured, or it failed less than {@link #RETRY_AFTER} ago). */
    private record Readable(ReadOnlyRegistry registry, String problem) {}

    private synchronized Readable readable() {
        if (!configured()) {
            return new Readable(null, "no production registry is configured");
        }
        if (lastFailure != null && System.nanoTime() - lastFailureNanos < RETRY_AFTER.toNanos()) {
            return new Readable(null, lastFailure);
        }
        try {
            if (registry == null) {
                registry = ReadOnlyRegistry.open(settings);
            }
        } catch (SQLException | IOException | RuntimeException e) {
            return new Readable(null, failed(e));
        }
        lastFailure = null;
        return new Readable(registry, null);
    }

    private synchronized String failed(Exception e) {
        String problem = "the registry " + settings.source() + " could not be read: " + rootCause(e);
        LOG.warn(problem);
        lastFailure = problem;
        lastFailureNanos = System.nanoTime();
        return problem;
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + cause.getMessage() + ")";
    }

    @Override
    public void close() {
        doStop();
    }

    @Override
    protected synchronized void doStop() {
        if (registry != null) {
            registry.close();
            registry = null;
        }
    }
}
