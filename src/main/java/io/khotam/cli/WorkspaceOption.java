package io.khotam.cli;

import picocli.CommandLine.Option;

/**
 * The workspace PostgreSQL, for the commands that reach it without running a producer: delete and
 * requeue (a run's kept schema is dropped with it), list and catalogue (the nodes of a shared home
 * keep their run catalogue there).
 */
class WorkspaceOption {

    @Option(names = "--workspace-url", paramLabel = "URL",
            description = "The workspace PostgreSQL (a jdbc:postgresql: URL or 'embedded'); user and password only from "
                    + "KHOTAM_WORKSPACE_USER and KHOTAM_WORKSPACE_PASSWORD. Default: $KHOTAM_WORKSPACE_URL, else embedded.")
    String url;

    /** Takes what was given after the command over what was given before it. */
    void adoptInto(ProducerOptions options) {
        if (url != null) {
            options.workspaceUrl = url;
        }
    }
}
