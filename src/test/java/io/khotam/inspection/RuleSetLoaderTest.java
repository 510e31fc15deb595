package io.khotam.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khotam.Sha256;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
