package io.khotam.inspection;

import io.khotam.Stage;
import java.util.List;

/**
 * The order of inspection, defined once (docs/contract.md "Check codes"): each Bean Validation group, the
 * stage it belongs to, and whether passing it earns a stamp. A row stops at the first group that
 * does not pass. The inspect-row route follows this order step by step (a test reads its step ids
 * against it); the benchmark floor and the fuzz test iterate it.
 */
public enum CheckSequence {
    ADMISSION(AdmissionChecks.class, Stage.ADMISSION, false),
    SCOPE(ScopeChecks.class, Stage.SCOPE, false),
    PEN(PenChecks.class, Stage.PEN, true),
    STAMP(StampChecks.class, Stage.STAMP, true),
    GATE(GateChecks.class, Stage.GATE, true);

    private final Class<?> group;
    private final Stage stage;
    private final boolean stamps;

    CheckSequence(Class<?> group, Stage stage, boolean stamps) {
        this.group = group;
        this.stage = stage;
        this.stamps = stamps;
    }

    public Class<?> group() {
        return group;
    }

    public Stage stage() {
        return stage;
    }

    /** True when a pass sets the stage's own candidate column (PEN, STAMP, GATE). */
    public boolean stamps() {
        return stamps;
    }

    /** The route's step ids for this group, in order: its validation, then its inspector when it stamps. */
    public List<String> stepIds() {
        String name = stage.fileName();
        return stamps ? List.of(name + "-checks", name) : List.of(name + "-checks");
    }
}
