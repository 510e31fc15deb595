package io.khotam.console;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.khotam.catalogue.Cursor;
import io.khotam.catalogue.IndexedLetter;
import io.khotam.catalogue.LetterFilter;
import io.khotam.catalogue.Page;
import io.khotam.catalogue.RunFilter;
import io.khotam.catalogue.RunSummary;
import io.khotam.check.CountsSideBySide;
import io.khotam.check.RunDiff;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.RunCounts;
import io.khotam.report.RunReport;
import io.khotam.store.Durations;
import io.khotam.store.RunCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's HTML pages, rendered on the server by HTML-escaping templates: the runs list, a run
 * (the report page's sections plus its actions) and a diff. Row data only ever reaches a page as
 * escaped text; the one script is served from the console itself.
 */
public class ConsolePages {

    private static final DefaultMustacheFactory TEMPLATES = new DefaultMustacheFactory();
    private static final Mustache RUNS = TEMPLATES.compile("report/console-runs.mustache");
    private static final Mustache RUN = TEMPLATES.compile("report/console-run.mustache");
    private static final Mustache DIFF = TEMPLATES.compile("report/console-diff.mustache");
    private static final Mustache LETTERS = TEMPLATES.compile("report/console-dead-letters.mustache");
    private static final int DIFF_ROWS = 200;

    private final Path home;
    private final ConsoleApi api;
    private final ApiGuard guard;
    private final RunReport report;
    private final Clock clock;

    public ConsolePages(Path home, ConsoleApi api, ApiGuard guard, RunReport report, Clock clock) {
        this.home = home;
        this.api = api;
        this.guard = guard;
        this.report = report;
        this.clock = clock;
    }

    /**
     * The runs page: the counts (each a link to its list), a page of 100 runs newest first with the
     * filters and cursor of the request, links to the pages beside it, and the entity search. A
     * filter refused is said on the page.
     */
    public String runs(String status, String verdict, String untouched, String input, String since, String until, String node,
                       String ruleset, String attention, String after, String before) throws IOException {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("token", guard.csrfToken());
        page.put("home", home.toString());
        try {
            page.put("counts", countLinks(api.counts()));
        } catch (ApiRefusal unavailable) {
            page.put("unavailable", unavailable.getMessage());
        }
        page.put("f", Map.of("status", text(status), "verdict", text(verdict), "untouched", text(untouched), "input", text(input),
                "since", text(since), "until", text(until), "node", text(node), "ruleset", text(ruleset)));
        page.put("attention", "true".equalsIgnoreCase(text(attention)));
        if (page.containsKey("unavailable")) {
            // the catalogue was waited for once already: the page says so at once instead of waiting again for the list
            page.put("runs", List.of());
            page.put("total", 0);
            return render(RUNS, page);
        }
        try {
            RunFilter filter = RunFilter.parse(status, verdict, untouched, input, since, until, node, ruleset, attention);
            Page<RunSummary> runs = api.runPage(filter, after == null || after.isBlank() ? null : Cursor.decode(after, "after"),
                    before == null || before.isBlank() ? null : Cursor.decode(before, "before"), PAGE);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (RunSummary run : runs.items()) {
                rows.add(row(run));
            }
            page.put("runs", rows);
            page.put("total", runs.total());
            page.put("filtered", !filter.parameters().isEmpty());
            page.put("next", runs.next() == null ? null : ConsoleApi.query("/", filter.parameters(), PAGE, "after", runs.next().encode()));
            page.put("previous", runs.previous() == null ? null
                    : ConsoleApi.query("/", filter.parameters(), PAGE, "before", runs.previous().encode()));
        } catch (IllegalArgumentException | ApiRefusal refused) {
            page.put(unavailable(refused) ? "unavailable" : "refused", refused.getMessage());
            page.put("runs", List.of());
            page.put("total", 0);
        }
        return render(RUNS, page);
    }

    private static final int PAGE = 100;

    private Map<String, Object> row(RunSummary run) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("runId", run.runId());
        row.put("status", run.status());
        row.put("producer", run.producerKind() == null || run.producerKind().equals("builtin") ? "builtin"
                : run.producerKind() + (run.verdict() == null ? "" : " " + run.verdict()));
        row.put("verdict", run.verdict());
        row.put("scanned", run.scanned());
        row.put("deadLetters", run.deadLetters());
        row.put("age", Durations.format(Duration.between(run.startedAt(), clock.instant())));
        row.put("file", run.inputFile() == null ? "?" : run.inputFile());
        row.put("node", run.node() == null ? "-" : run.node());
        row.put("ruleset", run.rulesetId() == null ? "-" : run.rulesetId() + " " + run.rulesetVersion());
        row.put("proof", run.proof() == null ? "-" : run.proof());
        row.put("attention", run.needsAttention());
        return row;
    }

    /** The counts as links to their lists: statuses, verdicts, proofs that are not untouched, and what needs attention. */
    private static List<Map<String, Object>> countLinks(Map<String, Long> counts) {
        List<Map<String, Object>> links = new ArrayList<>();
        links.add(link("all runs", counts.getOrDefault("all", 0L), "/", ""));
        links.add(link("need attention", counts.getOrDefault("attention", 0L), "/?attention=true", "attention"));
        for (String status : List.of("RUNNING", "COMPLETED", "REJECTED", "FAILED", "INTERRUPTED", "UNKNOWN")) {
            long n = counts.getOrDefault("status." + status, 0L);
            if (n > 0 || !status.equals("UNKNOWN")) {
                links.add(link(status, n, "/?status=" + status, ""));
            }
        }
        for (String verdict : List.of("CONFORMS", "DIVERGES", "BREAKS_CONTRACT")) {
            links.add(link(verdict, counts.getOrDefault("verdict." + verdict, 0L), "/?verdict=" + verdict, ""));
        }
        long notUntouched = counts.getOrDefault("proof." + RunSummary.TOUCHED, 0L) + counts.getOrDefault("proof." + RunSummary.UNPROVEN, 0L);
        links.add(link("proof not untouched", notUntouched, "/?untouched=false", ""));
        return links;
    }

    private static Map<String, Object> link(String label, long count, String href, String cls) {
        return Map.of("label", label, "count", count, "href", href, "cls", cls, "id", "count-" + label.replace(' ', '-'));
    }

    /** The catalogue did not answer in time: said on the page as such, not as a refused filter. */
    private static boolean unavailable(RuntimeException refused) {
        return refused instanceof ApiRefusal r && r.status() == 503;
    }

    private static String text(String given) {
        return given == null ? "" : given;
    }

    /** Every dead letter of an entity (or a stage, a code) across runs, newest run first: the entity search. */
    public String deadLetters(String entityCode, String stage, String code, String since, String until, String after)
            throws IOException {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("token", guard.csrfToken());
        page.put("f", Map.of("entity_code", text(entityCode), "stage", text(stage), "code", text(code), "since", text(since),
                "until", text(until)));
        try {
            LetterFilter filter = LetterFilter.parse(entityCode, stage, code, since, until, null);
            Page<IndexedLetter> letters = api.letters(filter, after == null || after.isBlank() ? null : Cursor.decode(after, "after"), PAGE);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (IndexedLetter letter : letters.items()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("runId", letter.runId());
                row.put("started", RunSummary.instant(letter.startedMicros()).toString());
                row.put("stage", letter.stage().fileName());
                row.put("row", letter.row() == null ? "-" : letter.row());
                row.put("entityCode", letter.entityCode() == null ? "-" : letter.entityCode());
                row.put("codes", String.join(", ", letter.codes()));
                rows.add(row);
            }
            page.put("letters", rows);
            page.put("total", letters.total());
            page.put("next", letters.next() == null ? null
                    : ConsoleApi.query("/dead-letters", filter.parameters(), PAGE, "after", letters.next().encode()));
        } catch (IllegalArgumentException | ApiRefusal refused) {
            page.put(unavailable(refused) ? "unavailable" : "refused", refused.getMessage());
            page.put("letters", List.of());
            page.put("total", 0);
        }
        return render(LETTERS, page);
    }

    public String run(String runId) throws IOException {
        RunCatalog.Entry entry = api.find(runId);
        if (entry.manifest() == null) {
            throw new ApiRefusal(409, "run " + runId + " has no readable manifest");
        }
        Map<String, Object> page = report.page(entry.dir(), entry.manifest(), null);
        page.put("token", guard.csrfToken());
        page.put("offeredRuleSets", api.offeredRuleSets());
        page.put("offeredProducers", api.offeredProducers());
        return render(RUN, page);
    }

    public String diff(String runA, String runB) throws IOException {
        RunDiff diff = new RunDiff(api.ended(runA), api.ended(runB));
        List<Map<String, Object>> changes = new ArrayList<>();
        RunDiff.Totals totals = diff.walk(change -> {
            if (changes.size() < DIFF_ROWS) {
                changes.add(Map.of("row", change.row(), "entityCode", change.entityCode() == null ? "-" : change.entityCode(),
                        "a", change.a().brief(), "b", change.b().brief()));
            }
        });
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("a", runA);
        page.put("b", runB);
        page.put("sameInput", diff.sameInput());
        page.put("statusA", diff.a().status().name());
        page.put("statusB", diff.b().status().name());
        page.put("rulesetA", label(diff.a().ruleset()));
        page.put("rulesetB", label(diff.b().ruleset()));
        page.put("counts", counts(diff.a().counts(), diff.b().counts()));
        page.put("changed", totals.changed());
        page.put("rows", totals.changed() + totals.unchanged());
        page.put("changes", changes);
        page.put("more", totals.changed() > changes.size() ? totals.changed() - changes.size() : null);
        return render(DIFF, page);
    }

    public String script() throws IOException {
        try (InputStream in = ConsolePages.class.getClassLoader().getResourceAsStream("console/console.js")) {
            if (in == null) {
                throw new IOException("console/console.js is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Map<String, Object>> counts(RunCounts a, RunCounts b) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CountsSideBySide.Line line : CountsSideBySide.of(a, b)) {
            rows.add(Map.of("label", line.label().strip(), "a", line.a(), "b", line.b(), "delta", line.delta()));
        }
        return rows;
    }

    private static String label(Manifest.RuleSetUsed used) {
        return used == null || used.id() == null ? "none loaded" : used.id() + " " + used.version() + " (sha256 " + used.sha256() + ")";
    }

    private static String render(Mustache template, Map<String, Object> page) {
        StringWriter html = new StringWriter();
        template.execute(html, page);
        return html.toString();
    }
}
