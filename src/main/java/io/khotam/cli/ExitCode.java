package io.khotam.cli;

/** The exit codes of every command; docs/contract.md "Exit codes" documents the same table. */
public final class ExitCode {
    /** Every run COMPLETED (or there was nothing to do); the command did what was asked. */
    public static final int OK = 0;
    /** An unexpected internal error; the message says what, the log has the details. */
    public static final int INTERNAL = 1;
    /** The command line is wrong (unknown option, missing argument, not a run id, no such run). */
    public static final int USAGE = 2;
    /** The configuration is unusable (home missing, not writable, bad property value). */
    public static final int CONFIG = 3;
    /** At least one run ended REJECTED (its input is kept in the run's input/), none FAILED. */
    public static final int REJECTED = 4;
    /** At least one run ended FAILED. */
    public static final int FAILED = 5;
    /** A delete or an export was refused, or a delete left something behind (the receipt or message says what). */
    public static final int REFUSED = 6;
    /** verify found a missing, changed or extra file. */
    public static final int VERIFY_MISMATCH = 7;
    /**
     * A registry is configured and a run cannot prove production untouched: its fingerprint
     * changed during the run, or could not be read. Takes precedence over 4 and 5.
     */
    public static final int PRODUCTION_UNPROVEN = 8;

    /** check found a run that breaks a rule of the contract; or a producer under test BREAKS_CONTRACT. */
    public static final int CHECK_VIOLATED = 9;

    /** A producer under test keeps the contract but DIVERGES from the reference on some rows. */
    public static final int PRODUCER_DIVERGES = 10;

    private ExitCode() {}
}
