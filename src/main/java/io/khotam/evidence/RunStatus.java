package io.khotam.evidence;

/** docs/contract.md "Output: one run directory": the status a manifest records. */
public enum RunStatus {
    RUNNING, COMPLETED, REJECTED, FAILED, INTERRUPTED;

    public boolean finished() {
        return this != RUNNING;
    }
}
