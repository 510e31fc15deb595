package io.khotam.inspection;

/** Bean Validation group of the ADMISSION stage's checks on {@link Row}. */
public interface AdmissionChecks {}
