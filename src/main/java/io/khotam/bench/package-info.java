/**
 * Measuring sticks for {@code kho-tam bench} (BENCHMARKS.md): deterministic fixtures, the floor
 * loop that does the pipeline's work without Camel, and the peak-memory report. They ship in the
 * jar because {@code bench} is a user command, run where kho-tam runs; nothing on the product's
 * own path (the routes, the beans, the other commands) refers to this package.
 */
package io.khotam.bench;
