package io.khotam.edges;

import io.khotam.inspection.RuleSetLoader;
import io.khotam.inspection.Rules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The rule-sets the edge tests run on: the bundled demo, and a second one unlike it in every section. */
final class EdgeRuleSets {

    /** Other roles, a pattern with an alternative and a group, short limits, other statuses, three collections. */
    static final String SECOND = """
            ruleset: edges-test
            version: "2"
            scope: { governance_roles: [curated, governed] }
            pen: { entity_code_pattern: "^(BIRD|TREE)_\\\\d{2}(-[a-z]{1,3})?$" }
            stamp: { name_max_length: 12, description_min_length: 3, statuses: [open, closed] }
            gate:
              collections:
                birds: { species: [CORVUS, PARUS, TURDUS], dot_origins: [NEST] }
                trees: { species: [QUERCUS], dot_origins: [SEED, GRAFT] }
                moss: { species: [SPHAGNUM], dot_origins: [SPORE, NEST] }
            """;

    private EdgeRuleSets() {}

    static Rules bundled() throws Exception {
        return RuleSetLoader.standalone(null).load();
    }

    static Path writeSecond(Path dir) {
        try {
            return Files.writeString(dir.resolve("edges-test.yaml"), SECOND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Rules second(Path dir) throws Exception {
        return RuleSetLoader.standalone(writeSecond(dir)).load();
    }
}
