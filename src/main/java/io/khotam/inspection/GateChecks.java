package io.khotam.inspection;

/** Bean Validation group of the GATE stage's checks on {@link Row}. */
public interface GateChecks {}
