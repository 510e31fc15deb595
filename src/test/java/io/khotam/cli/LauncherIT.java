package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/kho-tam as a user runs it, with a java that writes down how it was called before it runs the
 * real one: the class-data archive is made once, by a training run, and every command runs with the
 * serial collector (BENCHMARKS.md "The collector"); the commands that only read get the client
 * compiler alone.
 */
class LauncherIT {

    @TempDir
    Path dir;

    @Test
    void everyCommandRunsWithTheSerialCollectorAndTheArchiveIsMadeOnce() throws Exception {
        Path jar = Files.copy(Path.of("target", "kho-tam.jar"), dir.resolve("kho-tam.jar")); // its archive goes beside it
        Path calls = dir.resolve("calls.txt");
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\nexec '"
                + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        Path home = Files.createDirectories(dir.resolve("home"));

        assertThat(launch(jar, java, "--home", home.toString(), "run", "--once", "--examples", "--no-registry", "--no-progress")).isZero();
        assertThat(launch(jar, java, "--home", home.toString(), "list")).isZero();

        List<String> lines = Files.readAllLines(calls);
        assertThat(lines).as("the training run, the run, the list").hasSize(3);
        assertThat(lines).allSatisfy(call -> assertThat(call).contains("-XX:+UseSerialGC"));
        assertThat(lines.get(0)).contains("-XX:ArchiveClassesAtExit=");
        assertThat(lines.get(1)).contains("-XX:SharedArchiveFile=").doesNotContain("TieredStopAtLevel");
        assertThat(lines.get(2)).contains("-XX:SharedArchiveFile=", "-XX:TieredStopAtLevel=1");
        try (var beside = Files.list(dir)) {
            assertThat(beside.map(p -> p.getFileName().toString())).filteredOn(name -> name.endsWith(".jsa")).hasSize(1);
        }
        try (var runs = Files.list(home.resolve("staging"))) {
            assertThat(runs.filter(Files::isDirectory).filter(p -> p.getFileName().toString().matches("\\d{8}-.*"))).hasSize(3);
        }
    }

    private int launch(Path jar, Path java, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of("bin", "kho-tam").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder launcher = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("launcher.log").toFile());
        launcher.environment().put("KHOTAM_JAR", jar.toString());
        launcher.environment().put("JAVA", java.toString());
        Process process = launcher.start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as(Files.readString(dir.resolve("launcher.log"))).isTrue();
        return process.exitValue();
    }
}
