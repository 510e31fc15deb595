package io.khotam.cli;

import io.khotam.inspection.Rules;
import io.khotam.nodes.PostgresLeases;
import io.khotam.nodes.RunLeases;
import io.khotam.producer.ProducerSpec;
import io.khotam.producer.SqlProducer;
import io.khotam.registry.ProductionProof;
import io.khotam.run.ProducerStep;
import io.khotam.wiring.StagingEngine;
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

    /** What stamps the candidates: the built-in inspectors, or the producer under test and where it runs. */
    private static String producerLine(CamelContext camel) {
        ProducerSpec spec = ProducerSpec.parse(camel.getPropertiesComponent().resolveProperty("khotam.producer").orElse(""));
        if (spec.builtin()) {
            return "the built-in inspectors (--producer sql:FILE or exec:CMD tests yours against them)";
        }
        if (spec.kind() == ProducerSpec.Kind.SQL) {
            SqlProducer sql = camel.getRegistry().lookupByNameAndType("sqlProducer", SqlProducer.class);
            return "UNDER TEST: sql " + spec.source() + ", in the workspace " + sql.workspace().database();
        }
        ProducerStep step = camel.getRegistry().lookupByNameAndType("producerStep", ProducerStep.class);
        String sandbox = step.sandboxLabel();
        return "UNDER TEST: exec " + spec.source() + ", sandbox " + sandbox + ("none".equals(sandbox)
                ? " (WARNING: no sandbox: it runs as kho-tam's own user, with its view and network)" : "");
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
                "  producer  " + producerLine(camel),
                "  node      " + nodeLine(camel),
                "  health    " + health,
                "  stop      Ctrl-C or kill " + ProcessHandle.current().pid() + " (SIGTERM); runs in flight get " + timeout
                        + " s to finish, then are marked INTERRUPTED and their input goes back to the inbox");
    }
}
