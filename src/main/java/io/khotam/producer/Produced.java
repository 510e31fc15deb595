package io.khotam.producer;

import java.time.Instant;
import java.util.Iterator;

/**
 * What a producer did, ready to be judged: its window and the rows as it left them, in row order
 * (an added row in the order of the number it gave it). Closing it ends the read-back.
 */
public interface Produced extends AutoCloseable, Iterator<ProducedRow> {

    /** No stamp the producer set may lie before this ... */
    Instant from();

    /** ... or after this. */
    Instant to();

    /** How long loading the rows and running the producer took, in ms. */
    long loadMillis();

    long producerMillis();

    @Override
    void close() throws Exception;
}
