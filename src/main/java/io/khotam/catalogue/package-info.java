/**
 * The run catalogue: an index of the runs and dead letters under a staging root, kept current as
 * runs start and end and corrected from the run directories (which stay the truth), so the console,
 * the API and {@code list} page and filter without reading every manifest.
 */
package io.khotam.catalogue;
