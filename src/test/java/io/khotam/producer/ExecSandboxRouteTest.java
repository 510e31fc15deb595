package io.khotam.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.khotam.Requires;
import io.khotam.StagingRouteTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile exec producers in the real sandbox (bubblewrap, kho-tam as root as CI runs it): each
 * tries to read what is not its own, reach the network, or outlive its run, and says on stderr
 * what it got; none gets anything, and the run's files stay as the judge read them.
 */
class ExecSandboxRouteTest extends StagingRouteTestSupport {

    private static final String REFERENCE = Path.of("examples/producers/reference.py").toAbsolutePath().toString();

    private Path program;

    @BeforeAll
    static void requirements() {
        Requires.root("runs exec producers in bubblewrap as kho-tam's root does, each as a user id of its own");
    }

    @Override
    protected void moreProperties(Properties properties) {
        program = home.resolve("producers/producer.sh");
        SqlProducerRouteTest.write(home.resolve("secret-of-kho-tam.txt"), "not for producers");
        properties.setProperty("khotam.producer", "exec:sh " + program);
        properties.setProperty("khotam.producer.timeout", "20s");
        properties.setProperty("khotam.producer.sandbox", "bwrap");
        properties.setProperty("khotam.producer.max-workspace", "8MiB");
    }

    private RunDir runWith(String shell) {
        try {
            Files.createDirectories(program.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SqlProducerRouteTest.write(program, shell);
        return dropAndAwait("sample-" + System.nanoTime() + ".jsonl", SqlProducerRouteTest.mixedSample());
    }

    private static String log(RunDir run) throws Exception {
        return Files.readString(run.dir.resolve("evidence/producer.log"));
    }

    /** A line "GOT <what>" on stderr when {@code command} succeeds, "KEPT <what>" when it fails ({@code what} has no quote). */
    private static String attempt(String what, String command) {
        return "if " + command + " >/dev/null 2>&1; then echo 'GOT " + what + "' >&2; else echo 'KEPT " + what + "' >&2; fi\n";
    }

    @Test
    void itReadsNothingOfKhoTamsNorOfOtherRunsAndReachesNoNetwork() throws Exception {
        RunDir other = runWith("exec python3 " + REFERENCE);
        assertThat(other.status()).isEqualTo("COMPLETED");
        long khotam = ProcessHandle.current().pid();
        String probes = attempt("the environment of kho-tam", "cat /proc/" + khotam + "/environ")
                + attempt("the environment of the sandbox", "cat /proc/1/environ")
                + attempt("the files of another run", "cat " + other.dir.resolve("evidence/manifest.json"))
                + attempt("the staging folder", "ls " + staging())
                + attempt("the data of the workspace", "ls " + home.resolve(".workspace"))
                + attempt("a file of the home of kho-tam", "cat " + home.resolve("secret-of-kho-tam.txt"))
                + attempt("the parent of its HOME", "ls -A $HOME/.. | grep -v producer | grep .")
                + attempt("the shadow file", "cat /etc/shadow")
                + attempt("PostgreSQL on 127.0.0.1:5432", "python3 -c 'import socket; socket.create_connection((\"127.0.0.1\", 5432), 2)'")
                + attempt("a write outside HOME", "touch /tmp/khotam-escape")
                + attempt("a KHOTAM_ variable", "env | grep -q KHOTAM_")
                + "echo \"HOME=$HOME PATH=$PATH TZ=$TZ\" >&2\n"
                + "exec python3 " + REFERENCE + "\n";
        RunDir run = runWith(probes);

        assertThat(run.status()).as(run.manifest().path("reason").asText()).isEqualTo("COMPLETED");
        assertThat(run.manifest().path("producer").path("sandbox").asText()).isEqualTo("bwrap");
        assertThat(run.manifest().path("producer").path("verdict").asText()).isEqualTo("CONFORMS");
        String log = log(run);
        assertThat(log).doesNotContain("GOT ").contains("KEPT the environment of kho-tam", "KEPT the files of another run",
                "KEPT PostgreSQL on 127.0.0.1:5432", "KEPT a KHOTAM_ variable");
        assertThat(log).contains("HOME=/home/producer PATH=/usr/local/bin:/usr/bin:/bin TZ=UTC");
        assertThat(Files.exists(staging().resolve(".scratch").resolve(run.id()))).as("its scratch folder is gone").isFalse();
    }

    @Test
    void anOutputPastTheBoundStopsTheProducerAndFailsTheRun() throws Exception {
        RunDir run = runWith("cat >/dev/null; exec head -c 100000000 /dev/zero");
        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.manifest().path("reason").asText()).contains("wrote more than its bound of 8 MiB", "to its output");
        assertThat(Files.size(run.dir.resolve("evidence/producer-output.jsonl"))).isEqualTo(8L << 20);
    }

    @Test
    void aFileInItsHomePastTheBoundCannotBeWritten() throws Exception {
        RunDir run = runWith(attempt("a file past the bound in HOME", "dd if=/dev/zero of=$HOME/big bs=1M count=20")
                + "exec python3 " + REFERENCE);
        assertThat(log(run)).contains("KEPT a file past the bound in HOME");
        assertThat(Files.exists(staging().resolve(".scratch").resolve(run.id()))).as("its scratch folder is gone").isFalse();
    }
}
