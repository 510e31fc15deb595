package io.khotam.store;

import io.khotam.evidence.Manifest;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;

/** Who this process is, and whether the process that owns a run is still alive. */
public final class Owners {

    private static final String HOST = hostName();

    private Owners() {}

    /** @param node this process's node id (--node-id) */
    public static Manifest.Owner self(String node) {
        ProcessHandle me = ProcessHandle.current();
        return new Manifest.Owner(me.pid(), HOST, me.info().startInstant().orElse(null), node);
    }

    /**
     * @return true when the manifest's owner is a live process on this host; a run owned on
     *         another host counts as alive, since its process cannot be checked from here
     */
    public static boolean alive(Manifest manifest) {
        Manifest.Owner owner = manifest == null ? null : manifest.owner();
        if (owner == null) {
            return false;
        }
        if (!HOST.equals(owner.host())) {
            return true;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(owner.pid());
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        Instant recorded = owner.processStarted();
        Optional<Instant> started = process.get().info().startInstant();
        // a reused pid belongs to a process that started later than the owner did
        return recorded == null || started.isEmpty() || !started.get().isAfter(recorded.plusSeconds(1));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
