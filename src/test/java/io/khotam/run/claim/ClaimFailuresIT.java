package io.khotam.run.claim;

import io.khotam.KhotamProcess;
import io.khotam.Requires;
import io.khotam.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static io.khotam.Observe.check;
import static io.khotam.Observe.freePort;
import static io.khotam.Observe.get;
import static io.khotam.Observe.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failures before a run exists are never silent. Root ignores permission bits, so kho-tam runs
 * as the unprivileged user nobody (setpriv) for the unreadable inbox; a second filesystem is a
 * tmpfs mounted on the inbox. Both need root: without it the test fails and says so.
 */
class ClaimFailuresIT {

    private static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");

    @TempDir
    Path dir;

    private Path homeForNobody() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve("inbox"));
        Files.createDirectories(home.resolve("staging"));
        sh("chown", "-R", "65534:65534", home.toString());
        return home;
    }

    private static void sh(String... command) throws Exception {
        Requires.root("changes owners, drops to the user nobody and mounts a tmpfs");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("`%s` must succeed (this test needs root): %s", String.join(" ", command), output).isZero();
    }

    @Test
    void anInboxThatCannotBeReadIsAConfigurationErrorAtStart() throws Exception {
        Path home = homeForNobody();
        Files.setPosixFilePermissions(home.resolve("inbox"), PosixFilePermissions.fromString("---------"));
        try (KhotamProcess once = KhotamProcess.start("ClaimFailuresIT-run-once", AS_NOBODY, List.of(),
                "--home", home.toString(), "--no-registry", "run", "--once")) {
            assertThat(once.waitFor(60)).as(once.log()).isEqualTo(ExitCode.CONFIG);
            assertThat(once.log()).contains("the inbox folder " + home.resolve("inbox") + " cannot be read: permission denied");
        }
    }

    @Test
    void aFileThatCannotBeClaimedIsNamedAndRunOnceExitsNonZero() throws Exception {
        Path home = homeForNobody();
        Path unreadable = Files.writeString(home.resolve("inbox/secret.jsonl"), "{}\n");
        sh("chown", "65534:65534", unreadable.toString());
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
        Path fine = Files.writeString(home.resolve("inbox/fine.jsonl"), "{}\n");
        sh("chown", "65534:65534", fine.toString());
        try (KhotamProcess once = KhotamProcess.start("ClaimFailuresIT-not-claimed", AS_NOBODY, List.of(),
                "--home", home.toString(), "--no-registry", "run", "--once")) {
            assertThat(once.waitFor(60)).as(once.log()).isEqualTo(ExitCode.FAILED);
            assertThat(once.log()).contains("1 file(s) not claimed",
                    "not claimed  " + unreadable + ": permission denied: " + unreadable);
            assertThat(once.log()).containsPattern("COMPLETED +candidates=0 +dead_letters=0 +fine.jsonl");
        }
        assertThat(unreadable).as("left where it was").exists();
    }

    @Test
    void anInboxThatBecomesUnreadableTurnsHealthDownLogsOnceAndRecovers() throws Exception {
        Path home = homeForNobody();
        int port = freePort();
        try (KhotamProcess serve = KhotamProcess.start("ClaimFailuresIT-serve", AS_NOBODY, List.of(),
                "--home", home.toString(), "--no-registry", "--http-port", Integer.toString(port), "serve")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> get(port, "/observe/health").status() == 200);
            Files.setPosixFilePermissions(home.resolve("inbox"), PosixFilePermissions.fromString("---------"));

            await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/observe/health").status() == 503);
            String health = get(port, "/observe/health").body();
            assertThat(check(health, "inbox-claims")).isEqualTo("DOWN");
            assertThat(message(health, "inbox-claims")).contains("cannot be read", "permission denied");
            Thread.sleep(1000); // ten polls
            assertThat(serve.log().split("could not claim \\(the inbox\\)", -1)).as("logged once, not at every poll").hasSize(2);

            Files.setPosixFilePermissions(home.resolve("inbox"), PosixFilePermissions.fromString("rwxr-xr-x"));
            await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/observe/health").status() == 200);
        }
    }

    @Test
    void inboxAndStagingOnTwoFilesystemsIsAConfigurationErrorAtStart() throws Exception {
        Path home = Files.createDirectories(dir.resolve("split-home"));
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Files.writeString(inbox.resolve("never-claimed.jsonl"), "{}\n");
        sh("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", Files.createDirectories(home.resolve("staging")).toString());
        try {
            try (KhotamProcess once = KhotamProcess.start("ClaimFailuresIT-exdev", "--home", home.toString(), "--no-registry",
                    "run", "--once")) {
                assertThat(once.waitFor(60)).as(once.log()).isEqualTo(ExitCode.CONFIG);
                assertThat(once.log()).contains("are on different filesystems");
            }
            assertThat(inbox.resolve("never-claimed.jsonl")).as("nothing touched").exists();
        } finally {
            sh("umount", "-l", home.resolve("staging").toString());
        }
    }
}
