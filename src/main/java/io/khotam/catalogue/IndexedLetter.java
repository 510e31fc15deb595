package io.khotam.catalogue;

import io.khotam.Stage;
import java.util.List;

/**
 * A dead letter as the catalogue finds it: where it is (run, stage file, line and the byte the
 * line starts at) and what a search asks of it.
 *
 * @param row the row's number, or null (a letter of the whole file)
 * @param entityCode the row's entity_code when it is a string, else null
 */
public record IndexedLetter(String runId, long startedMicros, Stage stage, long line, Long row, String entityCode,
                            List<String> codes, long byteOffset) {}
