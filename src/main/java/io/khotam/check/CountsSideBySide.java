package io.khotam.check;

import io.khotam.Stage;
import io.khotam.evidence.RunCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * Two runs' counts side by side, as `diff` and the console's diff page show them: rows, each
 * stage's passed / already stamped / failed, then every dead-letter code by stage and every skip
 * code either run has.
 */
public final class CountsSideBySide {

    /** One line of the table; {@code delta} is b − a, signed ("0", "+3", "-1"). */
    public record Line(String label, long a, long b) {
        public String delta() {
            return a == b ? "0" : String.format("%+d", b - a);
        }
    }

    private CountsSideBySide() {}

    public static List<Line> of(RunCounts a, RunCounts b) {
        List<Line> lines = new ArrayList<>();
        add(lines, "scanned", a, b, RunCounts::scanned);
        add(lines, "admitted", a, b, RunCounts::admitted);
        add(lines, "rejected at admission", a, b, RunCounts::rejected);
        add(lines, "skipped", a, b, RunCounts::skipped);
        for (Stage stage : List.of(Stage.PEN, Stage.STAMP, Stage.GATE)) {
            String name = stage.fileName();
            add(lines, name + " passed", a, b, c -> c.stage(stage).passed());
            add(lines, name + " already stamped", a, b, c -> c.stage(stage).alreadyStamped());
            add(lines, name + " failed", a, b, c -> c.stage(stage).failed());
        }
        add(lines, "candidates", a, b, RunCounts::candidates);
        add(lines, "dead letters", a, b, RunCounts::deadLetters);
        for (Stage stage : Stage.values()) {
            TreeSet<String> codes = new TreeSet<>(a.deadLetterCodes().getOrDefault(stage.fileName(), Map.of()).keySet());
            codes.addAll(b.deadLetterCodes().getOrDefault(stage.fileName(), Map.of()).keySet());
            for (String code : codes) {
                add(lines, "  " + stage.fileName() + " " + code, a, b,
                        c -> c.deadLetterCodes().getOrDefault(stage.fileName(), Map.of()).getOrDefault(code, 0L));
            }
        }
        TreeSet<String> skipCodes = new TreeSet<>(a.skippedCodes().keySet());
        skipCodes.addAll(b.skippedCodes().keySet());
        for (String code : skipCodes) {
            add(lines, "  skipped " + code, a, b, c -> c.skippedCodes().getOrDefault(code, 0L));
        }
        return lines;
    }

    private static void add(List<Line> lines, String label, RunCounts a, RunCounts b, ToLongFunction<RunCounts> count) {
        lines.add(new Line(label, count.applyAsLong(a), count.applyAsLong(b)));
    }
}
