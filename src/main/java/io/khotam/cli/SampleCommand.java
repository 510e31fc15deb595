package io.khotam.cli;

import io.khotam.KhotamConfiguration;
import io.khotam.inspection.RuleSetLoader;
import io.khotam.inspection.RuleSetUnavailableException;
import io.khotam.registry.RegistrySampler;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Read a bounded sample of uncertified, in-scope rows from the registry (read-only) and drop it into <home>/inbox as sample-<time>.jsonl, where `serve` or `run --once` picks it up.")
class SampleCommand extends Subcommand {

    @Mixin
    RulesetOption ruleset;

    @Mixin
    RegistryOptions registry;

    @Option(names = "--limit", required = true, paramLabel = "N", description = "At most N rows (1 to 1,000,000).")
    int limit;

    @Option(names = "--collection", paramLabel = "C", description = "Only rows of this collection.")
    String collection;

    @Override
    public Integer call() throws Exception {
        cli.rulesetOption.adopt(ruleset);
        cli.registryOptions.adopt(registry);
        RuleSetLoader ruleSets = new RuleSetLoader(KhotamConfiguration.validatorFactory().getValidator(), cli.rulesetOption.file);
        RegistrySampler sampler = new RegistrySampler(cli.registrySettings(), ruleSets, cli.inbox(),
                Clock.systemUTC());
        RegistrySampler.Sample sample;
        try {
            sample = sampler.sample(limit, collection);
        } catch (RuleSetUnavailableException e) {
            throw new ConfigurationException(e.getMessage());
        }
        out().println(sample.rows() == 0 ? "no uncertified in-scope rows to sample"
                : sample.rows() + " rows -> " + sample.file());
        return ExitCode.OK;
    }
}
