package io.khotam.cli;

import picocli.CommandLine.Option;

/** The producer under test and its workspace: for the commands that run (serve, run, rerun). */
class ProducerOptions {

    @Option(names = "--producer", paramLabel = "PRODUCER",
            description = "What stamps the candidates: builtin (default: the built-in PEN/STAMP/GATE inspectors), "
                    + "sql:FILE (a SQL script run in the workspace on the admitted rows) or exec:\"COMMAND ARGS\" (a program "
                    + "reading the rows as JSON lines on stdin and answering on stdout). The built-in inspectors then become "
                    + "the reference the producer is judged against; exit 0 CONFORMS, 10 DIVERGES, 9 BREAKS_CONTRACT.")
    String producer;

    @Option(names = "--producer-timeout", paramLabel = "DURATION",
            description = "Stop a producer that runs longer than this (45s, 10m, 2h; default 10m); its run FAILS.")
    String timeout;

    @Option(names = "--workspace-url", paramLabel = "URL",
            description = "The PostgreSQL where SQL producers run, kho-tam's own and never the registry's: a jdbc:postgresql: "
                    + "URL or 'embedded' (default: an embedded PostgreSQL under <home>/.workspace/). User and password only "
                    + "from KHOTAM_WORKSPACE_USER and KHOTAM_WORKSPACE_PASSWORD. Default: $KHOTAM_WORKSPACE_URL, else embedded.")
    String workspaceUrl;

    @Option(names = "--producer-sandbox", paramLabel = "MODE",
            description = "Where an exec producer runs: auto (default: the strongest this machine allows), bwrap "
                    + "(bubblewrap: no network, its own namespaces, a read-only view of the system), user (kho-tam as root "
                    + "drops it to a user id of its own) or none (as kho-tam itself; warned). The manifest's producer.sandbox "
                    + "says which ran.")
    String sandbox;

    @Option(names = "--keep-workspace", description = "Keep each run's workspace schema when the run ends, to look "
            + "inside; `delete` drops it with the run.")
    boolean keepWorkspace;

    /** Takes what was given after the command over what was given before it. */
    void adopt(ProducerOptions given) {
        if (given != null) {
            producer = given.producer != null ? given.producer : producer;
            timeout = given.timeout != null ? given.timeout : timeout;
            workspaceUrl = given.workspaceUrl != null ? given.workspaceUrl : workspaceUrl;
            sandbox = given.sandbox != null ? given.sandbox : sandbox;
            keepWorkspace |= given.keepWorkspace;
        }
    }
}
