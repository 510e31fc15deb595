package io.khotam.console;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.Json;
import io.khotam.Stage;
import io.khotam.catalogue.CatalogueKeeper;
import io.khotam.catalogue.CatalogueStore;
import io.khotam.catalogue.Cursor;
import io.khotam.catalogue.IndexedLetter;
import io.khotam.catalogue.LetterFilter;
import io.khotam.catalogue.Page;
import io.khotam.catalogue.RunFilter;
import io.khotam.catalogue.RunSummary;
import io.khotam.check.RunChecker;
import io.khotam.check.RunDiff;
import io.khotam.evidence.Manifests;
import io.khotam.evidence.RunLayout;
import io.khotam.run.RunsOfThisProcess;
import io.khotam.run.StagingRun;
import io.khotam.store.DeleteReceipt;
import io.khotam.store.RunCatalog;
import io.khotam.store.RunDeleter;
import io.khotam.store.RunVerifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The JSON answers of the HTTP API (docs/contract.md "HTTP API"), read from the staging folder as
 * the commands read it. Lines are paged by streaming the file: a million dead letters are never
 * loaded whole. Run ids reach it only through {@link ApiGuard#runId}.
 */
public class ConsoleApi {

    private static final ObjectMapper JSON = Json.RECORDS;
    private static final Pattern STAGE = Pattern.compile(Stage.WITH_DEAD_LETTERS.stream().map(Stage::fileName).collect(Collectors.joining("|")));
    private static final Pattern CODE = Pattern.compile("[A-Z_]{1,64}");
    private static final Pattern PRODUCER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern RULESET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}\\.ya?ml");
    private static final int MAX_LIMIT = 1000;
    /** A page holds at most this many characters of lines (and always at least one line); the next starts at offset + items. */
    static final long MAX_PAGE_CHARS = 16L << 20;

    private final Path stagingRoot;
    private final Path ruleSets;
    private final Path producers;
    private final RunsOfThisProcess runs;
    private final RunDeleter deleter;
    private final CatalogueKeeper catalogue;
    private final CatalogueAsks asks;

    /** @param ruleSets the folder whose rule-set files the console offers for a rerun */
    /** @param producers the folder whose producers a rerun may name (docs/contract.md "Producer under test") */
    public ConsoleApi(Path stagingRoot, Path ruleSets, Path producers, RunsOfThisProcess runs, RunDeleter deleter,
                      CatalogueKeeper catalogue, CatalogueAsks asks) {
        this.catalogue = catalogue;
        this.asks = asks;
        this.producers = producers;
        this.stagingRoot = stagingRoot;
        this.ruleSets = ruleSets;
        this.runs = runs;
        this.deleter = deleter;
    }

    /** A paged answer: the JSON array of the page, its Link header (null: a single page) and X-Total-Count. */
    public record Paged(String json, String link, long total) {}

    /**
     * One page of runs, newest first, from the catalogue (docs/contract.md "HTTP API"): each filter
     * given narrows it; {@code after} and {@code before} are cursors from a Link header.
     */
    public Paged runs(String status, String verdict, String untouched, String input, String since, String until, String node,
                      String ruleset, String attention, String limit, String after, String before) throws IOException {
        RunFilter filter;
        Cursor from;
        Cursor to;
        int size;
        try {
            filter = RunFilter.parse(status, verdict, untouched, input, since, until, node, ruleset, attention);
            from = blank(after) ? null : Cursor.decode(after, "after");
            to = blank(before) ? null : Cursor.decode(before, "before");
            size = pageSize(limit);
        } catch (IllegalArgumentException e) {
            throw new ApiRefusal(400, e.getMessage());
        }
        Page<RunSummary> page = runPage(filter, from, to, size);
        ArrayNode list = JSON.createArrayNode();
        page.items().forEach(run -> list.add(summary(run)));
        return new Paged(JSON.writeValueAsString(list), link("/api/runs", filter.parameters(), size, page.next(), page.previous()),
                page.total());
    }

    Page<RunSummary> runPage(RunFilter filter, Cursor after, Cursor before, int size) throws IOException {
        if (after != null && before != null) {
            throw new ApiRefusal(400, "give after or before, not both");
        }
        return asks.ask(store -> store.runs(filter, after, before, size));
    }

    /** The run counts by status, verdict and proof, and how many need attention (the console's header). */
    public String runCounts() throws IOException {
        return JSON.writeValueAsString(counts());
    }

    Map<String, Long> counts() throws IOException {
        return asks.ask(CatalogueStore::counts);
    }

    /**
     * What changed since a live view last asked ({@code since}: the {@code next} of its last answer;
     * empty: now): the runs started or ended since, the runs gone, the counts, and where to ask next.
     * A change committed while the last answer was read is never missed: each ask looks back a few
     * seconds before {@code since}, and the view replaces a run it already has.
     */
    public String runChanges(String since) throws IOException {
        long from;
        try {
            from = blank(since) ? -1 : Long.parseLong(since.strip());
        } catch (NumberFormatException e) {
            throw new ApiRefusal(400, "since is the next value of the last answer (a whole number)");
        }
        long asked = from;
        CatalogueStore.Changes changes = asks.ask(store -> asked < 0 ? new CatalogueStore.Changes(List.of(), List.of(), store.now())
                : store.changes(asked - LOOK_BACK_MICROS));
        ObjectNode answer = JSON.createObjectNode();
        answer.put("next", Long.toString(changes.nowMicros()));
        answer.set("counts", JSON.valueToTree(counts()));
        ArrayNode changed = answer.putArray("runs");
        changes.changed().forEach(run -> changed.add(summary(run)));
        ArrayNode gone = answer.putArray("gone");
        changes.gone().forEach(gone::add);
        ArrayNode progress = answer.putArray("progress");
        runs.inFlightProgress().forEach(p -> progress.addObject().put("run_id", p.runId()).put("scanned", p.scanned())
                .put("expected", p.expected() < 0 ? null : p.expected()));
        return JSON.writeValueAsString(answer);
    }

    /**
     * How far back each ask for changes looks before its since: longer than a catalogue write takes
     * from reading its change time (under the write lock) to its commit.
     */
    static final long LOOK_BACK_MICROS = 3_000_000L;

    /** One page of dead letters across runs, found in the catalogue and read back from their files. */
    public Paged searchDeadLetters(String entityCode, String stage, String code, String since, String until, String run,
                                   String limit, String after) throws IOException {
        LetterFilter filter;
        Cursor from;
        int size;
        try {
            filter = LetterFilter.parse(entityCode, stage, code, since, until, run);
            from = blank(after) ? null : Cursor.decode(after, "after");
            size = pageSize(limit);
        } catch (IllegalArgumentException e) {
            throw new ApiRefusal(400, e.getMessage());
        }
        Page<IndexedLetter> page = letters(filter, from, size);
        ArrayNode list = JSON.createArrayNode();
        for (IndexedLetter letter : page.items()) {
            ObjectNode item = list.addObject();
            item.put("run_id", letter.runId());
            item.put("run_started_at", RunSummary.instant(letter.startedMicros()).toString());
            item.put("stage", letter.stage().fileName());
            item.put("line", letter.line());
            if (letter.row() == null) {
                item.putNull("row");
            } else {
                item.put("row", letter.row());
            }
            item.put("entity_code", letter.entityCode());
            ArrayNode codes = item.putArray("codes");
            letter.codes().forEach(codes::add);
            item.set("letter", catalogue.letter(letter));
        }
        return new Paged(JSON.writeValueAsString(list), link("/api/dead-letters", filter.parameters(), size, page.next(), null),
                page.total());
    }

    Page<IndexedLetter> letters(LetterFilter filter, Cursor after, int size) throws IOException {
        return asks.ask(store -> store.letters(filter, after, size));
    }

    /** A page size: 1 to 1,000, 100 when not given. */
    static int pageSize(String limit) {
        if (blank(limit)) {
            return 100;
        }
        try {
            int n = Integer.parseInt(limit.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("limit is a whole number from 1 to " + MAX_LIMIT);
    }

    /** The Link header of a page (RFC 8288): the next and previous pages with the same filters. */
    static String link(String path, List<String[]> filters, int size, Cursor next, Cursor previous) {
        List<String> links = new ArrayList<>();
        if (next != null) {
            links.add("<" + query(path, filters, size, "after", next.encode()) + ">; rel=\"next\"");
        }
        if (previous != null) {
            links.add("<" + query(path, filters, size, "before", previous.encode()) + ">; rel=\"prev\"");
        }
        return links.isEmpty() ? null : String.join(", ", links);
    }

    static String query(String path, List<String[]> filters, int size, String cursorName, String cursor) {
        StringBuilder q = new StringBuilder(path).append("?limit=").append(size);
        for (String[] p : filters) {
            q.append('&').append(p[0]).append('=').append(URLEncoder.encode(p[1], StandardCharsets.UTF_8));
        }
        if (cursor != null) {
            q.append('&').append(cursorName).append('=').append(cursor);
        }
        return q.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    ObjectNode summary(RunSummary m) {
        ObjectNode run = JSON.createObjectNode();
        run.put("run_id", m.runId());
        run.put("status", m.status());
        run.put("reason", m.reason());
        run.putObject("input").put("file", m.inputFile());
        ObjectNode ruleset = run.putObject("ruleset");
        ruleset.put("id", m.rulesetId());
        ruleset.put("version", m.rulesetVersion());
        try {
            run.set("counts", m.countsJson() == null ? null : JSON.readTree(m.countsJson()));
        } catch (IOException e) {
            run.putNull("counts");
        }
        run.put("started_at", RunSummary.instant(m.startedMicros()).toString());
        run.put("finished_at", m.finishedMicros() == null ? null : RunSummary.instant(m.finishedMicros()).toString());
        run.put("rerun_of", m.rerunOf());
        run.put("node", m.node());
        run.putObject("producer").put("kind", m.producerKind()).put("verdict", m.verdict());
        run.put("proof", m.proof());
        run.put("needs_attention", m.needsAttention());
        runs.progressOf(m.runId()).ifPresent(p -> run.putObject("progress").put("scanned", p.scanned())
                .put("expected", p.expected() < 0 ? null : p.expected()));
        return run;
    }

    public String manifest(String runId) throws IOException {
        return new String(Manifests.bytes(find(runId).dir()), StandardCharsets.UTF_8);
    }

    /** Dead letters, filtered by stage and code: {"total", "items"} for one page. */
    public String deadLetters(String runId, String stage, String code, String offset, String limit) throws IOException {
        RunCatalog.Entry run = find(runId);
        String wantedStage = optional(stage, STAGE, "stage is one of file, admission, pen, stamp, gate");
        String wantedCode = optional(code, CODE, "code is a check code such as MISSING_FIELD");
        List<Path> files = new ArrayList<>();
        for (Stage s : Stage.WITH_DEAD_LETTERS) {
            if (wantedStage == null || wantedStage.equals(s.fileName())) {
                files.add(run.dir().resolve(RunLayout.deadLetters(s)));
            }
        }
        return page(files, wantedCode == null ? null : line -> codes(line).contains(wantedCode), offset, limit);
    }

    public String candidates(String runId, String offset, String limit) throws IOException {
        return page(List.of(find(runId).dir().resolve(RunLayout.CANDIDATES)), null, offset, limit);
    }

    public String skipped(String runId, String code, String offset, String limit) throws IOException {
        String wantedCode = optional(code, CODE, "code is a skip code such as OUT_OF_SCOPE");
        return page(List.of(find(runId).dir().resolve(RunLayout.SKIPPED)),
                wantedCode == null ? null : line -> wantedCode.equals(line.path("code").asText()), offset, limit);
    }

    public String verify(String runId) throws IOException {
        RunCatalog.Entry run = find(runId);
        run.endedManifest("verify");
        return JSON.writeValueAsString(RunVerifier.verify(run));
    }

    /** check --json: the violations, then the summary, as one object {"violations", "summary"}. */
    public String check(String runId) throws IOException {
        List<RunChecker.Violation> violations = new ArrayList<>();
        RunChecker.Summary summary = RunChecker.check(ended(runId), violation -> {
            if (violations.size() < MAX_LIMIT) {
                violations.add(violation);
            }
        });
        ObjectNode answer = JSON.createObjectNode();
        answer.set("violations", JSON.valueToTree(violations));
        answer.set("summary", JSON.valueToTree(summary));
        return JSON.writeValueAsString(answer);
    }

    public String diff(String runA, String runB, String limit) throws IOException {
        RunDiff diff = new RunDiff(ended(runA), ended(runB));
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.setCodec(JSON);
            diff.writeJson(g, limit == null || limit.isBlank() ? null : number(limit, "limit"));
        }
        return out.toString();
    }

    public String delete(String runId) throws IOException {
        find(runId);
        DeleteReceipt receipt = deleter.delete(runId, false);
        if (!receipt.complete()) {
            throw new ApiRefusal(409, receipt.outcome() + ": " + receipt.message());
        }
        return receipt.toJsonLine();
    }

    /** The rule-set file a rerun asked for by name, from the offered folder only; empty: the active one. */
    public String ruleSetFile(String name) {
        if (name == null || name.isBlank()) {
            return "";
        }
        if (!RULESET_NAME.matcher(name).matches()) {
            throw new ApiRefusal(400, "a rule-set is named by its file name among the console's rule-sets (letters, digits, . _ -, ending .yaml)");
        }
        Path file = ruleSets.resolve(name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ApiRefusal(404, "no rule-set " + name + " among the console's rule-sets");
        }
        return file.toString();
    }

    /**
     * The producer a rerun asked for by name: "builtin", or a file of the producers folder (a .sql
     * script, or an executable run as it is); empty: the one kho-tam was started with.
     */
    public String producerOf(String name) {
        if (name == null || name.isBlank()) {
            return "";
        }
        if (name.equals("builtin")) {
            return name;
        }
        if (!PRODUCER_NAME.matcher(name).matches()) {
            throw new ApiRefusal(400, "a producer is named by its file name among the console's producers (letters, digits, . _ -)");
        }
        Path file = producers.resolve(name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ApiRefusal(404, "no producer " + name + " among the console's producers");
        }
        return name.endsWith(".sql") ? "sql:" + file : "exec:" + file;
    }

    /** The producers the console offers for a rerun: the .sql scripts and the executables of the producers folder. */
    public List<String> offeredProducers() throws IOException {
        if (!Files.isDirectory(producers, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (var files = Files.list(producers)) {
            return files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .filter(f -> f.getFileName().toString().endsWith(".sql") || Files.isExecutable(f))
                    .map(f -> f.getFileName().toString()).filter(n -> PRODUCER_NAME.matcher(n).matches()).sorted().toList();
        }
    }

    /** The rule-set files the console offers for a rerun. */
    public List<String> offeredRuleSets() throws IOException {
        if (!Files.isDirectory(ruleSets, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (var files = Files.list(ruleSets)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> RULESET_NAME.matcher(n).matches())
                    .filter(n -> Files.isRegularFile(ruleSets.resolve(n), LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }

    public String rerunStarted(StagingRun run) throws IOException {
        return JSON.writeValueAsString(Map.of("run_id", run.getId(), "rerun_of", run.rerunOf()));
    }

    /** A known run; a 404 otherwise (an id that is there was checked by the guard; one that is not is a 400). */
    RunCatalog.Entry find(String runId) throws IOException {
        if (runId == null) {
            throw new ApiRefusal(400, "a run id is required");
        }
        try {
            return new RunCatalog(stagingRoot).find(runId);
        } catch (IllegalArgumentException unknown) {
            throw new ApiRefusal(404, "no run " + runId); // the staging path is none of a client's business
        }
    }

    /** A known, finished run (a rerun's source): 404 or 409 otherwise. */
    public void requireEnded(String runId) throws IOException {
        ended(runId);
    }

    /** A finished run; 409 while RUNNING. */
    RunCatalog.Entry ended(String runId) throws IOException {
        RunCatalog.Entry run = find(runId);
        try {
            run.endedManifest("read");
        } catch (IllegalArgumentException running) {
            throw new ApiRefusal(409, running.getMessage());
        }
        return run;
    }

    /** Which lines a page counts and shows; null: every line. */
    private interface LineFilter {
        boolean keep(JsonNode line);
    }

    private static String page(List<Path> files, LineFilter filter, String offset, String limit) throws IOException {
        long from = offset == null || offset.isBlank() ? 0 : number(offset, "offset");
        long size = limit == null || limit.isBlank() ? 100 : number(limit, "limit");
        if (size > MAX_LIMIT) {
            throw new ApiRefusal(400, "limit is at most " + MAX_LIMIT);
        }
        ArrayNode items = JSON.createArrayNode();
        long total = 0;
        long chars = 0;
        boolean full = false; // the page stops early rather than hold rows of megabytes each by the hundred
        for (Path file : files) {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String text = in.readLine(); text != null; text = in.readLine()) {
                    boolean wanted = total >= from && items.size() < size && !full;
                    // without a filter only the page's own lines are parsed; the rest are just counted
                    JsonNode line = wanted || filter != null ? JSON.readTree(text) : null;
                    if (filter == null || filter.keep(line)) {
                        if (wanted) {
                            full = !items.isEmpty() && chars + text.length() > MAX_PAGE_CHARS;
                            if (!full) {
                                items.add(line);
                                chars += text.length();
                            }
                        }
                        total++;
                    }
                }
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("total", total);
        answer.put("offset", from);
        answer.put("limit", size);
        answer.set("items", items);
        return JSON.writeValueAsString(answer);
    }

    private static List<String> codes(JsonNode letter) {
        List<String> codes = new ArrayList<>();
        letter.path("checks").forEach(check -> codes.add(check.path("code").asText()));
        return codes;
    }

    private static String optional(String value, Pattern pattern, String rule) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!pattern.matcher(value).matches()) {
            throw new ApiRefusal(400, rule);
        }
        return value;
    }

    private static int number(String value, String name) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ApiRefusal(400, name + " is a whole number, 0 or more");
        }
    }
}
