package io.khotam.edges;

import static org.assertj.core.api.Assertions.assertThat;

import io.khotam.producer.TestWorkspace;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The bundled SQL producers on the edge rows, and SQL producers each with one subtle mistake. */
class SqlProducersOnEdgesTest extends ProducersOnEdges {

    private static final String REFERENCE = example("producers/reference.sql");

    @Override
    String producerOption(Path file) {
        return "sql:" + file;
    }

    @Override
    String fileName() {
        return "producer.sql";
    }

    @Override
    protected void moreProperties(Properties properties) {
        super.moreProperties(properties);
        properties.setProperty("khotam.workspace.url", TestWorkspace.url());
    }

    @Test
    void theBundledSqlProducersGiveTheirVerdictsOnTheEdgeRows() {
        assertThat(verdictOn(REFERENCE, "edge-rows.jsonl")).isEqualTo("CONFORMS");
        assertThat(verdictOn(example("producers/lenient-gate.sql"), "edge-rows.jsonl")).isEqualTo("DIVERGES");
        assertThat(verdictOn(example("producers/fused-shortcut.sql"), "edge-rows.jsonl")).isEqualTo("BREAKS_CONTRACT");
        assertThat(verdictOn(example("producers/certifies.sql"), "edge-rows.jsonl")).isEqualTo("BREAKS_CONTRACT");
    }

    @Test
    void blankAsPostgresRegexSpaceIsFoundOut() {
        conformsOnTheSamplesButNotOnTheEdges(REFERENCE.replace("SELECT v IS NOT NULL AND stripped(v) <> ''",
                "SELECT v IS NOT NULL AND v ~ '\\S'"));
    }

    @Test
    void aNameCountedInBytesIsFoundOut() {
        conformsOnTheSamplesButNotOnTheEdges(REFERENCE.replace("char_length(r.name) <= 200", "octet_length(r.name) <= 200"));
    }

    @Test
    void aNameLimitOffByOneIsFoundOut() {
        conformsOnTheSamplesButNotOnTheEdges(REFERENCE.replace("char_length(r.name) <= 200", "char_length(r.name) < 200"));
    }

    @Test
    void statusesComparedWithoutCaseAreFoundOut() {
        conformsOnTheSamplesButNotOnTheEdges(REFERENCE.replace("r.status IN ('draft', 'active', 'review')",
                "lower(r.status) IN ('draft', 'active', 'review')"));
    }

    @Test
    void anUnanchoredEntityCodePatternIsFoundOut() {
        conformsOnTheSamplesButNotOnTheEdges(REFERENCE.replace("'^[A-Z][A-Z0-9]+-[0-9]+$'", "'[A-Z][A-Z0-9]+-[0-9]+'"));
    }

    @Test
    void anEntityCodePrefixOfElevenIsFoundOut() {
        conformsOnTheSamplesButNotOnTheEdges(REFERENCE.replace("BETWEEN 3 AND 11", "BETWEEN 3 AND 12"));
    }

    @Test
    void anEntityCodeLengthOffByOneIsFoundOut() {
        conformsOnTheSamplesButNotOnTheEdges(REFERENCE.replace("BETWEEN 3 AND 12", "BETWEEN 3 AND 13"));
    }
}
