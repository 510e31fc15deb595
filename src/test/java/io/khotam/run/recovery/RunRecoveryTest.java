package io.khotam.run.recovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.Manifests;
import io.khotam.evidence.RunStatus;
import io.khotam.nodes.RunLeases;
import io.khotam.store.Owners;
import io.khotam.store.RunCatalog;
import io.khotam.store.RunVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** Recovery decisions on real run directories (the killed-process case itself is CrashRecoveryIT). */
class RunRecoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    Path staging;
    Path inbox;
    RunRecovery recovery;

    @BeforeEach
    void setUp() throws Exception {
        staging = Files.createDirectories(home.resolve("staging"));
        inbox = Files.createDirectories(home.resolve("inbox"));
        recovery = new RunRecovery(staging, inbox, Clock.systemUTC());
    }

    /** A RUNNING run of x.json whose owner is the given pid; null pid writes no manifest. */
    private Path runningRun(String id, Long pid, String content) throws Exception {
        Path dir = Files.createDirectories(staging.resolve(id).resolve("input"));
        if (content != null) {
            Files.writeString(dir.resolve("x.json"), content);
        }
        if (pid != null) {
            ObjectNode m = JSON.createObjectNode();
            m.put("status", "RUNNING");
            m.putObject("input").put("file", "x.json");
            ObjectNode owner = m.putObject("owner");
            owner.put("pid", pid);
            owner.put("host", Owners.self("n").host());
            Files.createDirectories(staging.resolve(id).resolve("evidence"));
            JSON.writeValue(staging.resolve(id).resolve("evidence/manifest.json").toFile(), m);
        }
        return staging.resolve(id);
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void aReturnedFileNeverOverwritesOneInTheInbox() throws Exception {
        Path run = runningRun("20260101-000000-aaaaaaaa", deadPid(), "claimed");
        Files.writeString(inbox.resolve("x.json"), "dropped later under the same name");

        assertThat(recovery.recover()).isEqualTo(1);

        assertThat(inbox.resolve("x.json")).hasContent("dropped later under the same name");
        assertThat(inbox.resolve("x.returned-1.json")).hasContent("claimed");
        assertThat(run.resolve("input/x.json")).doesNotExist();
        Manifest m = Manifests.read(run);
        assertThat(m.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(m.detail()).contains("x.returned-1.json");
        assertThat(m.inputReturnedAs()).isEqualTo("x.returned-1.json");
    }

    @Test
    void aRunOfALiveProcessIsLeftAlone() throws Exception {
        Path run = runningRun("20260101-000000-bbbbbbbb", ProcessHandle.current().pid(), "mine");

        assertThat(recovery.recover()).isZero();

        assertThat(Manifests.read(run).status()).isEqualTo(RunStatus.RUNNING);
        assertThat(run.resolve("input/x.json")).hasContent("mine");
    }

    @Test
    void aClaimThatDiedBeforeItsManifestLeavesNothingBehind() throws Exception {
        Path shell = runningRun("20260101-000000-cccccccc", null, null);

        assertThat(recovery.recover()).isEqualTo(1);

        assertThat(shell).doesNotExist();
    }

    @Test
    void recoveringTwiceChangesNothingMore() throws Exception {
        runningRun("20260101-000000-dddddddd", deadPid(), "claimed");
        assertThat(recovery.recover()).isEqualTo(1);
        assertThat(recovery.recover()).isZero();
        try (var files = Files.list(inbox)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void anInterruptedRerunKeepsItsInputAndSendsNothingToTheInbox() throws Exception {
        Path source = Files.createDirectories(staging.resolve("20260101-000000-cccccccc").resolve("input"));
        Files.writeString(source.resolve("x.json"), "the first run's input");
        Path run = runningRun("20260101-000001-cccccccc", deadPid(), null);
        Files.createLink(run.resolve("input/x.json"), source.resolve("x.json"));
        ObjectNode m = (ObjectNode) JSON.readTree(run.resolve("evidence/manifest.json").toFile());
        JSON.writeValue(run.resolve("evidence/manifest.json").toFile(), m.put("rerun_of", "20260101-000000-cccccccc"));

        assertThat(recovery.recover()).isEqualTo(1);

        try (var files = Files.list(inbox)) {
            assertThat(files).as("a rerun's input is the first run's, not a new drop").isEmpty();
        }
        assertThat(Files.isSameFile(run.resolve("input/x.json"), source.resolve("x.json"))).isTrue();
        Manifest recovered = Manifests.read(run);
        assertThat(recovered.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(recovered.inputReturnedAs()).isNull();
        assertThat(recovered.detail()).contains("a rerun of 20260101-000000-cccccccc");
    }

    @Test
    void anUnfinishedRerunClaimIsWithdrawnWithoutTouchingTheInbox() throws Exception {
        Path source = Files.createDirectories(staging.resolve("20260101-000000-dddddddd").resolve("input"));
        Files.writeString(source.resolve("x.json"), "the first run's input");
        Path building = Files.createDirectories(staging.resolve(".claims/20260101-000001-dddddddd/input"));
        Files.createLink(building.resolve("x.json"), source.resolve("x.json"));
        ObjectNode m = JSON.createObjectNode().put("status", "RUNNING").put("rerun_of", "20260101-000000-dddddddd");
        m.putObject("input").put("file", "x.json");
        m.putObject("owner").put("pid", deadPid()).put("host", Owners.self("n").host());
        Files.createDirectories(building.resolveSibling("evidence"));
        JSON.writeValue(building.resolveSibling("evidence").resolve("manifest.json").toFile(), m);

        recovery.recover();

        assertThat(building.getParent()).doesNotExist();
        assertThat(source.resolve("x.json")).hasContent("the first run's input");
        try (var files = Files.list(inbox)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aTakeoverInterruptsARunningRunAndLeavesOneItsNodeHadEnded() throws Exception {
        Path running = runningRun("20260101-000000-eeeeeeee", ProcessHandle.current().pid(), "still running");
        Path ended = runningRun("20260101-000000-ffffffff", ProcessHandle.current().pid(), "ended");
        ObjectNode m = (ObjectNode) JSON.readTree(ended.resolve("evidence/manifest.json").toFile());
        JSON.writeValue(ended.resolve("evidence/manifest.json").toFile(), m.put("status", "COMPLETED"));

        assertThat(recovery.takenOver(new RunLeases.Expired(running.getFileName().toString(), "a", Instant.EPOCH)))
                .isEqualTo(RunLeases.Found.UNFINISHED);
        assertThat(recovery.takenOver(new RunLeases.Expired(ended.getFileName().toString(), "a", Instant.EPOCH)))
                .isEqualTo(RunLeases.Found.ENDED);

        assertThat(Manifests.read(running).status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(Manifests.read(running).reason()).contains("node a stopped renewing its lease");
        assertThat(inbox.resolve("x.json")).hasContent("still running");
        assertThat(Manifests.read(ended).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(ended.resolve("input/x.json")).hasContent("ended");
    }

    @Test
    void aRunWhoseManifestCannotBeReadIsLeftAndTheOthersAreStillRecovered() throws Exception {
        Path damaged = runningRun("20260101-000000-abababab", deadPid(), "kept");
        Files.writeString(damaged.resolve("evidence/manifest.json"), ""); // a crash left it empty
        Path interrupted = runningRun("20260101-000001-cdcdcdcd", deadPid(), "claimed");

        assertThat(recovery.recover()).as("the readable one").isEqualTo(1);

        assertThat(damaged.resolve("input/x.json")).as("left as it is for a person").hasContent("kept");
        assertThat(Manifests.read(interrupted).status()).isEqualTo(RunStatus.INTERRUPTED);
    }

    @Test
    void aPageACrashCutShortIsListedAsPartialSoTheInterruptedRunStillVerifies() throws Exception {
        Path run = runningRun("20260101-000000-efefefef", deadPid(), "claimed");
        Files.writeString(run.resolve("evidence/report.html"), "<!doctype html><html><body><h1>run");

        assertThat(recovery.recover()).isEqualTo(1);

        assertThat(Manifests.read(run).outputs()).anySatisfy(file -> {
            assertThat(file.path()).isEqualTo("evidence/report.html");
            assertThat(file.partial()).isTrue();
        });
        RunCatalog.Entry entry = new RunCatalog(staging).list().get(0);
        assertThat(RunVerifier.verify(entry).ok()).as("every file as the manifest lists it").isTrue();
    }
}
