package io.khotam;

import java.util.List;
import java.util.Locale;

/** Where a row (or a whole file) stops. The lower-case name is the dead-letter file name. */
public enum Stage {
    FILE, ADMISSION, SCOPE, PEN, STAMP, GATE;

    /** The stages that write dead letters (scope skips instead), in the order a row meets them. */
    public static final List<Stage> WITH_DEAD_LETTERS = List.of(FILE, ADMISSION, PEN, STAMP, GATE);
    /** The three inspectors, each stamping its own column. */
    public static final List<Stage> INSPECTORS = List.of(PEN, STAMP, GATE);

    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
