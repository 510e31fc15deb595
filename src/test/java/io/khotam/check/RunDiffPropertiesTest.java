package io.khotam.check;

import static io.khotam.Gens.oneOf;
import static io.khotam.Gens.pick;
import static io.khotam.Gens.qt;
import static io.khotam.Gens.unchecked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.store.RunCatalog;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * diff(A, A) is always empty, and diff(A, B) lists a row exactly when its outcome differs, for
 * runs written the way the pipeline lays them out (every output in row order; a candidate that
 * failed a stage has that stage's dead letter), with rows missing on either side and runs rejected
 * as a whole.
 */
class RunDiffPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] STAGES = {"pen", "stamp", "gate"};
    private static final String INPUT_SHA = "ab".repeat(32);

    /** What one row became; null verdicts unless a candidate. */
    record Planned(String outcome, String stage, List<String> codes, List<String> verdicts) {}

    /** A run: its rows by number (a gap is a row it does not have), or a whole-run rejection code. */
    record PlannedRun(Map<Long, Planned> rows, String rejectedAs) {}

    @Test
    void aRunDiffedWithItselfHasNoChange() {
        qt(200).forAll(runs()).checkAssert(unchecked(RunDiffPropertiesTest::diffedWithItself));
    }

    @Test
    void aRowIsListedExactlyWhenItsOutcomeDiffers() {
        qt(300).forAll(runs(), runs()).checkAssert((a, b) -> unchecked(RunDiffPropertiesTest::diffedWithAnother).accept(List.of(a, b)));
    }

    private static void diffedWithItself(PlannedRun run) throws IOException {
        Path home = Files.createTempDirectory("khotam-diff-property");
        try {
            RunCatalog.Entry a = write(home, "20260101-000000-aaaaaaaa", run);
            List<RunDiff.Change> changes = new ArrayList<>();
            RunDiff.Totals totals = new RunDiff(a, a).walk(changes::add);
            assertThat(changes).isEmpty();
            assertThat(totals.unchanged()).isEqualTo(run.rejectedAs() == null ? run.rows().size() : 0);
        } finally {
            delete(home);
        }
    }

    private static void diffedWithAnother(List<PlannedRun> pair) throws IOException {
        PlannedRun runA = pair.get(0);
        PlannedRun runB = pair.get(1);
        Path home = Files.createTempDirectory("khotam-diff-property");
        try {
            RunCatalog.Entry a = write(home, "20260101-000000-aaaaaaaa", runA);
            RunCatalog.Entry b = write(home, "20260101-000001-aaaaaaaa", runB);
            List<RunDiff.Change> changes = new ArrayList<>();
            RunDiff.Totals totals = new RunDiff(a, b).walk(changes::add);

            TreeSet<Long> rows = new TreeSet<>();
            if (runA.rejectedAs() == null) {
                rows.addAll(runA.rows().keySet());
            }
            if (runB.rejectedAs() == null) {
                rows.addAll(runB.rows().keySet());
            }
            List<Long> expected = rows.stream().filter(r -> !outcome(runA, r).equals(outcome(runB, r))).toList();
            assertThat(changes).extracting(RunDiff.Change::row).containsExactlyElementsOf(expected);
            assertThat(totals.changed() + totals.unchanged()).isEqualTo(rows.size());
            for (RunDiff.Change change : changes) {
                assertThat(asPlanned(change.a())).isEqualTo(outcome(runA, change.row()));
                assertThat(asPlanned(change.b())).isEqualTo(outcome(runB, change.row()));
            }
        } finally {
            delete(home);
        }
    }

    /** The outcome the contract gives a row of this run: its own, the file's rejection, or absent. */
    private static Planned outcome(PlannedRun run, long row) {
        if (run.rejectedAs() != null) {
            return new Planned("rejected", "file", List.of(run.rejectedAs()), null);
        }
        return run.rows().getOrDefault(row, new Planned("absent", null, List.of(), null));
    }

    private static Planned asPlanned(RowOutcome o) {
        return new Planned(o.outcome(), o.stage(), o.codes(), o.verdicts() == null ? null : List.copyOf(o.verdicts().values()));
    }

    private static Gen<PlannedRun> runs() {
        Gen<Optional<Planned>> present = Generate.frequency(List.of(
                Pair.of(4, planned().map(Optional::of)),
                Pair.of(1, Generate.constant(Optional.<Planned>empty()))));
        Gen<Map<Long, Planned>> rows = lists().of(present).ofSizeBetween(0, 12).map(list -> {
            Map<Long, Planned> byRow = new LinkedHashMap<>();
            for (int i = 0; i < list.size(); i++) {
                int row = i + 1;
                list.get(i).ifPresent(p -> byRow.put((long) row, p));
            }
            return byRow;
        });
        Gen<Optional<String>> rejected = Generate.frequency(List.of(
                Pair.of(15, pick("UNPARSABLE_DOCUMENT", "EMPTY_INPUT").map(Optional::of)),
                Pair.of(85, Generate.constant(Optional.<String>empty()))));
        return rows.zip(rejected, (r, code) -> new PlannedRun(code.isEmpty() ? r : Map.of(), code.orElse(null)));
    }

    private static Gen<Planned> planned() {
        Gen<String> code = pick("MISSING_FIELD", "WRONG_TYPE", "STATUS_UNKNOWN", "SPECIES_NOT_FIT");
        Gen<List<String>> codes = lists().of(code).ofSizeBetween(1, 2).map(list -> List.copyOf(new TreeSet<>(list)));
        Gen<Planned> rejected = codes.map(c -> new Planned("rejected", "admission", c, null));
        Gen<Planned> skipped = pick("OUT_OF_SCOPE", "CERTIFIED_LIKE").map(c -> new Planned("skipped", "scope", List.of(c), null));
        // a verdict chain: each stage passes or arrives stamped until one fails; after it nothing runs
        Gen<Planned> candidate = integers().between(0, 3).zip(
                lists().of(pick("PASSED", "ALREADY_STAMPED")).ofSize(3), codes, (failsAt, passes, c) -> {
                    List<String> verdicts = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        verdicts.add(i < failsAt ? passes.get(i) : i == failsAt ? "FAILED" : "NOT_RUN");
                    }
                    return failsAt == 3 ? new Planned("candidate", null, List.of(), verdicts)
                            : new Planned("candidate", STAGES[failsAt], c, verdicts);
                });
        return oneOf(candidate, candidate, rejected, skipped);
    }

    /** Lays the run out as the pipeline does: one file per kind, each in row order. */
    private static RunCatalog.Entry write(Path staging, String runId, PlannedRun run) throws IOException {
        Path dir = Files.createDirectories(staging.resolve(runId));
        for (String folder : List.of("candidates", "dead-letter", "evidence")) {
            Files.createDirectories(dir.resolve(folder));
        }
        ObjectNode manifest = JSON.createObjectNode().put("marker", "STAGING").put("run_id", runId)
                .put("status", run.rejectedAs() == null ? "COMPLETED" : "REJECTED").put("reason", run.rejectedAs());
        manifest.putObject("input").put("file", "x.jsonl").put("sha256", INPUT_SHA).put("bytes", 1).put("format", "jsonl");
        Files.writeString(dir.resolve("evidence/manifest.json"), manifest.toString());
        Map<String, BufferedWriter> files = new HashMap<>();
        try {
            for (Map.Entry<Long, Planned> entry : run.rows().entrySet()) {
                long row = entry.getKey();
                Planned p = entry.getValue();
                switch (p.outcome()) {
                    case "candidate" -> {
                        ObjectNode line = JSON.createObjectNode().put("row", row).put("entity_code", "E-" + row);
                        ObjectNode verdicts = line.putObject("verdicts");
                        for (int i = 0; i < 3; i++) {
                            verdicts.put(STAGES[i], p.verdicts().get(i));
                        }
                        append(files, dir, "candidates/candidates.jsonl", line);
                        if (p.stage() != null) {
                            append(files, dir, "dead-letter/" + p.stage() + ".jsonl", letter(row, p.codes()));
                        }
                    }
                    case "rejected" -> append(files, dir, "dead-letter/admission.jsonl", letter(row, p.codes()));
                    default -> append(files, dir, "evidence/skipped.jsonl",
                            JSON.createObjectNode().put("run_id", runId).put("row", row).put("code", p.codes().get(0)));
                }
            }
        } finally {
            for (BufferedWriter out : files.values()) {
                out.close();
            }
        }
        return new RunCatalog(staging).find(runId);
    }

    private static ObjectNode letter(long row, List<String> codes) {
        ObjectNode letter = JSON.createObjectNode().put("row", row);
        ArrayNode checks = letter.putArray("checks");
        for (String code : codes) {
            checks.addObject().put("code", code).put("field", "f").put("message", "m");
            checks.addObject().put("code", code).put("field", "g").put("message", "the same code twice counts once");
        }
        letter.putObject("row_data").put("entity_code", "E-" + row);
        return letter;
    }

    private static void append(Map<String, BufferedWriter> files, Path dir, String path, ObjectNode line) throws IOException {
        BufferedWriter out = files.get(path);
        if (out == null) {
            out = Files.newBufferedWriter(dir.resolve(path));
            files.put(path, out);
        }
        out.write(line.toString());
        out.write('\n');
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
