package io.khotam.intake;

import java.io.IOException;
import java.util.NoSuchElementException;

/**
 * The iterator both formats share: one row read ahead, so {@code hasNext} can answer, and an end
 * that stays the end (Camel's splitter asks {@code hasNext} again after the last row and after
 * {@code close}).
 */
abstract class LookAheadRows implements RowStream {

    private ReceivedRow next;
    private boolean exhausted;

    /** @return the next row, or null after the last */
    protected abstract ReceivedRow advance();

    /** Releases what the format reads from. */
    protected abstract void closeInput() throws IOException;

    @Override
    public final boolean hasNext() {
        if (next == null && !exhausted) {
            next = advance();
            exhausted = next == null;
        }
        return next != null;
    }

    @Override
    public final ReceivedRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ReceivedRow current = next;
        next = null;
        return current;
    }

    @Override
    public final void close() throws IOException {
        exhausted = true;
        next = null;
        closeInput();
    }
}
