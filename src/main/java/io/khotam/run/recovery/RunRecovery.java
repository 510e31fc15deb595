package io.khotam.run.recovery;

import io.khotam.Problems;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.ManifestReserve;
import io.khotam.evidence.Manifests;
import io.khotam.evidence.OutputFile;
import io.khotam.evidence.ProducerUsed;
import io.khotam.evidence.RunIds;
import io.khotam.evidence.RunLayout;
import io.khotam.evidence.RunStatus;
import io.khotam.nodes.NodeId;
import io.khotam.nodes.RunLeases;
import io.khotam.producer.SqlProducer;
import io.khotam.run.InboxReturn;
import io.khotam.run.RunProofs;
import io.khotam.run.claim.UnpublishedRun;
import io.khotam.store.Owners;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs once when kho-tam starts, before the inbox is polled: a run left RUNNING by a process that
 * is gone (killed, crashed) is marked INTERRUPTED and its input goes back to the inbox, where it
 * becomes a new run. So a dropped file ends in exactly one COMPLETED or REJECTED run, however
 * often the process dies. A lock file keeps two starting processes from recovering at once.
 */
public class RunRecovery extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RunRecovery.class);

    private final Path stagingRoot;
    private final Path inbox;
    private final Clock clock;

    private final SqlProducer workspaces;
    private final RunLeases leases;
    private final RunProofs proofs;

    public RunRecovery(Path stagingRoot, Path inbox, Clock clock) {
        this(stagingRoot, inbox, clock, null, RunLeases.singleHost(NodeId.resolve(null)), null);
    }

    /**
     * @param workspaces ends the workspace schemas of SQL producer runs found interrupted; null: none to end
     * @param leases a run found interrupted is recovered under its lease, so that no other node takes it over meanwhile
     * @param proofs the next shared digest closes the proof of runs a dead process ended without one; null: none
     */
    public RunRecovery(Path stagingRoot, Path inbox, Clock clock, SqlProducer workspaces, RunLeases leases, RunProofs proofs) {
        this.stagingRoot = stagingRoot;
        this.inbox = inbox;
        this.clock = clock;
        this.workspaces = workspaces;
        this.leases = leases;
        this.proofs = proofs;
    }

    @Override
    protected void doStart() throws Exception {
        recover();
    }

    /** @return how many runs were found interrupted */
    public int recover() throws IOException {
        if (!Files.isDirectory(stagingRoot)) {
            return 0;
        }
        Files.createDirectories(inbox);
        int recovered = 0;
        try (FileChannel lockFile = FileChannel.open(stagingRoot.resolve(".recovery.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
            recoverClaims();
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(stagingRoot)) {
                for (Path dir : dirs) {
                    if (RunIds.is(dir.getFileName().toString())
                            && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && recoverIfInterrupted(dir)) {
                        recovered++;
                    }
                }
            }
        }
        return recovered;
    }

    /** One run: a damaged one (a manifest that cannot be read) is said and left, and the others go on. */
    private boolean recoverIfInterrupted(Path dir) {
        try {
            return recoverOne(dir);
        } catch (IOException e) {
            LOG.error("run {} could not be looked at ({}); left as it is for a person to look at (`kho-tam delete --force` "
                    + "removes a damaged run)", dir.getFileName(), Problems.describe(e));
            return false;
        }
    }

    private boolean recoverOne(Path dir) throws IOException {
        var manifest = Manifests.read(dir);
        if (manifest == null) {
            return removeShell(dir);
        }
        if (ownedByALiveProcess(manifest)) {
            return false;
        }
        if (!manifest.running()) {
            // ended, but its workspace schema was not (interrupted at shutdown, or the drop failed): dropped now
            ProducerUsed ended = endWorkspace(manifest);
            if (ended != manifest.producer()) {
                Manifests.write(dir, manifest.withProducer(ended));
            }
            if (proofs != null && manifest.production() != null) {
                proofs.waitFor(dir, manifest.production()); // ended before its process died: any later digest closes it
            }
            return false;
        }
        String who = manifest.owner() == null ? "process ?" : manifest.owner().who()
                + (manifest.owner().node() == null ? "" : " (process " + manifest.owner().pid() + ")");
        boolean[] recovered = new boolean[1];
        leases.takeOverDead(manifest.runId(), expired -> {
            recovered[0] = interrupt(dir, who + " stopped during the run");
            return endedByItsNode(dir) ? RunLeases.Found.ENDED : RunLeases.Found.UNFINISHED;
        });
        return recovered[0];
    }

    /**
     * Whether the run's owner is alive: over a shared home, exactly when its lease is live on the
     * database's clock (host names and pids do not tell processes apart across containers or pid
     * namespaces, so they decide nothing there); on one host, when its process (pid and start
     * time) is alive.
     */
    private boolean ownedByALiveProcess(Manifest manifest) throws IOException {
        return leases.shared() ? leases.leased(manifest.runId()) : Owners.alive(manifest);
    }

    /**
     * Another node's lease on the run expired and this node took it over (RunTakeover): the run is
     * ended INTERRUPTED as a restart would, whether or not its process still looks alive from here.
     * A claim that node had not published yet is withdrawn, its input back in the inbox.
     *
     * @return ENDED when its node had published the run's end and only the lease's record of it was lost
     */
    public RunLeases.Found takenOver(RunLeases.Expired expired) throws IOException {
        Path claim = stagingRoot.resolve(UnpublishedRun.CLAIMS).resolve(expired.runId());
        if (Files.isDirectory(claim, LinkOption.NOFOLLOW_LINKS)) {
            var manifest = Manifests.read(claim);
            boolean rerun = manifest != null && manifest.rerunOf() != null;
            UnpublishedRun.withdraw(claim, rerun ? null : inbox);
            LOG.warn("node {} took over the unfinished claim {} of node {}; its input, if any, is back in the inbox",
                    leases.node(), expired.runId(), expired.node());
            return RunLeases.Found.UNFINISHED;
        }
        Path dir = stagingRoot.resolve(expired.runId());
        if (!RunIds.is(expired.runId()) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return RunLeases.Found.UNFINISHED; // deleted, or never published: nothing left to recover
        }
        if (endedByItsNode(dir)) {
            LOG.warn("run {} of node {} had ended, but its node could not record the end under its lease; node {} closed "
                    + "the lease and left the run as it is", expired.runId(), expired.node(), leases.node());
            return RunLeases.Found.ENDED;
        }
        interrupt(dir, "node " + expired.node() + " stopped renewing its lease on the run (it expired at "
                + expired.expiredAt() + "); node " + leases.node() + " took the run over");
        return RunLeases.Found.UNFINISHED;
    }

    /** Its final manifest is published (COMPLETED, REJECTED or FAILED): nobody took it over, its own node ended it. */
    private static boolean endedByItsNode(Path dir) throws IOException {
        var manifest = Manifests.read(dir);
        return manifest != null && !manifest.running() && manifest.status() != RunStatus.INTERRUPTED;
    }

    /** Ends a RUNNING run INTERRUPTED, its input back in the inbox. @return false when it was not RUNNING (nothing to do) */
    private boolean interrupt(Path dir, String reason) throws IOException {
        var manifest = Manifests.read(dir);
        if (manifest == null || !manifest.running()) {
            return false;
        }
        boolean rerun = manifest.rerunOf() != null;
        // a rerun's input is a link to its source run's: it stays, and a rerun is retried by asking again
        Path returned = rerun ? null : InboxReturn.toInbox(RunLayout.inputFile(dir, manifest.input().file()), inbox);
        ManifestReserve.release(dir);
        PartialOutputs partial = partialOutputs(dir);
        String detail = (rerun ? "a rerun of " + manifest.rerunOf() + ": its input stays in input/; rerun again to retry"
                : returned == null ? "the input never reached this run; nothing to return"
                : "the input went back to the inbox as " + returned.getFileName() + " and is processed in a new run")
                + "; before it stopped the run had written " + partial.lines() + " output line(s), kept as evidence "
                + "(outputs marked partial) and deleted with the run";
        Manifests.write(dir, manifest.interrupted(reason, detail, clock.instant(), partial.files(),
                returned == null ? null : returned.getFileName().toString()).withProducer(endWorkspace(manifest)));
        LOG.warn("run {} was interrupted ({}); {}", dir.getFileName(), reason, detail);
        return true;
    }

    /**
     * A SQL producer run's schema (and role) that a stopped process did not end is dropped: nothing
     * of a dead run stays in the workspace. Unchanged (the same block) when there is nothing to drop
     * or it cannot be dropped now.
     */
    private ProducerUsed endWorkspace(Manifest manifest) {
        ProducerUsed producer = manifest.producer();
        if (producer == null || producer.workspace() == null
                || !ProducerUsed.WorkspaceUsed.CREATED.equals(producer.workspace().state())
                && !ProducerUsed.WorkspaceUsed.LEFT.equals(producer.workspace().state())) {
            return producer;
        }
        if (workspaces == null || !workspaces.holds(producer.workspace())) {
            LOG.error("run {} left its workspace schema {} in {}, which is not the workspace configured here; "
                    + "`kho-tam --workspace-url … delete {}` drops it", manifest.runId(), producer.workspace().schema(),
                    producer.workspace().database(), manifest.runId());
            return producer;
        }
        try {
            return producer.withWorkspace(producer.workspace().in(workspaces.end(manifest.runId(), false)));
        } catch (Exception e) {
            LOG.error("run {}: its workspace schema {} could not be dropped ({}); `kho-tam delete {}` drops it",
                    manifest.runId(), producer.workspace().schema(), Problems.describe(e), manifest.runId());
            return producer;
        }
    }

    private record PartialOutputs(List<OutputFile> files, long lines) {}

    /** What the dead run had written: every output file as it was left, so verify tells it from tampering. */
    private static PartialOutputs partialOutputs(Path dir) throws IOException {
        List<OutputFile> files = new ArrayList<>();
        long lines = 0;
        for (String folder : List.of(RunLayout.CANDIDATES_DIR, RunLayout.DEAD_LETTER_DIR, RunLayout.EVIDENCE_DIR)) {
            Path sub = dir.resolve(folder);
            if (!Files.isDirectory(sub, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(sub)) {
                for (Path file : entries.sorted().toList()) {
                    String name = file.getFileName().toString();
                    if ((name.endsWith(".jsonl") || name.endsWith(".log") || folder.equals(RunLayout.EVIDENCE_DIR)
                            && RunLayout.REPORT.endsWith("/" + name)) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                        files.add(OutputFile.leftOnDisk(dir, folder + "/" + name));
                        lines += name.endsWith(".jsonl") ? newlines(file) : 0;
                    }
                }
            }
        }
        return new PartialOutputs(files, lines);
    }

    private static long newlines(Path file) throws IOException {
        long count = 0;
        byte[] buffer = new byte[1 << 16];
        try (var in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    count += buffer[i] == '\n' ? 1 : 0;
                }
            }
        }
        return count;
    }

    /**
     * Runs a dead process was still building in {@code .claims/} were never published: the input,
     * if it had been moved in, goes back to the inbox and the build directory is removed. A build
     * without a manifest never holds an input (the manifest comes first); one that young may be a
     * live claim, so it is left for the next start.
     */
    private void recoverClaims() throws IOException {
        Path claims = stagingRoot.resolve(UnpublishedRun.CLAIMS);
        if (!Files.isDirectory(claims, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(claims)) {
            for (Path building : dirs) {
                var manifest = Manifests.read(building);
                boolean abandoned = manifest == null
                        ? Files.getLastModifiedTime(building).toInstant().isBefore(clock.instant().minusSeconds(60))
                        : !ownedByALiveProcess(manifest);
                if (abandoned && Files.isDirectory(building, LinkOption.NOFOLLOW_LINKS)) {
                    if (manifest == null) {
                        withdraw(building, null);
                    } else {
                        // under its lease: a node taking it over at the same time finds it locked and leaves it
                        leases.takeOverDead(manifest.runId(), expired -> {
                            withdraw(building, manifest);
                            return RunLeases.Found.UNFINISHED;
                        });
                    }
                }
            }
        }
    }

    private void withdraw(Path building, Manifest manifest) throws IOException {
        if (!Files.isDirectory(building, LinkOption.NOFOLLOW_LINKS)) {
            return; // withdrawn meanwhile by the node that held it
        }
        boolean rerun = manifest != null && manifest.rerunOf() != null;
        // a rerun's input is a link to its source run's input: unlinked, never sent to the inbox
        UnpublishedRun.withdraw(building, rerun ? null : inbox);
        LOG.warn("an unfinished claim {} of a stopped process was withdrawn; {}", building.getFileName(),
                rerun ? "it was a rerun of " + manifest.rerunOf() + ", whose input is untouched"
                        : "its input, if any, is back in the inbox");
    }

    /** A claim that died before its first manifest left an empty directory: nothing to keep. */
    private boolean removeShell(Path dir) throws IOException {
        Path input = dir.resolve(RunLayout.INPUT_DIR);
        try (var entries = Files.isDirectory(input) ? Files.list(input) : Stream.<Path>empty()) {
            if (entries.findAny().isPresent()) {
                LOG.error("run {} has an input but no manifest; left as it is for a person to look at", dir.getFileName());
                return false;
            }
        }
        try {
            Files.deleteIfExists(input);
            Files.deleteIfExists(dir.resolve(RunLayout.EVIDENCE_DIR));
            Files.deleteIfExists(dir);
            return true;
        } catch (IOException e) {
            LOG.error("could not remove the empty run {} ({}); left as it is", dir.getFileName(), e.toString());
            return false;
        }
    }
}
