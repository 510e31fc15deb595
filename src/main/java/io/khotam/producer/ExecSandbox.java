package io.khotam.producer;

import io.khotam.Problems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an exec producer runs (docs/contract.md "Producer under test", khotam.producer.sandbox). It
 * is somebody else's program: whatever the mode, it gets a clean environment (PATH, LANG, TZ, HOME,
 * TMPDIR set here, nothing inherited), a fresh scratch folder as HOME (the only place it may write,
 * besides the output and log kho-tam hands it as open files), at most the workspace's bound in any
 * file it writes, its own session, and it ends with its run.
 * <ul>
 * <li>{@code bwrap} (bubblewrap): its own user, pid, network, IPC and mount namespaces; no network at
 *     all; a read-only view of the system, of the folder kho-tam was started in (with kho-tam's home
 *     parts hidden) and of the console's producers folder; killed with kho-tam. Under root it also
 *     drops to a user id of its own.</li>
 * <li>{@code user}: kho-tam as root without bwrap: the producer runs as a user id of its own with no
 *     new privileges; it still sees what any user may see, and the network.</li>
 * <li>{@code none}: as kho-tam itself, only when asked for (warned in the log, banner and manifest).</li>
 * </ul>
 */
public final class ExecSandbox {

    public enum Mode {
        BWRAP, USER, NONE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String HOME = "/home/producer";
    private static final String PATH = "/usr/local/bin:/usr/bin:/bin";
    private static final List<String> SYSTEM = List.of("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = LoggerFactory.getLogger(ExecSandbox.class);
    // util-linux, in every Debian and Ubuntu base
    private static final String SETSID = "/usr/bin/setsid";
    private static final String SETPRIV = "/usr/bin/setpriv";
    private static final String PRLIMIT = "/usr/bin/prlimit";

    private final Mode mode;
    private final String bwrap;
    /** Whether bwrap may mount a /proc of the producer's own (not where a container masks parts of its /proc). */
    private final boolean proc;
    private final boolean root;
    private final Path startedIn;
    private final List<Path> visible;
    private final List<Path> hidden;

    private ExecSandbox(Mode mode, String bwrap, boolean proc, boolean root, Path startedIn, List<Path> visible,
                        List<Path> hidden) {
        this.mode = mode;
        this.bwrap = bwrap;
        this.proc = proc;
        this.root = root;
        this.startedIn = startedIn;
        this.visible = visible;
        this.hidden = hidden;
    }

    /**
     * @param word      auto, bwrap, user or none
     * @param visible   folders a producer may read besides the system (the console's producers folder)
     * @param hidden    kho-tam's own folders, never shown to a producer even inside a visible one
     * @throws IllegalArgumentException when the mode asked for cannot run here, saying what to do
     */
    public static ExecSandbox resolve(String word, List<Path> visible, List<Path> hidden) {
        return resolve(word, visible, hidden, System.getenv().getOrDefault("PATH", PATH));
    }

    /** @param searchPath where bwrap is looked for (kho-tam's PATH) */
    static ExecSandbox resolve(String word, List<Path> visible, List<Path> hidden, String searchPath) {
        String bwrap = onPath("bwrap", searchPath);
        String asked = word == null || word.isBlank() ? "auto" : word.strip().toLowerCase(Locale.ROOT);
        boolean root = isRoot();
        Path startedIn = Path.of("").toAbsolutePath().normalize();
        List<Path> shown = visible.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        List<Path> hide = hidden.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        return switch (asked) {
            case "bwrap" -> {
                Probe probe = probe(bwrap, root);
                if (probe.failure() != null) {
                    throw new IllegalArgumentException("--producer-sandbox bwrap: " + probe.failure());
                }
                yield new ExecSandbox(Mode.BWRAP, bwrap, probe.proc(), root, startedIn, shown, hide);
            }
            case "user" -> {
                if (!root || !executable(SETPRIV)) {
                    throw new IllegalArgumentException("--producer-sandbox user needs kho-tam to run as root (it drops the "
                            + "producer to a user of its own with setpriv, from util-linux); use bwrap instead");
                }
                yield new ExecSandbox(Mode.USER, null, false, true, startedIn, shown, hide);
            }
            case "none" -> new ExecSandbox(Mode.NONE, null, false, root, startedIn, shown, hide);
            case "auto" -> {
                Probe probe = probe(bwrap, root);
                if (probe.failure() == null) {
                    yield new ExecSandbox(Mode.BWRAP, bwrap, probe.proc(), root, startedIn, shown, hide);
                }
                if (root && executable(SETPRIV)) {
                    yield new ExecSandbox(Mode.USER, null, false, true, startedIn, shown, hide);
                }
                throw new IllegalArgumentException("no sandbox for exec producers here: " + probe.failure()
                        + "; or run them unsandboxed, as kho-tam's own user, with --producer-sandbox none");
            }
            default -> throw new IllegalArgumentException("--producer-sandbox " + word + " is not one of auto, bwrap, user, none");
        };
    }

    public Mode mode() {
        return mode;
    }

    /** Whether the producer gets a user id of its own (root modes): its processes are found and its files owned by it. */
    boolean ownUser() {
        return root && mode != Mode.NONE;
    }

    /**
     * Why the producer could not read a file its command names, where it runs as a user id of its
     * own (kho-tam as root): that file, or a folder above it, closed to other users. Null when it can.
     */
    String unreadable(String command) {
        if (!ownUser()) {
            return null;
        }
        for (String word : command.split("\\s+")) {
            String unquoted = word.replaceAll("^['\"]+|['\"]+$", "");
            if (unquoted.isEmpty() || unquoted.startsWith("-")) {
                continue;
            }
            Path path = startedIn.resolve(unquoted).normalize();
            if (!Files.isRegularFile(path)) {
                continue;
            }
            // in bwrap the folders above the one shown are the sandbox's own, open to all; in mode user every one counts
            Path shownAt = mode == Mode.BWRAP ? shownFolders(command).stream().filter(path::startsWith).findFirst().orElse(null) : null;
            for (Path at = path; at != null && at.getNameCount() > 0 && (shownAt == null || at.startsWith(shownAt)); at = at.getParent()) {
                try {
                    var permissions = Files.getPosixFilePermissions(at);
                    var needed = at.equals(path) ? PosixFilePermission.OTHERS_READ : PosixFilePermission.OTHERS_EXECUTE;
                    if (!permissions.contains(needed)) {
                        return "the producer runs as a user of its own (kho-tam runs as root), and " + path + " is closed to it: "
                                + at + " lacks " + (at.equals(path) ? "o+r" : "o+x") + " (chmod " + (at.equals(path) ? "o+r " : "o+x ")
                                + at + ", or keep producers in a folder any user may read)";
                    }
                } catch (IOException e) {
                    return "the producer's file " + path + " cannot be looked at: " + Problems.describe(e);
                }
            }
        }
        return null;
    }

    /** A user id for one run's producer: high, unnamed, and different for each run. */
    static int freshUid() {
        return 1_900_000_000 + RANDOM.nextInt(100_000_000);
    }

    /**
     * The process for one run's producer.
     *
     * @param command the shell command line, as given
     * @param scratch the run's scratch folder (made, and owned by {@code uid} when {@link #ownUser()})
     * @param maxFileBytes the largest file it may write
     */
    ProcessBuilder builder(String command, Path scratch, int uid, long maxFileBytes) {
        List<String> argv = new ArrayList<>();
        Path workDir = startedIn;
        switch (mode) {
            case BWRAP -> {
                argv.add(bwrap);
                argv.add("--new-session");
                argv.addAll(namespaces(root, proc));
                argv.addAll(systemView(proc));
                argv.addAll(List.of("--perms", "0755", "--size", "1048576", "--tmpfs", "/tmp",
                        "--perms", "0755", "--dir", "/home", "--bind", scratch.toString(), HOME));
                List<Path> shown = shownFolders(command);
                for (Path dir : shown) {
                    // the folders above it exist in the view only to reach it: made here, so any user id may pass
                    for (int i = 1; i < dir.getNameCount(); i++) {
                        String above = dir.getRoot().resolve(dir.subpath(0, i)).toString();
                        if (!SYSTEM.contains(above)) {
                            argv.addAll(List.of("--perms", "0755", "--dir", above));
                        }
                    }
                    argv.addAll(List.of("--ro-bind", dir.toString(), dir.toString()));
                }
                for (Path dir : hidden) {
                    if (shown.stream().anyMatch(dir::startsWith) && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                        argv.addAll(List.of("--perms", "0755", "--size", "4096", "--tmpfs", dir.toString()));
                    }
                }
                boolean workInView = shown.stream().anyMatch(startedIn::startsWith);
                argv.addAll(List.of("--chdir", workInView ? startedIn.toString() : HOME));
                argv.add("--clearenv");
                environment(HOME).forEach((k, v) -> argv.addAll(List.of("--setenv", k, v)));
                if (root) {
                    argv.addAll(List.of("--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"));
                    argv.addAll(dropTo(uid));
                }
            }
            case USER -> {
                argv.add(SETSID);
                argv.addAll(dropTo(uid));
                if (!Files.isReadable(startedIn)) {
                    workDir = scratch;
                }
            }
            case NONE -> argv.add(SETSID);
        }
        argv.addAll(List.of(PRLIMIT, "--fsize=" + maxFileBytes, "--", "/bin/sh", "-c", command));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment(mode == Mode.BWRAP ? HOME : scratch.toString()));
        return builder;
    }

    /** The namespaces of its own, as bwrap options: all of them; no other user namespace inside where /proc allows saying so. */
    private static List<String> namespaces(boolean root, boolean proc) {
        List<String> options = new ArrayList<>(List.of("--die-with-parent", "--unshare-ipc", "--unshare-pid", "--unshare-net",
                "--unshare-uts", "--unshare-cgroup-try"));
        if (!root) {
            options.add("--unshare-user");
            if (proc) {
                options.add("--disable-userns");
            }
        }
        return options;
    }

    /**
     * The system, read-only, as bwrap options: /usr, /etc and the top-level links and folders of a
     * merged or split /usr; /dev; and a /proc of its own pid namespace where one can be mounted.
     */
    private static List<String> systemView(boolean proc) {
        List<String> view = new ArrayList<>();
        for (String dir : SYSTEM) {
            Path path = Path.of(dir);
            if (Files.isSymbolicLink(path)) {
                try {
                    view.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), dir));
                } catch (IOException e) {
                    // an unreadable link is left out of the view
                }
            } else if (Files.isDirectory(path)) {
                view.addAll(List.of("--ro-bind", dir, dir));
            }
        }
        if (proc) {
            view.addAll(List.of("--proc", "/proc"));
        }
        view.addAll(List.of("--dev", "/dev"));
        return view;
    }

    /**
     * The folders shown read-only: where kho-tam was started (unless it is /), the producers folder,
     * and the folder of each file the command names by an absolute path (unless that is /).
     */
    private List<Path> shownFolders(String command) {
        List<Path> shown = new ArrayList<>();
        if (startedIn.getNameCount() > 0) {
            shown.add(startedIn);
        }
        List<Path> named = new ArrayList<>(visible);
        for (String word : command.split("\\s+")) {
            String unquoted = word.replaceAll("^['\"]+|['\"]+$", "");
            if (unquoted.startsWith("/")) {
                Path path = Path.of(unquoted).normalize();
                named.add(Files.isDirectory(path) ? path : path.getParent());
            }
        }
        for (Path dir : named) {
            if (dir != null && dir.getNameCount() > 0 && SYSTEM.stream().noneMatch(dir::startsWith) && Files.isDirectory(dir)) {
                shown.add(dir);
            }
        }
        // a folder inside another one shown is shown with it
        return shown.stream().distinct().filter(dir -> shown.stream().noneMatch(other -> !other.equals(dir) && dir.startsWith(other)))
                .toList();
    }

    private static List<String> dropTo(int uid) {
        return List.of(SETPRIV, "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--no-new-privs",
                "--inh-caps=-all", "--bounding-set=-all", "--");
    }

    private static Map<String, String> environment(String home) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("HOME", home);
        env.put("TMPDIR", home);
        env.put("LANG", "C.UTF-8");
        env.put("TZ", "UTC");
        return env;
    }

    /** What trying bwrap here found: why it cannot sandbox a producer (null when it can), and whether with a /proc of its own. */
    private record Probe(String failure, boolean proc) {}

    /**
     * Tries bwrap with the options it will be given: with a /proc of its own, else (in a container
     * that masks parts of its /proc, as Docker does, where a new one cannot be mounted) without.
     */
    private static Probe probe(String bwrap, boolean root) {
        if (bwrap == null) {
            return new Probe("bubblewrap (bwrap) is not installed; install it (Debian, Ubuntu: apt-get install bubblewrap)", false);
        }
        String withProc = attempt(bwrap, root, true);
        if (withProc == null) {
            return new Probe(null, true);
        }
        if (attempt(bwrap, root, false) == null) {
            LOG.info("exec producers: bwrap cannot mount a /proc of the producer's own here ({}); they run without /proc",
                    withProc);
            return new Probe(null, false);
        }
        return new Probe("bwrap cannot make its namespaces here (" + withProc + "); in a container, allow user namespaces "
                + "(docs/operations.md \"Containers\")", false);
    }

    /** bwrap's own words when it fails to run true in such a sandbox; null when it ran. */
    private static String attempt(String bwrap, boolean root, boolean proc) {
        List<String> probe = new ArrayList<>(List.of(bwrap));
        probe.addAll(namespaces(root, proc));
        probe.addAll(systemView(proc));
        probe.add("/usr/bin/true");
        try {
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "bwrap did not answer within 10 s";
            }
            return p.exitValue() == 0 ? null : output;
        } catch (IOException e) {
            return "bwrap could not be started: " + Problems.describe(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while bwrap was tried";
        }
    }

    private static String onPath(String name, String searchPath) {
        for (String dir : searchPath.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name).toAbsolutePath();
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static boolean executable(String path) {
        return Files.isExecutable(Path.of(path));
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
