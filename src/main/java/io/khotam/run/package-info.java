/**
 * One run from its beginning to its end: the run itself ({@code StagingRun}), its rows, each row's
 * outcome, a producer run's reference and producer step, its end and its proof. How a run is
 * claimed lives in {@code run.claim}, how it writes its files in {@code run.output}, what is
 * recovered after a crash in {@code run.recovery}.
 */
package io.khotam.run;
