package io.khotam;

import java.util.Locale;

/** Where a row (or a whole file) stops. The lower-case name is the dead-letter file name. */
public enum Stage {
    FILE, ADMISSION, SCOPE, PEN, STAMP, GATE;

    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
