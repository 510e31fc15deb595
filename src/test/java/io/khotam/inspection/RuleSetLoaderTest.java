package io.khotam.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khotam.Sha256;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule-set is data the run records; anything doubtful about it makes it unavailable (fail closed). */
class RuleSetLoaderTest {

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    private static final String VALID = """
            ruleset: dieu-0g
            version: "test-1"
            scope: { governance_roles: [governed] }
            pen: { entity_code_pattern: "^[A-Z]+-[0-9]+$" }
            stamp: { name_max_length: 50, description_min_length: 3, statuses: [active] }
            gate: { collections: { flora: { species: [PLANTAE-TREE], dot_origins: [DOT-CUT] } } }
            """;

    @TempDir
    Path dir;

    private Rules load(String yaml) throws Exception {
        return new RuleSetLoader(VALIDATOR, Files.writeString(dir.resolve("rules.yaml"), yaml)).load();
    }

    /** docs/rulesets.md "Change it, run again, compare" relies on the second bundled rule-set differing from the demo in one status only. */
    @Test
    void theWalkthroughRuleSetIsTheDemoOneWithoutReview() throws Exception {
        Rules demo = new RuleSetLoader(VALIDATOR, null).load();
        Rules noReview = new RuleSetLoader(VALIDATOR, Path.of("examples/rulesets/dieu-0g-no-review.yaml")).load();

        assertThat(noReview.version()).isEqualTo(demo.version() + "-no-review");
        assertThat(noReview.knownStatus("review")).isFalse();
        assertThat(demo.knownStatus("review")).isTrue();
        Map<String, Object> expected = new LinkedHashMap<>(demo.accepted());
        Map<String, Object> actual = new LinkedHashMap<>(noReview.accepted());
        expected.remove("ruleset");
        actual.remove("ruleset");
        @SuppressWarnings("unchecked")
        Map<String, Object> stamp = new LinkedHashMap<>((Map<String, Object>) expected.get("stamp"));
        stamp.put("statuses", List.of("active", "draft"));
        expected.put("stamp", stamp);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void theSameBytesAreParsedOnceAndChangedBytesAreReadAfresh() throws Exception {
        Path file = Files.writeString(dir.resolve("rules.yaml"), VALID);
        RuleSetLoader loader = new RuleSetLoader(VALIDATOR, file);
        Rules first = loader.load();
        assertThat(loader.load()).as("unchanged bytes: the rules already made").isSameAs(first);

        Files.writeString(file, VALID.replace("statuses: [active]", "statuses: [active, draft]"));
        Rules changed = loader.load();
        assertThat(changed.knownStatus("draft")).as("a change applies to the next load").isTrue();
        assertThat(changed.sha256()).isNotEqualTo(first.sha256());

        Files.writeString(file, "ruleset: [");
        assertThatThrownBy(loader::load).as("a broken file is never answered with the rules of before")
                .isInstanceOf(RuleSetUnavailableException.class);
    }

    @Test
    void bundledRuleSetLoadsWithTheHashOfItsBytes() throws Exception {
        Rules rules = new RuleSetLoader(VALIDATOR, null).load();
        byte[] bytes;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(RuleSetLoader.BUNDLED)) {
            bytes = in.readAllBytes();
        }
        assertThat(rules.id()).isEqualTo("dieu-0g");
        assertThat(rules.version()).isEqualTo("2026.06-demo");
        assertThat(rules.sha256()).isEqualTo(Sha256.hex(bytes));
        assertThat(rules.inScope("governed")).isTrue();
        assertThat(rules.fitOf("fauna").dotOrigins()).containsExactly("DOT-IMPORT");
    }

    @Test
    void aFileRuleSetIsReadAsWritten() throws Exception {
        Rules rules = load(VALID);
        assertThat(rules.version()).isEqualTo("test-1");
        assertThat(rules.entityCodeWellFormed("ABC-1")).isTrue();
        assertThat(rules.nameMaxLength()).isEqualTo(50);
        assertThat(rules.source()).endsWith("rules.yaml");
    }

    @Test
    void anUnknownKeyIsRefused() {
        assertThatThrownBy(() -> load(VALID.replace("stamp:", "stamps_extra: 1\nstamp:")))
                .isInstanceOf(RuleSetUnavailableException.class).hasMessageContaining("stamps_extra");
    }

    @Test
    void aDuplicateKeyIsRefused() {
        assertThatThrownBy(() -> load(VALID + "version: \"other\"\n"))
                .isInstanceOf(RuleSetUnavailableException.class).hasMessageContaining("version");
    }

    @Test
    void aMissingSectionOrEmptyListIsRefused() {
        assertThatThrownBy(() -> load(VALID.replace("scope: { governance_roles: [governed] }\n", "")))
                .isInstanceOf(RuleSetUnavailableException.class).hasMessageContaining("scope");
        assertThatThrownBy(() -> load(VALID.replace("statuses: [active]", "statuses: []")))
                .isInstanceOf(RuleSetUnavailableException.class).hasMessageContaining("statuses");
    }

    @Test
    void aNonPositiveLengthIsRefused() {
        assertThatThrownBy(() -> load(VALID.replace("name_max_length: 50", "name_max_length: 0")))
                .isInstanceOf(RuleSetUnavailableException.class).hasMessageContaining("stamp.name_max_length must be greater than 0");
    }

    @Test
    void anEmptyOrMissingFileIsRefused() {
        assertThatThrownBy(() -> load("")).isInstanceOf(RuleSetUnavailableException.class);
        assertThatThrownBy(() -> new RuleSetLoader(VALIDATOR, dir.resolve("absent.yaml")).load())
                .isInstanceOf(RuleSetUnavailableException.class).hasMessageContaining("does not exist");
    }

    private String problem(String yaml) {
        try {
            load(yaml);
        } catch (RuleSetUnavailableException e) {
            assertThat(e.getMessage()).doesNotContain("io.khotam", "java.", "Exception");
            return e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + yaml);
    }

    private static final String BLOCK = """
            ruleset: dieu-0g
            version: "test-1"
            scope:
              governance_roles: [governed]
            pen:
              entity_code_pattern: "^[A-Z]+-[0-9]+$"
            stamp:
              name_max_length: 50
              description_min_length: 3
              statuses: [active]
            gate:
              collections:
                flora: { species: [PLANTAE-TREE], dot_origins: [DOT-CUT] }
            """;

    @Test
    void everyMistakeIsNamedByLineColumnAndKeyInTheFilesOwnWords() {
        assertThat(problem(BLOCK.replace("pen:\n", "pen:\n  colour: red\n")))
                .isEqualTo("line 6, column 3: key 'pen.colour': unknown key");
        assertThat(problem(BLOCK.replace("name_max_length: 50", "name_max_length: lots")))
                .isEqualTo("line 8, column 3: key 'stamp.name_max_length': expected a whole number");
        assertThat(problem(BLOCK.replace("statuses: [active]", "statuses: active")))
                .startsWith("line 10, column 3: key 'stamp.statuses': expected a list");
        assertThat(problem(BLOCK.replace("statuses: [active]", "statuses: [[active]]")))
                .isEqualTo("line 10, column 14: key 'stamp.statuses[0]': expected a single text value");
        assertThat(problem(BLOCK.replace("scope:\n  governance_roles: [governed]", "scope: governed")))
                .startsWith("line 3, column 1: key 'scope': expected a section of keys");
        assertThat(problem(BLOCK.replace("flora: {", "flora: 7 #")))
                .startsWith("line 13, column 5: key 'gate.collections.flora': expected a section of keys");
        assertThat(problem(BLOCK + "ruleset: again\n")).startsWith("line 14, column ").contains("Duplicate field 'ruleset'");
        assertThat(problem(BLOCK.replace("name_max_length: 50", "name_max_length: 0")))
                .isEqualTo("stamp.name_max_length must be greater than 0");
        assertThat(problem(BLOCK.replace("description_min_length: 3", "description_min_length: -1")))
                .isEqualTo("stamp.description_min_length must be greater than or equal to 0");
        assertThat(problem(BLOCK.replace("\"^[A-Z]+-[0-9]+$\"", "\"[unclosed\""))).startsWith(
                "pen.entity_code_pattern is not a regular expression");
    }

    @Test
    void aMissingOrOversizedFileSaysSo() throws Exception {
        Path big = Files.write(dir.resolve("big.yaml"), new byte[(1 << 20) + 1]);
        assertThatThrownBy(() -> new RuleSetLoader(VALIDATOR, big).load()).hasMessageContaining("larger than 1048576 bytes");
        assertThatThrownBy(() -> new RuleSetLoader(VALIDATOR, dir).load()).hasMessageContaining("not a regular file");
        assertThat(new RuleSetLoader(VALIDATOR, null).location()).isEqualTo("classpath:" + RuleSetLoader.BUNDLED);
        assertThat(new RuleSetLoader(VALIDATOR, big).location()).isEqualTo(big.toString());
    }
}
