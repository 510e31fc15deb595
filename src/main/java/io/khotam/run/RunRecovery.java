package io.khotam.run;

import io.khotam.Problems;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.ManifestReserve;
import io.khotam.evidence.Manifests;
import io.khotam.evidence.OutputFile;
import io.khotam.evidence.ProducerUsed;
import io.khotam.evidence.RunLayout;
import io.khotam.producer.SqlProducer;
import io.khotam.store.Owners;
import io.khotam.store.RunCatalog;
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

    public RunRecovery(Path stagingRoot, Path inbox, Clock clock) {
        this(stagingRoot, inbox, clock, null);
    }

    /** @param workspaces ends the workspace schemas of SQL producer runs found interrupted; null: none to end */
    public RunRecovery(Path stagingRoot, Path inbox, Clock clock, SqlProducer workspaces) {
        this.stagingRoot = stagingRoot;
        this.inbox = inbox;
        this.clock = clock;
        this.workspaces = workspaces;
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
                    if (RunCatalog.RUN_ID.matcher(dir.getFileName().toString()).matches()
                            && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && recoverIfInterrupted(dir)) {
                        recovered++;
                    }
                }
            }
        }
        return recovered;
    }

    private boolean recoverIfInterrupted(Path dir) throws IOException {
        var manifest = Manifests.read(dir);
        if (manifest == null) {
            return removeShell(dir);
        }
        if (Owners.alive(manifest)) {
            return false;
        }
        if (!manifest.running()) {
            // ended, but its workspace schema was not (interrupted at shutdown, or the drop failed): dropped now
            ProducerUsed ended = endWorkspace(manifest);
            if (ended != manifest.producer()) {
                Manifests.write(dir, manifest.withProducer(ended));
            }
            return false;
        }
        boolean rerun = manifest.rerunOf() != null;
        // a rerun's input is a link to its source run's: it stays, and a rerun is retried by asking again
        Path returned = rerun ? null : InboxReturn.toInbox(RunLayout.inputFile(dir, manifest.input().file()), inbox);
        ManifestReserve.release(dir);
        PartialOutputs partial = partialOutputs(dir);
        String reason = "process " + (manifest.owner() == null ? "?" : manifest.owner().pid()) + " stopped during the run";
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
                    if ((name.endsWith(".jsonl") || name.endsWith(".log")) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                        files.add(OutputFile.leftOnDisk(dir, folder + "/" + name));
                        lines += newlines(file);
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
                        : !Owners.alive(manifest);
                if (abandoned && Files.isDirectory(building, LinkOption.NOFOLLOW_LINKS)) {
                    boolean rerun = manifest != null && manifest.rerunOf() != null;
                    // a rerun's input is a link to its source run's input: unlinked, never sent to the inbox
                    UnpublishedRun.withdraw(building, rerun ? null : inbox);
                    LOG.warn("an unfinished claim {} of a stopped process was withdrawn; {}", building.getFileName(),
                            rerun ? "it was a rerun of " + manifest.rerunOf() + ", whose input is untouched"
                                    : "its input, if any, is back in the inbox");
                }
            }
        }
    }

    /** A claim that died before its first manifest left an empty directory: nothing to keep. */
    private boolean removeShell(Path dir) throws IOException {
        Path input = dir.resolve(RunLayout.INPUT_DIR);
        try (var entries = Files.isDirectory(input) ? Files.list(input) : java.util.stream.Stream.<Path>empty()) {
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
