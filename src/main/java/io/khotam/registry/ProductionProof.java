package io.khotam.registry;

import java.io.IOException;
import java.sql.SQLException;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the production fingerprint for the no-production-touch proof (README "The production registry: read-only, with proof"). A registry that
 * cannot be read never stops inspection: the reading says why, and the proof is not claimed.
 */
public class ProductionProof extends ServiceSupport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProductionProof.class);

    /**
     * A fingerprint, or why there is none; and the registry table's write counters where the
     * database keeps them (PostgreSQL), else null.
     */
    public record Reading(String fingerprint, String problem, WriteCounters counters) {
        public Reading(String fingerprint, String problem) {
            this(fingerprint, problem, null);
        }

        public boolean ok() {
            return fingerprint != null;
        }
    }

    /** After a failed reading the registry is not asked again for this long: a dead registry must not slow every run. */
    private static final java.time.Duration RETRY_AFTER = java.time.Duration.ofSeconds(30);

    private final RegistrySettings settings;
    private ReadOnlyRegistry registry;
    private Reading lastFailure;
    private long lastFailureNanos;

    public ProductionProof(RegistrySettings settings) {
        this.settings = settings;
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
            return lastFailure.problem();
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
            lastFailure = new Reading(null, problem);
            lastFailureNanos = System.nanoTime();
            return problem;
        }
    }

    /** The registry's read-only pooled DataSource, shared with the sample route (camel-jdbc); opened on first use. */
    public synchronized javax.sql.DataSource dataSource() throws IOException, SQLException {
        if (!configured()) {
            throw new IllegalStateException("no production registry is configured to read from");
        }
        if (registry == null) {
            registry = ReadOnlyRegistry.open(settings);
        }
        return registry.dataSource();
    }

    public synchronized Reading read() {
        if (!configured()) {
            return new Reading(null, "no production registry is configured");
        }
        if (lastFailure != null && System.nanoTime() - lastFailureNanos < RETRY_AFTER.toNanos()) {
            return lastFailure;
        }
        try {
            if (registry == null) {
                registry = ReadOnlyRegistry.open(settings);
            }
            lastFailure = null;
            // the counters first: a write between the two readings then shows in the counters, if not in the digest
            WriteCounters counters = registry.writeCounters();
            return new Reading(registry.fingerprint(), null, counters);
        } catch (SQLException | IOException | RuntimeException e) {
            String problem = "the registry " + settings.source() + " could not be read: " + rootCause(e);
            LOG.warn(problem);
            lastFailure = new Reading(null, problem);
            lastFailureNanos = System.nanoTime();
            return lastFailure;
        }
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
