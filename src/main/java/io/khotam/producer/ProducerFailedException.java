package io.khotam.producer;

/**
 * The producer under test could not be run to the end, or answered what cannot be judged: the run
 * FAILS with this reason. It carries no cause: its message already says what the cause said, and
 * the run's reason is taken from the innermost cause of what failed it.
 */
public class ProducerFailedException extends Exception {
    public ProducerFailedException(String message) {
        super(message);
    }
}
