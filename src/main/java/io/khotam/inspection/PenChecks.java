package io.khotam.inspection;

/** Bean Validation group of the PEN stage's checks on {@link Row}. */
public interface PenChecks {}
