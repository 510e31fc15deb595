package io.khotam.catalogue;

import java.util.List;

/**
 * One page of a list newest first.
 *
 * @param next where the next (older) page starts, or null on the last
 * @param previous where the previous (newer) page ends, or null on the first
 * @param total how many match the filters in all
 */
public record Page<T>(List<T> items, Cursor next, Cursor previous, long total) {}
