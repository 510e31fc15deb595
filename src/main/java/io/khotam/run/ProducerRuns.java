package io.khotam.run;

import io.khotam.evidence.ProducerUsed;
import io.khotam.producer.ProducerSpec;

/** What a run's lifecycle asks of the producers under test ({@link ProducerStep}) at a run's beginning and end. */
public interface ProducerRuns {

    /** Where no producer can run (the bench's floor): runs are stamped by the built-in inspectors only. */
    ProducerRuns NONE = new ProducerRuns() {
        @Override
        public ProducerUsed planned(StagingRun run, ProducerSpec spec) {
            throw new IllegalStateException("no producer under test can run here (" + spec.source() + ")");
        }

        @Override
        public void abandon(StagingRun run) {
            // no producer, so no load to abandon
        }
    };

    /** What a run's manifest says of its producer when it begins. */
    ProducerUsed planned(StagingRun run, ProducerSpec spec);

    /** A run that ends before its producer ran: whatever was made for it in the workspace is ended. */
    void abandon(StagingRun run);
}
