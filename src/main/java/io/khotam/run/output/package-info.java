/** A run's files as it writes them: one line at a time in row order on the run's writer thread, each file hashed as it grows. */
package io.khotam.run.output;
