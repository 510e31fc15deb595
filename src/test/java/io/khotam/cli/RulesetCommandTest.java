package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ruleset show` says what each check accepts; `ruleset check` says where a file is wrong. */
class RulesetCommandTest {

    @TempDir
    Path dir;

    private static CliResult kt(String... args) {
        return CliResult.run(args);
    }

    private static String bundled() throws Exception {
        return new String(RulesetCommandTest.class.getClassLoader().getResourceAsStream("rulesets/dieu-0g-demo.yaml")
                .readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void showListsTheAllowedValuesOfTheActiveRuleSet() throws Exception {
        CliResult text = kt("ruleset", "show");
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("rule-set   dieu-0g 2026.06-demo", "governance_role one of governed",
                "status one of active, draft, review", "flora      species PLANTAE-HERB, PLANTAE-TREE; dot_origin DOT-CUT, DOT-IMPORT");

        Path other = Files.writeString(dir.resolve("other.yaml"), bundled().replace("[draft, active, review]", "[draft, active]"));
        JsonNode json = new ObjectMapper().readTree(kt("ruleset", "show", "--ruleset", other.toString(), "--json").out());
        assertThat(json.path("ruleset").path("source").asText()).isEqualTo(other.toString());
        assertThat(json.path("stamp").path("statuses").toString()).isEqualTo("[\"active\",\"draft\"]");
        assertThat(json.path("gate").path("collections").path("fauna").path("dot_origins").toString()).isEqualTo("[\"DOT-IMPORT\"]");
        assertThat(json.fieldNames()).toIterable().containsExactly("ruleset", "scope", "pen", "stamp", "gate");
    }

    @Test
    void checkNamesLineColumnAndKeyAndExitsThree() throws Exception {
        Path good = Files.writeString(dir.resolve("good.yaml"), bundled());
        CliResult valid = kt("ruleset", "check", good.toString());
        assertThat(valid.exit()).isZero();
        assertThat(valid.out()).contains("is a valid rule-set: dieu-0g 2026.06-demo (sha256 ");

        Path broken = Files.writeString(dir.resolve("broken.yaml"), bundled().replace("pen:\n", "pen:\n  colour: red\n"));
        CliResult invalid = kt("ruleset", "check", broken.toString());
        assertThat(invalid.exit()).isEqualTo(ExitCode.CONFIG);
        assertThat(invalid.err()).contains("line 7, column 3: key 'pen.colour': unknown key");

        assertThat(kt("ruleset", "check", dir.resolve("absent.yaml").toString()).exit()).isEqualTo(ExitCode.CONFIG);
    }
}
