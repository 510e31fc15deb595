package io.khotam.registry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Json;
import io.khotam.inspection.RuleSetLoader;
import io.khotam.inspection.RuleSetUnavailableException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the sample route (routes/sampler.camel.yaml: a fixed SELECT through camel-jdbc on the
 * read-only DataSource, split as a stream, one JSON line per row, written to the inbox as
 * {@code .part} and renamed) needs besides Camel: the statement, the rule-set's scope roles, the
 * sample's file name, one row as a line, and the rename. Only the row fields staging reads are
 * selected: production-only columns never leave the registry.
 */
public class RegistrySampler {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrySampler.class);
    public static final int MAX_LIMIT = 1_000_000;

    private static final String COLUMNS = "entity_code, collection_name, species_code, dot_origin, governance_role, born_at, "
            + "name, description, status, certified, inspect_pen, inspect_stamp, inspect_gate";
    // the only statements the sampler sends; :?roles and :?collection are bound parameters, never text
    static final String SAMPLE_SQL = "SELECT " + COLUMNS + " FROM birth_registry WHERE certified = FALSE"
            + " AND governance_role = ANY(:?roles) ORDER BY entity_code";
    static final String SAMPLE_COLLECTION_SQL = "SELECT " + COLUMNS + " FROM birth_registry WHERE certified = FALSE"
            + " AND governance_role = ANY(:?roles) AND collection_name = :?collection ORDER BY entity_code";
    private static final String[] INSTANT_FIELDS = {"born_at", "inspect_pen", "inspect_stamp", "inspect_gate"};
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = Json.DATA;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RuleSetLoader ruleSets;
    private final Path inbox;
    private final Clock clock;

    public RegistrySampler(RuleSetLoader ruleSets, Path inbox, Clock clock) {
        this.ruleSets = ruleSets;
        this.inbox = inbox;
        this.clock = clock;
    }

    /** @return the limit, checked */
    public int limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("the sample limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        return limit;
    }

    /** The rule-set's in-scope roles: the sample holds only rows staging would inspect. */
    public String[] roles() throws RuleSetUnavailableException {
        return ruleSets.load().scopeRoles().toArray(String[]::new);
    }

    public String sql(String collection) {
        return blank(collection) ? SAMPLE_SQL : SAMPLE_COLLECTION_SQL;
    }

    /**
     * sample-&lt;UTC time&gt;-&lt;random&gt;[-collection].jsonl: two samples drawn in one second (a late
     * scheduled one and the next, or the command beside the schedule) must never share a
     * {@code .part} or a name.
     */
    public String fileName(String collection) {
        return "sample-" + FILE_TIME.format(clock.instant()) + "-" + HexFormat.of().toHexDigits(RANDOM.nextInt())
                + (blank(collection) ? "" : "-" + collection.strip().replaceAll("[^A-Za-z0-9_-]", "_")) + ".jsonl";
    }

    /** One registry row as the JSON line (with its newline) a producer would drop: instants in ISO-8601 UTC. */
    public String line(Map<String, Object> row) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = JSON.getFactory().createGenerator(text)) {
            out.writeStartObject();
            for (Map.Entry<String, Object> column : row.entrySet()) {
                String field = column.getKey().toLowerCase(Locale.ROOT);
                Object value = column.getValue();
                if (isInstant(field) && value != null) {
                    out.writeStringField(field, DateTimeFormatter.ISO_INSTANT.format(instant(value)));
                } else if (value instanceof Boolean flag) {
                    out.writeBooleanField(field, flag);
                } else {
                    out.writeStringField(field, value == null ? null : value.toString());
                }
            }
            out.writeEndObject();
        }
        return text.append('\n').toString();
    }

    /**
     * Renames the written {@code .part} into the inbox, where the inbox route picks it up.
     *
     * @return the sample's file, or null when no row was sampled (nothing is dropped)
     */
    public Path publish(String fileName) throws IOException {
        Path part = inbox.resolve(fileName + ".part");
        if (!Files.exists(part)) {
            LOG.info("the registry has no uncertified in-scope rows to sample; nothing dropped");
            return null;
        }
        Path target = inbox.resolve(fileName);
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("sampled the registry into {}", target);
        return target;
    }

    private static boolean isInstant(String field) {
        for (String instant : INSTANT_FIELDS) {
            if (instant.equals(field)) {
                return true;
            }
        }
        return false;
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime at) {
            return at.toInstant();
        }
        if (value instanceof Timestamp at) {
            return at.toInstant();
        }
        if (value instanceof ZonedDateTime at) {
            return at.toInstant();
        }
        throw new IllegalStateException("the registry returned " + value.getClass().getSimpleName() + " for an instant");
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
