package io.khotam.run;

/** DESIGN.md "The run unit": the status a manifest records. */
public enum RunStatus {
    RUNNING, COMPLETED, REJECTED, FAILED, INTERRUPTED;

    public boolean finished() {
        return this != RUNNING;
    }
}
