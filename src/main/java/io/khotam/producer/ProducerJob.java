package io.khotam.producer;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a producer is run on: the run's admitted, in-scope rows (its reference file, row order).
 *
 * @param runDir the run's directory, where an exec producer's streams are kept
 */
public record ProducerJob(String runId, Path runDir, Path referenceFile, ProducerSpec spec, Duration timeout) {}
