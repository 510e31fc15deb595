package io.khotam.inspection;

/** Bean Validation group of the scope checks on {@link Row}: a violation is a skip, not a failure. */
public interface ScopeChecks {}
