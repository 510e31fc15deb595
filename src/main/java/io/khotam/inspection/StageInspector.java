package io.khotam.inspection;

import io.khotam.Stage;

/**
 * The inspector of one stage (PEN, STAMP or GATE) once its Bean Validation group passed: it sets
 * that stage's own candidate column, and no other.
 */
public class StageInspector {

    private final Stage stage;
    private final StampClock clock;

    public StageInspector(Stage stage, StampClock clock) {
        this.stage = stage;
        this.clock = clock;
    }

    public Row stamp(Row row) {
        row.stamp(stage, clock.next());
        return row;
    }
}
