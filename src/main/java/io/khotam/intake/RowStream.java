package io.khotam.intake;

import java.io.Closeable;
import java.util.Iterator;

/**
 * The rows of one input, read lazily one at a time so memory does not grow with the row count.
 * Camel's streaming splitter iterates it and closes it at the end.
 */
public interface RowStream extends Iterator<ReceivedRow>, Closeable {

    /** How many rows the prescan found: known before the first row is inspected. */
    long expectedRows();

    /**
     * How far reading has got into the input, in bytes (in characters for a UTF-16 or UTF-32
     * document): lets a reader that runs ahead bound what it holds by size, not only by rows.
     */
    long position();
}
