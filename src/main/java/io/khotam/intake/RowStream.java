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
}
