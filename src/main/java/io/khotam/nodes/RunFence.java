package io.khotam.nodes;

import java.io.IOException;

/**
 * Asked before a run's bytes reach the disk: a node that may have lost the run's lease writes
 * nothing more into a run another node may have taken over.
 */
@FunctionalInterface
public interface RunFence {

    RunFence OPEN = () -> { };

    /**
     * Returns when writing is safe; waits while the lease cannot be renewed but may still be this node's.
     *
     * @throws LeaseLostException when another node took the run over (or the wait was interrupted)
     */
    void beforeWrite() throws IOException;
}
