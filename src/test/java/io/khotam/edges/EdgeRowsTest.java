package io.khotam.edges;

import static org.assertj.core.api.Assertions.assertThat;

import io.khotam.CheckCode;
import io.khotam.Stage;
import io.khotam.inspection.Rules;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every row-level check of scope, PEN, STAMP and GATE has rows on both sides of its edge, on the
 * bundled rule-set and on another one; a check added without its probes makes this fail. The same
 * rule-set and seed give the same rows.
 */
class EdgeRowsTest {

    @TempDir
    Path dir;

    /** The checks a rule-set's edges must probe: every code of the stages after admission. */
    static Set<CheckCode> probedChecks() {
        return Arrays.stream(CheckCode.values()).filter(c -> c.stage() == Stage.SCOPE || c.stage() == Stage.PEN
                || c.stage() == Stage.STAMP || c.stage() == Stage.GATE).collect(Collectors.toCollection(() -> EnumSet.noneOf(CheckCode.class)));
    }

    private static void everyCheckOnBothSides(Rules rules) {
        List<EdgeProbe> probes = EdgeRows.of(rules, 0);
        for (CheckCode check : probedChecks()) {
            assertThat(probes).as("rows inside %s", check).anyMatch(p -> p.check() == check && p.inside());
            assertThat(probes).as("rows outside %s", check).anyMatch(p -> p.check() == check && !p.inside()
                    && p.expected().code() == check);
        }
        assertThat(probes).as("each row names one edge").allSatisfy(p -> assertThat(p.name()).matches(".+: .+: (inside|outside)"));
    }

    @Test
    void theBundledRuleSetsChecksAreEachProbedOnBothSides() throws Exception {
        everyCheckOnBothSides(EdgeRuleSets.bundled());
    }

    @Test
    void anotherRuleSetsChecksAreEachProbedOnBothSidesWithItsOwnValues() throws Exception {
        Rules second = EdgeRuleSets.second(dir);
        everyCheckOnBothSides(second);
        List<String> names = EdgeRows.of(second, 0).stream().map(EdgeProbe::name).toList();
        assertThat(names).contains("GATE species: moss with species SPHAGNUM: inside", "STAMP name_max_length: 13 code points, ASCII: outside",
                "SCOPE governance_roles: role curated in scope: inside", "STAMP statuses: status closed: inside");
        assertThat(names).noneMatch(n -> n.contains("flora") || n.contains("PLANTAE"));
    }

    @Test
    void theSameRuleSetAndSeedGiveTheSameRowsAndAnotherSeedOtherVariants() throws Exception {
        Rules rules = EdgeRuleSets.bundled();
        assertThat(EdgeRows.of(rules, 0)).isEqualTo(EdgeRows.of(rules, 0));
        assertThat(EdgeRows.of(rules, 1).stream().map(EdgeProbe::name).toList())
                .isNotEqualTo(EdgeRows.of(rules, 0).stream().map(EdgeProbe::name).toList());
    }
}
