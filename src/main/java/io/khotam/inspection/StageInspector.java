package io.khotam.inspection;

import io.khotam.Stage;
import org.apache.camel.Body;

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

    /** The body is bound by annotation (no parameter list parsed per row), and stays the row it is (nothing returned). */
    public void stamp(@Body Row row) {
        row.stamp(stage, clock.next());
    }
}
