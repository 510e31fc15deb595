package io.khotam.run;

/** One entry of the manifest's {@code outputs}: a file of the run, relative to the run directory. */
public record OutputFile(String path, String sha256, long bytes) {}
