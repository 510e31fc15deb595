package io.khotam.cli;

import io.khotam.Json;
import io.khotam.inspection.RuleSetLoader;
import io.khotam.inspection.RuleSetUnavailableException;
import io.khotam.inspection.Rules;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ruleset", mixinStandardHelpOptions = true,
        description = "The rule-set: what the active one accepts (show), or whether a file is a valid one (check).",
        subcommands = {RulesetCommand.Show.class, RulesetCommand.Check.class})
class RulesetCommand {

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "The active rule-set (--ruleset FILE, else the bundled demo): its id, version, sha256 and source, and what each check accepts: scope roles, the entity-code pattern, name and description lengths, statuses, and each collection's species and DOT origins.")
    static class Show extends Subcommand {

        @Mixin
        RulesetOption ruleset;

        @Option(names = "--json", description = "Print it as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            cli().rulesetOption.adopt(ruleset);
            Map<String, Object> accepted = cli().activeRules().accepted();
            if (json) {
                out().println(Json.PRINTED.writeValueAsString(accepted));
                return ExitCode.OK;
            }
            Rules rules = cli().activeRules();
            var out = out();
            out.printf("rule-set   %s %s%n", rules.id(), rules.version());
            out.printf("sha256     %s%nsource     %s%n", rules.sha256(), rules.source());
            out.printf("scope      governance_role one of %s (any other, or none: skipped OUT_OF_SCOPE; certified: "
                    + "skipped CERTIFIED_LIKE)%n", String.join(", ", rules.scopeRoles()));
            @SuppressWarnings("unchecked")
            Map<String, Object> pen = (Map<String, Object>) accepted.get("pen");
            @SuppressWarnings("unchecked")
            Map<String, Object> stamp = (Map<String, Object>) accepted.get("stamp");
            out.printf("pen        entity_code matching %s; collection_name one of the collections below; born_at not "
                    + "after the run starts; dot_origin present%n", pen.get("entity_code_pattern"));
            out.printf("stamp      name at most %s characters; description at least %s characters (without surrounding "
                    + "blanks); status one of %s%n", stamp.get("name_max_length"), stamp.get("description_min_length"),
                    String.join(", ", (List<String>) stamp.get("statuses")));
            @SuppressWarnings("unchecked")
            Map<String, Map<String, List<String>>> collections = (Map<String, Map<String, List<String>>>)
                    ((Map<String, Object>) accepted.get("gate")).get("collections");
            out.println("gate       per collection, the species and DOT origins that fit it:");
            collections.forEach((name, fit) -> out.printf("  %-10s species %s; dot_origin %s%n", name,
                    String.join(", ", fit.get("species")), String.join(", ", fit.get("dot_origins"))));
            return ExitCode.OK;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate a rule-set file as kho-tam reads it: prints its id, version and sha256, or where it is wrong (line, column, key) and exits 3.")
    static class Check extends Subcommand {

        @Parameters(paramLabel = "FILE", description = "The rule-set YAML file.")
        Path file;

        @Override
        public Integer call() {
            try {
                Rules rules = RuleSetLoader.standalone(file.toAbsolutePath().normalize()).load();
                out().printf("%s is a valid rule-set: %s %s (sha256 %s)%n", file, rules.id(), rules.version(), rules.sha256());
                return ExitCode.OK;
            } catch (RuleSetUnavailableException e) {
                err().println("kho-tam: " + e.getMessage());
                return ExitCode.CONFIG;
            }
        }
    }
}
