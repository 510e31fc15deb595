package io.khotam.edges;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The bundled Python producer on the edge rows, and Python producers each with one subtle mistake. */
class ExecProducersOnEdgesTest extends ProducersOnEdges {

    private static final String REFERENCE = example("producers/reference.py");

    @Override
    String producerOption(Path file) {
        return "exec:python3 " + file;
    }

    @Override
    String fileName() {
        return "producer.py";
    }

    @Test
    void theBundledPythonProducerConformsOnTheEdgeRows() {
        assertThat(verdictOn(REFERENCE, "edge-rows.jsonl")).isEqualTo("CONFORMS");
    }

    @Test
    void pythonsOwnStripForBlankIsFoundOut() {
        conformsOnTheSamplesButNotOnTheEdges(REFERENCE.replace("return value.strip(WHITE_SPACE)", "return value.strip()"));
    }

    @Test
    void reMatchWithADollarIsFoundOut() {
        conformsOnTheSamplesButNotOnTheEdges(REFERENCE.replace("re.compile(r\"[A-Z][A-Z0-9]{1,9}-[0-9]{3,12}\")",
                "re.compile(r\"^[A-Z][A-Z0-9]{1,9}-[0-9]{3,12}$\")").replace("ENTITY_CODE.fullmatch(", "ENTITY_CODE.match("));
    }

    @Test
    void aNameCountedInUtf8BytesIsFoundOut() {
        conformsOnTheSamplesButNotOnTheEdges(REFERENCE.replace("len(r[\"name\"]) <= 200", "len(r[\"name\"].encode()) <= 200"));
    }

    @Test
    void aDescriptionCountedInUtf16UnitsIsFoundOut() {
        conformsOnTheSamplesButNotOnTheEdges(REFERENCE.replace("len(strip(r[\"description\"])) >= 10",
                "len(strip(r[\"description\"]).encode(\"utf-16-le\")) // 2 >= 10"));
    }

    @Test
    void anEntityCodeDigitAsUnicodeDigitIsFoundOut() {
        conformsOnTheSamplesButNotOnTheEdges(REFERENCE.replace("re.compile(r\"[A-Z][A-Z0-9]{1,9}-[0-9]{3,12}\")",
                "re.compile(r\"[A-Z][A-Z0-9]{1,9}-\\d{3,12}\")"));
    }
}
