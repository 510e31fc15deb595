package io.khotam.inspection;

/** The rule-set could not be read or is invalid: the run must stamp nothing (SOURCE_RECOVERY_REQUIRED). */
public class RuleSetUnavailableException extends Exception {
    public RuleSetUnavailableException(String message) {
        super(message);
    }
}
