package io.khotam.intake;

import io.khotam.CheckCode;

/** The whole file is refused before any row is inspected: the run ends REJECTED with this code. */
public class FileRejectedException extends Exception {

    private final CheckCode code;

    public FileRejectedException(CheckCode code, String message) {
        super(message);
        this.code = code;
    }

    public CheckCode code() {
        return code;
    }
}
