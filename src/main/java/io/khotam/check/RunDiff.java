package io.khotam.check;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import io.khotam.evidence.Manifest;
import io.khotam.store.RunCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Row-by-row comparison of two finished runs (docs/contract.md "Diff"). Both runs' outputs are in
 * row order, so one merge walk compares them holding only the current line of each file: two
 * million-row runs diff in a small heap. Rows are matched by position in the input; when the
 * inputs are not the same bytes the comparison still runs, and {@link #sameInput()} says so.
 */
public final class RunDiff {

    /** One row whose outcome differs; {@code entity_code} is A's, or B's when A has none. */
    @JsonPropertyOrder({"row", "entity_code", "a", "b"})
    public record Change(long row, @JsonProperty("entity_code") String entityCode, RowOutcome a, RowOutcome b) {}

    public record Totals(long changed, long unchanged) {}

    /** Changes held for one pass of {@link #writeJson}. */
    private static final int KEPT = 10_000;

    private final RunCatalog.Entry a;
    private final RunCatalog.Entry b;
    private final Manifest manifestA;
    private final Manifest manifestB;

    /** @throws IllegalArgumentException when either run has no readable manifest or is still RUNNING */
    public RunDiff(RunCatalog.Entry a, RunCatalog.Entry b) {
        this.a = a;
        this.b = b;
        this.manifestA = a.endedManifest("diff");
        this.manifestB = b.endedManifest("diff");
    }

    public Manifest a() {
        return manifestA;
    }

    public Manifest b() {
        return manifestB;
    }

    public boolean sameInput() {
        return manifestA.input().sha256().equals(manifestB.input().sha256());
    }

    /**
     * One pass over both runs.
     *
     * @param changes given every changed row, in row order
     */
    public Totals walk(Consumer<Change> changes) throws IOException {
        long changed = 0;
        long unchanged = 0;
        try (OutcomeReader readerA = new OutcomeReader(a.dir(), manifestA);
             OutcomeReader readerB = new OutcomeReader(b.dir(), manifestB)) {
            RowOutcome nextA = readerA.next();
            RowOutcome nextB = readerB.next();
            while (nextA != null || nextB != null) {
                long row = Math.min(nextA == null ? Long.MAX_VALUE : nextA.row(), nextB == null ? Long.MAX_VALUE : nextB.row());
                RowOutcome outcomeA = nextA != null && nextA.row() == row ? nextA : missing(readerA, row);
                RowOutcome outcomeB = nextB != null && nextB.row() == row ? nextB : missing(readerB, row);
                if (outcomeA.sameAs(outcomeB)) {
                    unchanged++;
                } else {
                    changed++;
                    changes.accept(new Change(row, outcomeA.entityCode() != null ? outcomeA.entityCode() : outcomeB.entityCode(),
                            outcomeA, outcomeB));
                }
                if (outcomeA == nextA) {
                    nextA = readerA.next();
                }
                if (outcomeB == nextB) {
                    nextB = readerB.next();
                }
            }
        }
        return new Totals(changed, unchanged);
    }

    /**
     * The contract's JSON object (docs/contract.md "Diff"): every change unless {@code limit} is
     * given. Up to {@link #KEPT} changes are held so that one pass serves; more, and a second
     * pass streams them (the totals come before the list).
     */
    public void writeJson(JsonGenerator g, Integer limit) throws IOException {
        int keep = limit == null ? KEPT : limit;
        List<Change> kept = new ArrayList<>();
        Totals totals = walk(change -> {
            if (kept.size() < keep) {
                kept.add(change);
            }
        });
        g.writeStartObject();
        g.writeStringField("a", a.runId());
        g.writeStringField("b", b.runId());
        g.writeBooleanField("same_input", sameInput());
        g.writeObjectFieldStart("ruleset");
        ruleset(g, "a", manifestA.ruleset());
        ruleset(g, "b", manifestB.ruleset());
        g.writeEndObject();
        g.writeObjectFieldStart("status");
        g.writeStringField("a", manifestA.status().name());
        g.writeStringField("b", manifestB.status().name());
        g.writeEndObject();
        g.writeObjectFieldStart("counts");
        g.writeObjectField("a", manifestA.counts());
        g.writeObjectField("b", manifestB.counts());
        g.writeEndObject();
        g.writeNumberField("changed_rows", totals.changed());
        g.writeNumberField("unchanged_rows", totals.unchanged());
        g.writeArrayFieldStart("changes");
        if (limit == null && totals.changed() > kept.size()) {
            walk(change -> write(g, change));
        } else {
            for (Change change : kept) {
                write(g, change);
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, Change change) {
        try {
            g.writeObject(change);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ruleset(JsonGenerator g, String side, Manifest.RuleSetUsed used) throws IOException {
        g.writeObjectFieldStart(side);
        g.writeStringField("id", used == null ? null : used.id());
        g.writeStringField("version", used == null ? null : used.version());
        g.writeStringField("sha256", used == null ? null : used.sha256());
        g.writeEndObject();
    }

    /** A row this run does not have: rejected with the whole file, or absent. */
    private static RowOutcome missing(OutcomeReader reader, long row) {
        return reader.wholeRun() != null ? reader.wholeRun().forRow(row) : RowOutcome.absent(row);
    }
}
