package io.khotam.cli;

import io.khotam.inspection.Rules;
import io.khotam.nodes.PostgresLeases;
import io.khotam.nodes.RunLeases;
import io.khotam.registry.ProductionProof;
import org.apache.camel.CamelContext;
import picocli.CommandLine.Command;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Watch <home>/inbox until stopped (SIGTERM or Ctrl-C); each dropped file becomes one run. A stop lets runs in flight finish within camel.main.shutdown-timeout (30 s); a run still going then is marked INTERRUPTED and its input goes back to the inbox. Exits 0 after a clean stop, 5 when a run had to be interrupted.")
class ServeCommand extends EngineCommand {

    @Override
    public Integer call() throws Exception {
        StagingEngine engine = engine();
        Rules rules = cli().activeRules();
        StagingEngine.Outcome outcome = engine.serve((camel, started) -> err().println(banner(camel, rules)));
        boolean interrupted = outcome.runs().tally().interrupted() > 0;
        return interrupted ? ExitCode.FAILED : ExitCode.OK;
    }

    private static String nodeLine(CamelContext camel) {
        RunLeases leases = camel.getRegistry().lookupByNameAndType("runLeases", RunLeases.class);
        return leases.node() + (leases instanceof PostgresLeases shared ? " (runs leased for " + shared.lease().toSeconds()
                + " s in the workspace database; other nodes on this home take over a run whose lease expires)"
                : " (one host: the embedded workspace; --workspace-url lets several nodes share this home)");
    }

    private String banner(CamelContext camel, Rules rules) {
        ProductionProof proof = camel.getRegistry().lookupByNameAndType("productionProof", ProductionProof.class);
        var properties = camel.getPropertiesComponent();
        long timeout = camel.getShutdownStrategy().getTimeUnit().toSeconds(camel.getShutdownStrategy().getTimeout());
        String health = cli().serverOptions.httpPort == null ? "off (--http-port N serves /observe/health and /observe/metrics)"
                : "http://" + cli().serverOptions.host() + ":" + cli().serverOptions.httpPort + "/observe/health";
        return String.join(System.lineSeparator(),
                "kho-tam serve (pid " + ProcessHandle.current().pid() + ") is watching the inbox",
                "  home      " + cli().homeDir(),
                "  inbox     " + properties.resolveProperty("khotam.inbox").orElse("?"),
                "  staging   " + properties.resolveProperty("khotam.staging").orElse("?"),
                "  rule-set  " + rules.id() + " " + rules.version() + " (" + rules.source() + ")",
                "  registry  " + (proof.configured() ? proof.source() : "none (manifests say configured: false)"),
                "  node      " + nodeLine(camel),
                "  health    " + health,
                "  stop      Ctrl-C or kill " + ProcessHandle.current().pid() + " (SIGTERM); runs in flight get " + timeout
                        + " s to finish, then are marked INTERRUPTED and their input goes back to the inbox");
    }
}
