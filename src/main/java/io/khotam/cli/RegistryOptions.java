package io.khotam.cli;

import picocli.CommandLine.Option;

/** Which production registry to read: for the commands that read it (serve, run, delete, sample). */
class RegistryOptions {

    @Option(names = "--registry-url", paramLabel = "URL",
            description = "Production registry to read (never write): a jdbc: URL, 'demo' (default: an embedded H2 registry of DEMO rows) or 'none'. User and password only from KHOTAM_REGISTRY_USER and KHOTAM_REGISTRY_PASSWORD. Default: $KHOTAM_REGISTRY_URL, else demo.")
    String url;

    @Option(names = "--no-registry", description = "Run without a production registry; manifests then say configured: false.")
    boolean none;

    /** Takes what was given after the command over what was given before it. */
    void adopt(RegistryOptions given) {
        if (given != null) {
            url = given.url != null ? given.url : url;
            none |= given.none;
        }
    }
}
