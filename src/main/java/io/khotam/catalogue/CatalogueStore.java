package io.khotam.catalogue;

import io.khotam.Stage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The catalogue's tables and every question asked of them, in SQL both of its homes speak: a SQLite
 * file beside the runs of a single-host home, or schema {@code khotam_catalogue} of the workspace
 * PostgreSQL that every node of a shared home reaches (docs/architecture.md "The run catalogue").
 * Rows carry their home, so one PostgreSQL may index several. Lists run newest first by start time
 * and run id, paged by keyset: a page never shifts when runs are added or deleted meanwhile.
 */
public final class CatalogueStore implements AutoCloseable {

    /** What differs between the two homes of a catalogue. */
    public enum Dialect {
        SQLITE(""), POSTGRES("khotam_catalogue.");

        private final String prefix;

        Dialect(String prefix) {
            this.prefix = prefix;
        }
    }

    /** What the catalogue knows of a run's files, to tell whether they changed. */
    public record Known(String status, long manifestMtime, long manifestSize, long lettersFor) {}

    /** Runs changed and runs gone since an instant, and the instant the answer holds for. */
    public record Changes(List<RunSummary> changed, List<String> gone, long nowMicros) {}

    private static final String RUN_COLUMNS = "run_id, started_us, finished_us, status, reason, input_file, input_lower, "
            + "ruleset_id, ruleset_version, node, producer_kind, verdict, proof, rerun_of, counts_json, scanned, dead_letters, "
            + "manifest_mtime, manifest_size, attention";
    private static final int MAX_CHANGES = 1000;

    private final DataSource data;
    private final AutoCloseable owned;
    private final Dialect dialect;
    private final String home;
    private final String runs;
    private final String letters;
    private final String gone;
    private final String meta;

    /** @param owned what to close with the store (its own pool), or null when the pool is someone else's */
    public CatalogueStore(DataSource data, AutoCloseable owned, Dialect dialect, String home) {
        this.data = data;
        this.owned = owned;
        this.dialect = dialect;
        this.home = home;
        this.runs = dialect.prefix + "runs";
        this.letters = dialect.prefix + "letters";
        this.gone = dialect.prefix + "gone";
        this.meta = dialect.prefix + "meta";
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public void close() throws Exception {
        if (owned != null) {
            owned.close();
        }
    }

    /**
     * Makes the tables where missing. Nodes starting at once race on them in PostgreSQL: a loser's
     * CREATE ... IF NOT EXISTS meets the winner's uncommitted catalogue row and fails as a duplicate
     * (a key, a schema, a table, or the table's row type), and tries again, finding them made. The layout is then read and the tables made in one
     * transaction holding the meta table's lock, so that no node drops what another has just made
     * and not yet marked (which left a starting node without its runs table).
     */
    public void open() throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
                if (dialect == Dialect.POSTGRES) {
                    s.execute("CREATE SCHEMA IF NOT EXISTS khotam_catalogue");
                }
                s.execute("CREATE TABLE IF NOT EXISTS " + meta + " (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
                c.setAutoCommit(false);
                try {
                    if (dialect == Dialect.POSTGRES) {
                        s.execute("LOCK TABLE " + meta + " IN SHARE ROW EXCLUSIVE MODE");
                    }
                    makeTables(c, s);
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
                return;
            } catch (SQLException e) {
                boolean raced = dialect == Dialect.POSTGRES && Arrays.asList("23505", "42P06", "42P07", "42710").contains(e.getSQLState());
                if (!raced || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    private void makeTables(Connection c, Statement s) throws SQLException {
        if (!SCHEMA.equals(metaValue(c, "schema"))) {
            // a catalogue of another layout is only an index: dropped and rebuilt from the files
            for (String table : List.of(runs, letters, gone)) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        }
        s.execute("CREATE TABLE IF NOT EXISTS " + runs + " (home TEXT NOT NULL, run_id TEXT NOT NULL, "
                + "started_us BIGINT NOT NULL, finished_us BIGINT, status TEXT NOT NULL, reason TEXT, input_file TEXT, "
                + "input_lower TEXT, ruleset_id TEXT, ruleset_version TEXT, node TEXT, producer_kind TEXT, verdict TEXT, "
                + "proof TEXT, rerun_of TEXT, counts_json TEXT, scanned BIGINT NOT NULL, dead_letters BIGINT NOT NULL, "
                + "attention INTEGER NOT NULL, manifest_mtime BIGINT NOT NULL, manifest_size BIGINT NOT NULL, "
                + "letters_for BIGINT NOT NULL, changed_us BIGINT NOT NULL, PRIMARY KEY (home, run_id))");
        // each list's order is an index's order, so a page reads its rows and no more
        s.execute("CREATE INDEX IF NOT EXISTS runs_newest ON " + runs + " (home, started_us DESC, run_id DESC)");
        s.execute("CREATE INDEX IF NOT EXISTS runs_changed ON " + runs + " (home, changed_us)");
        for (String column : List.of("status", "verdict", "proof", "attention", "node")) {
            s.execute("CREATE INDEX IF NOT EXISTS runs_" + column + " ON " + runs + " (home, " + column
                    + ", started_us DESC, run_id DESC)");
        }
        s.execute("CREATE TABLE IF NOT EXISTS " + letters + " (home TEXT NOT NULL, run_id TEXT NOT NULL, "
                + "started_us BIGINT NOT NULL, stage_no INTEGER NOT NULL, line_no BIGINT NOT NULL, row_no BIGINT, "
                + "entity_code TEXT, codes TEXT NOT NULL, byte_offset BIGINT NOT NULL, "
                + "PRIMARY KEY (home, run_id, stage_no, line_no))");
        s.execute("CREATE INDEX IF NOT EXISTS letters_entity ON " + letters
                + " (home, entity_code, started_us DESC, run_id DESC, stage_no, line_no)");
        s.execute("CREATE INDEX IF NOT EXISTS letters_newest ON " + letters
                + " (home, started_us DESC, run_id DESC, stage_no, line_no)");
        s.execute("CREATE TABLE IF NOT EXISTS " + gone + " (home TEXT NOT NULL, run_id TEXT NOT NULL, "
                + "gone_us BIGINT NOT NULL, PRIMARY KEY (home, run_id))");
        s.execute("CREATE INDEX IF NOT EXISTS gone_newest ON " + gone + " (home, gone_us)");
        setMeta(c, "schema", SCHEMA);
    }

    /** The layout of the tables; another one found is dropped (the catalogue is rebuilt from the files). */
    static final String SCHEMA = "2";

    private String metaValue(Connection c, String name) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT value FROM " + meta + " WHERE name = ?")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private void setMeta(Connection c, String name, String value) throws SQLException {
        try (PreparedStatement put = c.prepareStatement("INSERT INTO " + meta + " (name, value) VALUES (?, ?) "
                + "ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
            put.setString(1, name);
            put.setString(2, value);
            put.executeUpdate();
        }
    }

    /** A note the keeper keeps of this home (the staging folder's time at its last sweep), or null. */
    public String note(String name) throws SQLException {
        try (Connection c = data.getConnection()) {
            return metaValue(c, home + "/" + name);
        }
    }

    public void note(String name, String value) throws SQLException {
        try (Connection c = data.getConnection()) {
            setMeta(c, home + "/" + name, value);
        }
    }

    /** After many rows came in at once (a rebuild): the planner told what the tables now hold. */
    public void analyze() throws SQLException {
        try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
            if (dialect == Dialect.SQLITE) {
                s.execute("ANALYZE");
            } else {
                for (String table : List.of(runs, letters, gone)) {
                    s.execute("ANALYZE " + table);
                }
            }
        }
    }

    /** Every run the catalogue holds, with what it knew of its files. */
    public Map<String, Known> known() throws SQLException {
        return known("");
    }

    /** The runs the catalogue holds as not ended (RUNNING, or UNKNOWN: no readable manifest yet), with what it knew of their files. */
    public Map<String, Known> unended() throws SQLException {
        return known(" AND status IN ('RUNNING', '" + RunSummary.UNKNOWN + "')");
    }

    /** Whether it holds no run of this home. */
    public boolean empty() throws SQLException {
        try (Connection c = data.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT 1 FROM " + runs + " WHERE home = ? LIMIT 1")) {
            q.setString(1, home);
            try (ResultSet rs = q.executeQuery()) {
                return !rs.next();
            }
        }
    }

    private Map<String, Known> known(String which) throws SQLException {
        Map<String, Known> known = new HashMap<>();
        try (Connection c = data.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT run_id, status, manifest_mtime, manifest_size, letters_for FROM "
                     + runs + " WHERE home = ?" + which)) {
            q.setString(1, home);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    known.put(rs.getString(1), new Known(rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                }
            }
        }
        return known;
    }

    /**
     * A run as its files now say, with its dead letters when given (null: those indexed stay). The
     * letters go in first, in their own transaction, and the run last in a short one: a run that
     * shows as changed has its letters in place.
     *
     * @param lettersFor the manifest's mtime the letters were read for (-1: none read yet)
     */
    public void put(RunSummary run, List<IndexedLetter> runLetters, long lettersFor) throws SQLException {
        try (Connection c = data.getConnection()) {
            if (runLetters != null) {
                c.setAutoCommit(false);
                try {
                    try (PreparedStatement drop = c.prepareStatement("DELETE FROM " + letters + " WHERE home = ? AND run_id = ?")) {
                        drop.setString(1, home);
                        drop.setString(2, run.runId());
                        drop.executeUpdate();
                    }
                    insertLetters(c, runLetters);
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
            List<String> updated = new ArrayList<>(Arrays.asList(RUN_COLUMNS.split(", ")).subList(1, RUN_COLUMNS.split(", ").length));
            updated.add("changed_us");
            if (runLetters != null) {
                updated.add("letters_for"); // else the letters indexed before stay, and so does what they were read for
            }
            String sql = "INSERT INTO " + runs + " (home, " + RUN_COLUMNS + ", letters_for, changed_us) VALUES (?, "
                    + "?, ".repeat(RUN_COLUMNS.split(", ").length + 1) + "?) ON CONFLICT (home, run_id) DO UPDATE SET "
                    + String.join(", ", updated.stream().map(column -> column + " = excluded." + column).toList());
            c.setAutoCommit(false); // the change time is read under the write lock, just before the commit
            try (PreparedStatement put = c.prepareStatement(sql)) {
                int i = 1;
                put.setString(i++, home);
                put.setString(i++, run.runId());
                put.setLong(i++, run.startedMicros());
                setLong(put, i++, run.finishedMicros());
                put.setString(i++, run.status());
                put.setString(i++, run.reason());
                put.setString(i++, run.inputFile());
                put.setString(i++, run.inputLower());
                put.setString(i++, run.rulesetId());
                put.setString(i++, run.rulesetVersion());
                put.setString(i++, run.node());
                put.setString(i++, run.producerKind());
                put.setString(i++, run.verdict());
                put.setString(i++, run.proof());
                put.setString(i++, run.rerunOf());
                put.setString(i++, run.countsJson());
                put.setLong(i++, run.scanned());
                put.setLong(i++, run.deadLetters());
                put.setLong(i++, run.manifestMtime());
                put.setLong(i++, run.manifestSize());
                put.setInt(i++, run.needsAttention() ? 1 : 0);
                put.setLong(i++, lettersFor);
                put.setLong(i, now(c));
                put.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private void insertLetters(Connection c, List<IndexedLetter> runLetters) throws SQLException {
        try (PreparedStatement add = c.prepareStatement("INSERT INTO " + letters + " (home, run_id, started_us, stage_no, line_no, "
                + "row_no, entity_code, codes, byte_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int batched = 0;
            for (IndexedLetter letter : runLetters) {
                add.setString(1, home);
                add.setString(2, letter.runId());
                add.setLong(3, letter.startedMicros());
                add.setInt(4, letter.stage().ordinal());
                add.setLong(5, letter.line());
                setLong(add, 6, letter.row());
                add.setString(7, letter.entityCode());
                add.setString(8, "," + String.join(",", letter.codes()) + ",");
                add.setLong(9, letter.byteOffset());
                add.addBatch();
                if (++batched % 1000 == 0) {
                    add.executeBatch();
                }
            }
            add.executeBatch();
        }
    }

    /** Runs whose directories are gone: out of the catalogue, and told to live views as gone. */
    public void remove(Collection<String> runIds) throws SQLException {
        if (runIds.isEmpty()) {
            return;
        }
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement dropRun = c.prepareStatement("DELETE FROM " + runs + " WHERE home = ? AND run_id = ?");
                 PreparedStatement dropLetters = c.prepareStatement("DELETE FROM " + letters + " WHERE home = ? AND run_id = ?");
                 PreparedStatement forget = c.prepareStatement("DELETE FROM " + gone + " WHERE home = ? AND run_id = ?");
                 PreparedStatement tell = c.prepareStatement("INSERT INTO " + gone + " (home, run_id, gone_us) VALUES (?, ?, ?)")) {
                long now = now(c);
                for (String id : runIds) {
                    for (PreparedStatement s : List.of(dropRun, dropLetters, forget)) {
                        s.setString(1, home);
                        s.setString(2, id);
                        s.executeUpdate();
                    }
                    tell.setString(1, home);
                    tell.setString(2, id);
                    tell.setLong(3, now);
                    tell.executeUpdate();
                }
                // a live view asks for what changed in the last seconds; an hour of departures is plenty
                try (PreparedStatement prune = c.prepareStatement("DELETE FROM " + gone + " WHERE home = ? AND gone_us < ?")) {
                    prune.setString(1, home);
                    prune.setLong(2, now - 3_600_000_000L);
                    prune.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Every row of this home, dropped: a rebuild starts from nothing. */
    public void clear() throws SQLException {
        try (Connection c = data.getConnection()) {
            for (String table : List.of(letters, runs, gone)) {
                try (PreparedStatement drop = c.prepareStatement("DELETE FROM " + table + " WHERE home = ?")) {
                    drop.setString(1, home);
                    drop.executeUpdate();
                }
            }
        }
    }

    /** One page of the runs the filter passes, newest first, after (older than) or before (newer than) a cursor. */
    public Page<RunSummary> runs(RunFilter filter, Cursor after, Cursor before, int limit) throws SQLException {
        List<Object> args = new ArrayList<>();
        String where = where(filter, args);
        List<RunSummary> found = new ArrayList<>();
        long total;
        try (Connection c = data.getConnection()) {
            List<Object> pageArgs = new ArrayList<>(args);
            StringBuilder sql = new StringBuilder("SELECT " + RUN_COLUMNS + " FROM " + runs + " WHERE " + where);
            boolean backwards = after == null && before != null;
            Cursor at = backwards ? before : after;
            if (at != null) {
                sql.append(backwards ? " AND (started_us > ? OR (started_us = ? AND run_id > ?))"
                        : " AND (started_us < ? OR (started_us = ? AND run_id < ?))");
                pageArgs.addAll(List.of(at.startedMicros(), at.startedMicros(), at.runId()));
            }
            sql.append(backwards ? " ORDER BY started_us ASC, run_id ASC" : " ORDER BY started_us DESC, run_id DESC").append(" LIMIT ?");
            pageArgs.add(limit + 1);
            try (PreparedStatement q = prepare(c, sql.toString(), pageArgs); ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    found.add(summary(rs));
                }
            }
            boolean more = found.size() > limit;
            if (more) {
                found.remove(found.size() - 1);
            }
            if (backwards) {
                Collections.reverse(found);
            }
            try (PreparedStatement q = prepare(c, "SELECT count(*) FROM " + runs + " WHERE " + where, args);
                 ResultSet rs = q.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            Cursor next = found.isEmpty() ? null : (backwards || more) ? cursorOf(found.get(found.size() - 1)) : null;
            Cursor previous = found.isEmpty() ? null : (backwards ? more : after != null) ? cursorOf(found.get(0)) : null;
            return new Page<>(found, next, previous, total);
        }
    }

    private static Cursor cursorOf(RunSummary run) {
        return new Cursor(run.startedMicros(), run.runId(), 0, 0);
    }

    private String where(RunFilter f, List<Object> args) {
        StringBuilder w = new StringBuilder("home = ?");
        args.add(home);
        in(w, args, "status", f.statuses());
        if (!f.verdicts().isEmpty()) {
            List<String> named = f.verdicts().stream().filter(v -> !v.equals(RunFilter.NO_VERDICT)).toList();
            boolean none = f.verdicts().contains(RunFilter.NO_VERDICT);
            w.append(" AND (").append(named.isEmpty() ? "1 = 0" : "verdict IN (" + marks(named.size()) + ")")
                    .append(none ? " OR verdict IS NULL" : "").append(")");
            args.addAll(named);
        }
        in(w, args, "proof", f.proofs());
        if (f.input() != null) {
            w.append(" AND input_lower LIKE ? ESCAPE '\\'");
            args.add("%" + f.input().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%");
        }
        if (f.since() != null) {
            w.append(" AND started_us >= ?");
            args.add(RunSummary.micros(f.since()));
        }
        if (f.until() != null) {
            w.append(" AND started_us < ?");
            args.add(RunSummary.micros(f.until()));
        }
        if (f.node() != null) {
            w.append(" AND node = ?");
            args.add(f.node());
        }
        if (f.ruleset() != null) {
            w.append(" AND ruleset_id = ?");
            args.add(f.ruleset());
        }
        if (f.attention()) {
            w.append(" AND attention = 1"); // RunSummary.needsAttention, kept with the run
        }
        return w.toString();
    }

    private static void in(StringBuilder w, List<Object> args, String column, Collection<String> values) {
        if (!values.isEmpty()) {
            w.append(" AND ").append(column).append(" IN (").append(marks(values.size())).append(")");
            args.addAll(values);
        }
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /**
     * How many runs there are by status, by producer verdict and by proof, and how many need
     * attention: keys {@code status.<S>}, {@code verdict.<V>}, {@code proof.<P>}, {@code attention}, {@code all};
     * counted again only when the catalogue changed.
     */
    public Map<String, Long> counts() throws SQLException {
        try (Connection c = data.getConnection()) {
            String state = state(c);
            Counted last = counted;
            if (last != null && last.state().equals(state)) {
                return last.counts(); // nothing changed since: a quiet home's live views cost no count
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String column : List.of("status", "verdict", "proof", "attention")) {
                try (PreparedStatement q = c.prepareStatement("SELECT " + column + ", count(*) FROM " + runs + " WHERE home = ? AND "
                        + column + " IS NOT NULL GROUP BY " + column)) {
                    q.setString(1, home);
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            counts.put(column + "." + rs.getString(1), rs.getLong(2));
                        }
                    }
                }
            }
            counts.put("attention", counts.getOrDefault("attention.1", 0L));
            counts.remove("attention.0");
            counts.remove("attention.1");
            counts.put("all", counts.entrySet().stream().filter(e -> e.getKey().startsWith("status.")).mapToLong(Map.Entry::getValue).sum());
            Map<String, Long> answer = Collections.unmodifiableMap(counts);
            counted = new Counted(state, answer);
            return answer;
        }
    }

    private record Counted(String state, Map<String, Long> counts) {}

    private volatile Counted counted;

    /** Where the catalogue stands: its last change and its last departure (both only grow). */
    private String state(Connection c) throws SQLException {
        StringBuilder state = new StringBuilder();
        for (String sql : List.of("SELECT max(changed_us), count(*) FROM " + runs + " WHERE home = ?",
                "SELECT max(gone_us), count(*) FROM " + gone + " WHERE home = ?")) {
            try (PreparedStatement q = c.prepareStatement(sql)) {
                q.setString(1, home);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    state.append(rs.getLong(1)).append('/').append(rs.getLong(2)).append(';');
                }
            }
        }
        return state.toString();
    }

    /**
     * The runs changed and gone after {@code sinceMicros} (the catalogue's clock), at most a
     * thousand, oldest change first; {@code nowMicros} is where the next ask starts.
     */
    public Changes changes(long sinceMicros) throws SQLException {
        List<RunSummary> changed = new ArrayList<>();
        List<String> departed = new ArrayList<>();
        try (Connection c = data.getConnection()) {
            long now = now(c);
            try (PreparedStatement q = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM " + runs
                    + " WHERE home = ? AND changed_us > ? ORDER BY changed_us LIMIT " + MAX_CHANGES)) {
                q.setString(1, home);
                q.setLong(2, sinceMicros);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        changed.add(summary(rs));
                    }
                }
            }
            try (PreparedStatement q = c.prepareStatement("SELECT run_id FROM " + gone + " WHERE home = ? AND gone_us > ? LIMIT "
                    + MAX_CHANGES)) {
                q.setString(1, home);
                q.setLong(2, sinceMicros);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        departed.add(rs.getString(1));
                    }
                }
            }
            return new Changes(changed, departed, now);
        }
    }

    /** The catalogue's clock, in microseconds: the database's in PostgreSQL (one clock for every node), this host's in SQLite. */
    public long now() throws SQLException {
        try (Connection c = data.getConnection()) {
            return now(c);
        }
    }

    private long now(Connection c) throws SQLException {
        if (dialect == Dialect.SQLITE) {
            return RunSummary.micros(Instant.now());
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** One page of the dead letters the filter passes: newest run first, then stage and line. */
    public Page<IndexedLetter> letters(LetterFilter f, Cursor after, int limit) throws SQLException {
        List<Object> args = new ArrayList<>();
        StringBuilder w = new StringBuilder("home = ?");
        args.add(home);
        if (f.entityCode() != null) {
            w.append(" AND entity_code = ?");
            args.add(f.entityCode());
        }
        if (f.stage() != null) {
            w.append(" AND stage_no = ?");
            args.add(f.stage().ordinal());
        }
        if (f.code() != null) {
            w.append(" AND codes LIKE ? ESCAPE '\\'");
            args.add("%," + f.code().replace("_", "\\_") + ",%");
        }
        if (f.since() != null) {
            w.append(" AND started_us >= ?");
            args.add(RunSummary.micros(f.since()));
        }
        if (f.until() != null) {
            w.append(" AND started_us < ?");
            args.add(RunSummary.micros(f.until()));
        }
        if (f.runId() != null) {
            w.append(" AND run_id = ?");
            args.add(f.runId());
        }
        List<Object> pageArgs = new ArrayList<>(args);
        StringBuilder sql = new StringBuilder("SELECT run_id, started_us, stage_no, line_no, row_no, entity_code, codes, byte_offset FROM "
                + letters + " WHERE " + w);
        if (after != null) {
            sql.append(" AND (started_us < ? OR (started_us = ? AND (run_id < ? OR (run_id = ? AND (stage_no > ? OR (stage_no = ? "
                    + "AND line_no > ?))))))");
            pageArgs.addAll(List.of(after.startedMicros(), after.startedMicros(), after.runId(), after.runId(), after.stage(),
                    after.stage(), after.line()));
        }
        sql.append(" ORDER BY started_us DESC, run_id DESC, stage_no ASC, line_no ASC LIMIT ?");
        pageArgs.add(limit + 1);
        List<IndexedLetter> found = new ArrayList<>();
        long total;
        try (Connection c = data.getConnection()) {
            try (PreparedStatement q = prepare(c, sql.toString(), pageArgs); ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    long row = rs.getLong(5);
                    Long rowNo = rs.wasNull() ? null : row;
                    String codes = rs.getString(7);
                    found.add(new IndexedLetter(rs.getString(1), rs.getLong(2), Stage.values()[rs.getInt(3)], rs.getLong(4), rowNo,
                            rs.getString(6), codes.length() <= 2 ? List.of() : List.of(codes.substring(1, codes.length() - 1).split(",")),
                            rs.getLong(8)));
                }
            }
            try (PreparedStatement q = prepare(c, "SELECT count(*) FROM " + letters + " WHERE " + w, args);
                 ResultSet rs = q.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        boolean more = found.size() > limit;
        if (more) {
            found.remove(found.size() - 1);
        }
        IndexedLetter last = found.isEmpty() ? null : found.get(found.size() - 1);
        return new Page<>(found, more ? new Cursor(last.startedMicros(), last.runId(), last.stage().ordinal(), last.line()) : null,
                null, total);
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> args) throws SQLException {
        PreparedStatement q = c.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            if (arg instanceof Long l) {
                q.setLong(i + 1, l);
            } else if (arg instanceof Integer n) {
                q.setInt(i + 1, n);
            } else {
                q.setString(i + 1, (String) arg);
            }
        }
        return q;
    }

    private static void setLong(PreparedStatement s, int i, Long value) throws SQLException {
        if (value == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, value);
        }
    }

    private static RunSummary summary(ResultSet rs) throws SQLException {
        long finished = rs.getLong(3);
        Long finishedMicros = rs.wasNull() ? null : finished;
        return new RunSummary(rs.getString(1), rs.getLong(2), finishedMicros, rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                rs.getString(14), rs.getString(15), rs.getLong(16), rs.getLong(17), rs.getLong(18), rs.getLong(19));
    }
}
