package io.khotam.nodes;

import java.io.IOException;
import java.net.InetAddress;
import java.util.regex.Pattern;

/** The name a node goes by in manifests, leases, logs and metrics: {@code --node-id}, else host name and pid. */
public final class NodeId {

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private NodeId() {}

    /**
     * @param given khotam.node-id (empty: the default)
     * @throws IllegalArgumentException for a name that is not 1 to 63 letters, digits, dots, dashes or underscores
     */
    public static String resolve(String given) {
        if (given == null || given.isBlank()) {
            return (hostName() + "-" + ProcessHandle.current().pid()).replaceAll("[^A-Za-z0-9._-]", "_");
        }
        String id = given.strip();
        if (!ALLOWED.matcher(id).matches()) {
            throw new IllegalArgumentException("a node id is 1 to 63 letters, digits, '.', '-' or '_', starting with a "
                    + "letter or digit: '" + id + "' is not");
        }
        return id;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
