package io.khotam.nodes;

import java.io.IOException;

/** This node no longer holds the run's lease: it writes, ends and deletes nothing more of that run. */
public class LeaseLostException extends IOException {

    public LeaseLostException(String message) {
        super(message);
    }
}
