package io.khotam.console;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
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

    public String runs() throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunCatalog.Entry entry : api.newestFirst()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("runId", entry.runId());
            row.put("status", entry.status());
            Manifest m = entry.manifest();
            if (m != null) {
                row.put("scanned", m.counts().scanned());
                row.put("candidates", m.counts().candidates());
                row.put("deadLetters", m.counts().deadLetters());
                row.put("age", Durations.format(Duration.between(m.startedAt(), clock.instant())));
                row.put("file", m.input().file());
                row.put("node", m.owner() == null || m.owner().node() == null ? "-" : m.owner().node());
                row.put("ruleset", m.ruleset() == null || m.ruleset().id() == null ? "-" : m.ruleset().id() + " " + m.ruleset().version());
            }
            rows.add(row);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("token", guard.csrfToken());
        page.put("home", home.toString());
        page.put("runs", rows);
        return render(RUNS, page);
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
