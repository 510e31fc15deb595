package io.khotam.cli;

import io.khotam.inspection.RuleSetUnavailableException;
import io.khotam.registry.RegistrySampler;
import io.khotam.registry.RegistrySettings;
import io.khotam.wiring.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Read a bounded sample of uncertified, in-scope rows from the registry (read-only) and drop it into <home>/inbox as sample-<time>-<random>.jsonl, where `serve` or `run --once` picks it up.")
class SampleCommand extends Subcommand {

    @Mixin
    RulesetOption ruleset;

    @Mixin
    RegistryOptions registry;

    @Option(names = "--limit", required = true, paramLabel = "N", description = "At most N rows (1 to 1,000,000).")
    int limit;

    @Option(names = "--collection", paramLabel = "C", description = "Only rows of this collection.")
    String collection;

    private static long lines(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }

    @Override
    public Integer call() throws Exception {
        cli().rulesetOption.adopt(ruleset);
        cli().registryOptions.adopt(registry);
        if (cli().registrySettings().kind() == RegistrySettings.Kind.NONE) {
            throw new IllegalArgumentException("no registry is configured to sample from");
        }
        if (limit < 1 || limit > RegistrySampler.MAX_LIMIT) {
            throw new IllegalArgumentException("--limit must be between 1 and " + RegistrySampler.MAX_LIMIT + ", not " + limit);
        }
        Path sample;
        try {
            sample = cli().engine().sampleOnce(limit, collection);
        } catch (RuleSetUnavailableException e) {
            throw new ConfigurationException(e.getMessage());
        }
        out().println(sample == null ? "no uncertified in-scope rows to sample"
                : lines(sample) + " rows -> " + sample);
        return ExitCode.OK;
    }
}
