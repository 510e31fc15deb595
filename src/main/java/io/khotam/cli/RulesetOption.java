package io.khotam.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The rule-set to inspect with: for the commands that inspect or read it (serve, run, sample). */
class RulesetOption {

    @Option(names = "--ruleset", paramLabel = "FILE",
            description = "Rule-set YAML to inspect with (default: the bundled demo rule-set dieu-0g 2026.06-demo).")
    Path file;

    void adopt(RulesetOption given) {
        if (given != null && given.file != null) {
            file = given.file;
        }
    }
}
