package io.khotam.inspection;

/** Bean Validation group of the STAMP stage's checks on {@link Row}. */
public interface StampChecks {}
