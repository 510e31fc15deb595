package io.khotam.registry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.inspection.RuleSetLoader;
import io.khotam.inspection.RuleSetUnavailableException;
import io.khotam.inspection.Rules;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a bounded sample of uncertified, in-scope registry rows and drops it into the inbox as
 * JSONL (written as .part, then renamed), where the normal route picks it up. Only the row fields
 * staging reads are selected: production-only columns never leave the registry.
 */
public class RegistrySampler {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrySampler.class);
    public static final int MAX_LIMIT = 1_000_000;

    private static final String COLUMNS = "entity_code, collection_name, species_code, dot_origin, governance_role, born_at, "
            + "name, description, status, certified, inspect_pen, inspect_stamp, inspect_gate";
    static final String SAMPLE_SQL = "SELECT " + COLUMNS + " FROM birth_registry WHERE certified = FALSE ORDER BY entity_code";
    static final String SAMPLE_COLLECTION_SQL = "SELECT " + COLUMNS
            + " FROM birth_registry WHERE certified = FALSE AND collection_name = ? ORDER BY entity_code";
    private static final int[] INSTANT_COLUMNS = {6, 11, 12, 13};
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    public record Sample(Path file, int rows) {}

    private final RegistrySettings settings;
    private final RuleSetLoader ruleSets;
    private final Path inbox;
    private final Clock clock;

    public RegistrySampler(RegistrySettings settings, RuleSetLoader ruleSets, Path inbox, Clock clock) {
        this.settings = settings;
        this.ruleSets = ruleSets;
        this.inbox = inbox;
        this.clock = clock;
    }

    /** @param only only this collection; null or blank for all */
    public Sample sample(int limit, String only) throws IOException, SQLException, RuleSetUnavailableException {
        String collection = only == null || only.isBlank() ? null : only.strip();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("the sample limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        if (settings.kind() == RegistrySettings.Kind.NONE) {
            throw new IllegalArgumentException("no registry is configured to sample from");
        }
        Rules rules = ruleSets.load();
        String name = "sample-" + FILE_TIME.format(clock.instant())
                + (collection == null ? "" : "-" + collection.replaceAll("[^A-Za-z0-9_-]", "_")) + ".jsonl";
        Files.createDirectories(inbox);
        Path part = inbox.resolve(name + ".part");
        int written = 0;
        try (ReadOnlyRegistry registry = ReadOnlyRegistry.open(settings);
             Connection connection = registry.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(collection == null ? SAMPLE_SQL : SAMPLE_COLLECTION_SQL)) {
            select.setFetchSize(500);
            if (collection != null) {
                select.setString(1, collection);
            }
            try (ResultSet rows = select.executeQuery(); OutputStream file = Files.newOutputStream(part);
                 JsonGenerator out = new ObjectMapper().getFactory().createGenerator(file)) {
                out.setRootValueSeparator(null);
                while (written < limit && rows.next()) {
                    if (rules.inScope(rows.getString("governance_role"))) {
                        writeRow(out, rows);
                        out.writeRaw('\n');
                        written++;
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (IOException | SQLException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        if (written == 0) {
            Files.delete(part);
            LOG.info("the registry {} has no uncertified in-scope rows{}; nothing dropped", settings.source(),
                    collection == null ? "" : " in " + collection);
            return new Sample(null, 0);
        }
        Path target = inbox.resolve(name);
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("sampled {} rows from {} into {}", written, settings.source(), target);
        return new Sample(target, written);
    }

    private static boolean isInstant(int column) {
        for (int c : INSTANT_COLUMNS) {
            if (c == column) {
                return true;
            }
        }
        return false;
    }

    private static void writeRow(JsonGenerator out, ResultSet rows) throws IOException, SQLException {
        out.writeStartObject();
        int columns = rows.getMetaData().getColumnCount();
        for (int i = 1; i <= columns; i++) {
            String field = rows.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT);
            if (i == 10) {
                out.writeBooleanField(field, rows.getBoolean(i));
            } else if (isInstant(i)) {
                OffsetDateTime at = rows.getObject(i, OffsetDateTime.class);
                out.writeStringField(field, at == null ? null
                        : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.withOffsetSameInstant(ZoneOffset.UTC)));
            } else {
                out.writeStringField(field, rows.getString(i));
            }
        }
        out.writeEndObject();
    }
}
