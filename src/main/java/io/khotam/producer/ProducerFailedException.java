package io.khotam.producer;

/** The producer under test could not be run to the end, or answered what cannot be judged: the run FAILS with this reason. */
public class ProducerFailedException extends Exception {
    public ProducerFailedException(String message) {
        super(message);
    }

    public ProducerFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
