package io.khotam.producer;

import io.khotam.nodes.RunFence;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a producer is run on: the run's admitted, in-scope rows (its reference file, row order).
 *
 * @param runDir the run's directory, where an exec producer's streams are kept
 * @param fence asked before anything is written into the run (the run's lease is still this node's)
 */
public record ProducerJob(String runId, Path runDir, Path referenceFile, ProducerSpec spec, Duration timeout, RunFence fence) {}
