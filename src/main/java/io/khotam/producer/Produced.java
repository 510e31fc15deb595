package io.khotam.producer;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;

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

    /** What the run should say of the producer though it ran (an empty script); empty when nothing. */
    default List<String> warnings() {
        return List.of();
    }

    @Override
    void close() throws Exception;
}
