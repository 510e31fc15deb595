package io.khotam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** kho-tam as a user runs it: {@code java -jar target/kho-tam.jar}, a real child process (integration tests). */
public final class KhotamProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private KhotamProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * @param name names the log, kept in target/child-logs/ for a post-mortem
     * @param args kho-tam arguments; the JVM gets short polling timings so tests stay fast
     */
    public static KhotamProcess start(String name, String... args) throws IOException {
        return start(name, List.of(), List.of(), args);
    }

    /**
     * @param wrapper a command the JVM runs under (setpriv to drop root, strace to inject delays), or empty
     * @param jvmOptions more -D options, for example a shorter camel.main.shutdown-timeout
     */
    public static KhotamProcess start(String name, List<String> wrapper, List<String> jvmOptions, String... args)
            throws IOException {
        Path log = Files.createDirectories(Path.of("target", "child-logs")).resolve(name + ".log");
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dkhotam.inbox.delay=100",
                "-Dkhotam.inbox.read-lock-check-interval=50",
                "-Dkhotam.inbox.read-lock-min-age=200"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new KhotamProcess(process, log);
    }

    private static Path jar() {
        Path jar = Path.of("target", "kho-tam.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: integration tests run after `mvn package` (use mvn verify)");
        }
        return jar;
    }

    /** SIGTERM, as systemd, docker stop or kill send it: to the JVM itself, under whatever wrapper it runs. */
    public void terminate() {
        descendantsFirst().forEach(ProcessHandle::destroy);
    }

    /**
     * The process and everything under it, deepest first: a wrapper (unshare --fork, strace) does not
     * pass a signal on to the JVM it started, and a JVM left running outlives the test.
     */
    private List<ProcessHandle> descendantsFirst() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        Collections.reverse(all);
        all.add(process.toHandle());
        return all;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no graceful stop. */
    public void kill() throws InterruptedException {
        descendantsFirst().forEach(ProcessHandle::destroyForcibly);
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            Path threads = dumpThreads();
            descendantsFirst().forEach(ProcessHandle::destroyForcibly);
            throw new AssertionError("kho-tam did not end within " + seconds + " s; log: " + log + ", its threads: " + threads);
        }
        return process.exitValue();
    }

    /** What a process that does not end is doing, for the post-mortem. */
    private Path dumpThreads() throws InterruptedException {
        Path threads = log.resolveSibling(log.getFileName() + ".threads");
        try {
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(threads.toFile()).start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            return null;
        }
        return threads;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGTERM, then SIGKILL if it does not stop. */
    @Override
    public void close() throws Exception {
        List<ProcessHandle> all = descendantsFirst();
        all.forEach(ProcessHandle::destroy);
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            all.forEach(ProcessHandle::destroyForcibly);
        }
        for (ProcessHandle left : all) {
            left.onExit().get(30, TimeUnit.SECONDS);
        }
    }
}
