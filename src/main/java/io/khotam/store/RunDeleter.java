package io.khotam.store;

import io.khotam.FileTrees;
import io.khotam.Problems;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.ProducerUsed;
import io.khotam.evidence.RunIds;
import io.khotam.evidence.RunLayout;
import io.khotam.evidence.RunStatus;
import io.khotam.producer.SqlProducer;
import io.khotam.registry.ProductionProof;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Delete-fast (docs: "Delete-fast"): the run directory is renamed out of sight in one atomic move
 * ({@code staging/.trash/<run-id>}), removed without following any link, and checked to be gone.
 * A removal that cannot complete leaves its remains in the trash, says what they are, and the
 * next delete of the same id finishes the job.
 *
 * <p>A RUNNING run is never deleted, {@code force} or not: its input is the only copy of a file
 * someone dropped. {@code force} only allows deleting a damaged run whose manifest cannot be read.
 * Deletes are serialised across processes by a lock file, so two deletes of one run give one
 * DELETED receipt and one that says it was already gone. The production registry is digested once
 * before a batch and once after it (its write counters with each digest), and every receipt of the
 * batch sets the two against each other: whatever the delete did, it did not write production.
 */
public class RunDeleter {

    public static final String TRASH = ".trash";
    private static final String LOCK = ".delete.lock";
    // a file lock belongs to the whole process: threads of one process queue here first
    private static final Object PROCESS_LOCK = new Object();

    private final Path stagingRoot;
    private final Clock clock;
    private final ProductionProof proof;
    private final SqlProducer workspaces;

    /** @param proof the registry digested around each batch (production unchanged by the delete) */
    public RunDeleter(Path stagingRoot, Clock clock, ProductionProof proof) {
        this(stagingRoot, clock, proof, null);
    }

    /** @param workspaces drops a run's kept workspace schema with the run; null: no workspace configured here */
    public RunDeleter(Path stagingRoot, Clock clock, ProductionProof proof, SqlProducer workspaces) {
        this.stagingRoot = stagingRoot;
        this.clock = clock;
        this.proof = proof;
        this.workspaces = workspaces;
    }

    private volatile Consumer<String> onDeleted = runId -> { };

    /** Called with each run id whose directory this deleter removed (the run catalogue listens). */
    public void onDeleted(Consumer<String> listener) {
        this.onDeleted = listener;
    }

    /** What one removal did, before the production registry is read again for the receipt. */
    private record Removal(String runId, DeleteReceipt.Outcome outcome, String status, String input, String message,
                           long entries, long bytes, Path remains) {}

    public DeleteReceipt delete(String runId, boolean force) throws IOException {
        return delete(List.of(runId), force).get(0);
    }

    /** The named runs; a name that is not a run is refused. */
    public List<DeleteReceipt> delete(List<String> runIds, boolean force) throws IOException {
        return batch(runIds, force, false);
    }

    /** Finished runs (anything but RUNNING) that started longer ago than {@code age}, and unfinished deletes. */
    public List<DeleteReceipt> deleteOlderThan(Duration age) throws IOException {
        Instant cutoff = clock.instant().minus(age);
        List<String> ids = new ArrayList<>();
        for (RunCatalog.Entry run : new RunCatalog(stagingRoot).list()) {
            Manifest m = run.manifest();
            if (m != null && !m.running() && m.startedAt() != null && m.startedAt().isBefore(cutoff)) {
                ids.add(run.runId());
            }
        }
        ids.addAll(new RunCatalog(stagingRoot).unfinishedDeletes());
        return batch(ids, false, true);
    }

    /** Every run, and every unfinished delete; RUNNING runs are refused. */
    public List<DeleteReceipt> deleteAll(boolean force) throws IOException {
        List<String> ids = new ArrayList<>();
        for (RunCatalog.Entry run : new RunCatalog(stagingRoot).list()) {
            ids.add(run.runId());
        }
        ids.addAll(new RunCatalog(stagingRoot).unfinishedDeletes());
        return batch(ids, force, true);
    }

    /**
     * Requeue (docs/contract.md "Requeue"): a REJECTED, FAILED or INTERRUPTED run's input goes back
     * to the inbox under its own name (a hard link: it never replaces a file there), then the run
     * is deleted as by {@link #delete}. A taken name, or any other state, changes nothing.
     */
    public DeleteReceipt requeue(String runId, Path inbox) throws IOException {
        ProductionProof.Digest before = digestBefore(List.of(runId));
        Removal removal;
        Files.createDirectories(stagingRoot);
        synchronized (PROCESS_LOCK) {
            try (FileChannel lockFile = FileChannel.open(stagingRoot.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
                removal = requeueLocked(runId, inbox);
            }
        }
        return receipts(List.of(removal), before).get(0);
    }

    private Removal requeueLocked(String runId, Path inbox) throws IOException {
        Manifest m = RunCatalog.readQuietly(stagingRoot.resolve(runId));
        if (m == null) {
            return refused(runId, "run " + runId + " has no readable manifest; nothing was changed");
        }
        if (m.status() != RunStatus.REJECTED && m.status() != RunStatus.FAILED && m.status() != RunStatus.INTERRUPTED) {
            return new Removal(runId, DeleteReceipt.Outcome.REFUSED, status(m), inputFile(m), "run " + runId + " is "
                    + m.status() + "; only a REJECTED, FAILED or INTERRUPTED run is requeued; nothing was changed",
                    0, 0, stagingRoot);
        }
        Path input = RunLayout.inputFile(stagingRoot.resolve(runId), m.input().file());
        if (m.inputReturnedAs() != null || !Files.exists(input, LinkOption.NOFOLLOW_LINKS)) {
            return new Removal(runId, DeleteReceipt.Outcome.REFUSED, status(m), inputFile(m), "the input of run " + runId
                    + " is no longer in it" + (m.inputReturnedAs() == null ? "" : " (it went back to the inbox as "
                    + m.inputReturnedAs() + ")") + "; nothing was changed", 0, 0, stagingRoot);
        }
        Path target = inbox.resolve(m.input().file());
        try {
            Files.createDirectories(inbox);
            Files.createLink(target, input);
        } catch (FileAlreadyExistsException taken) {
            return new Removal(runId, DeleteReceipt.Outcome.REFUSED, status(m), inputFile(m), target
                    + " is taken; the run keeps its input and nothing was changed", 0, 0, stagingRoot);
        }
        Removal deleted = remove(runId, false, false);
        return new Removal(runId, deleted.outcome(), deleted.status(), deleted.input(), "requeued as " + target + "; "
                + deleted.message(), deleted.entries(), deleted.bytes(), deleted.remains());
    }

    /** The registry digested before and after the batch, around its removals. */
    private List<DeleteReceipt> batch(List<String> runIds, boolean force, boolean selected) throws IOException {
        ProductionProof.Digest before = digestBefore(runIds);
        return receipts(removeLocked(runIds, force, selected), before);
    }

    private ProductionProof.Digest digestBefore(List<String> runIds) {
        return runIds.isEmpty() || !proof.configured() ? null : proof.digest();
    }

    /** @param selected the ids were picked from a listing, so one gone meanwhile was deleted by someone else */
    private List<Removal> removeLocked(List<String> runIds, boolean force, boolean selected) throws IOException {
        List<Removal> removals = new ArrayList<>();
        if (runIds.isEmpty()) {
            return removals;
        }
        Files.createDirectories(stagingRoot);
        synchronized (PROCESS_LOCK) {
            try (FileChannel lockFile = FileChannel.open(stagingRoot.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
                for (String runId : runIds) {
                    removals.add(remove(runId, force, selected));
                }
            }
        }
        return removals;
    }

    private Removal remove(String runId, boolean force, boolean selected) {
        if (runId == null || !RunIds.is(runId)) {
            return refused(runId, "'" + runId + "' is not a run id; only a run directory directly under "
                    + stagingRoot + " can be deleted");
        }
        Path dir = stagingRoot.resolve(runId);
        Path trashed = stagingRoot.resolve(TRASH).resolve(runId);
        Manifest manifest = null;
        try {
            boolean inPlace = Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
            if (!inPlace && !Files.exists(trashed, LinkOption.NOFOLLOW_LINKS)) {
                return selected ? new Removal(runId, DeleteReceipt.Outcome.ALREADY_DELETED, null, null,
                        "deleted meanwhile by another delete", 0, 0, dir)
                        : refused(runId, "no run " + runId + " under " + stagingRoot);
            }
            if (inPlace) {
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    return refused(runId, stagingRoot.resolve(runId) + " is not a run directory (a link or a file)");
                }
                manifest = readQuietly(dir);
                String refusal = refusal(runId, manifest, force);
                if (refusal == null) {
                    refusal = workspaceRefusal(manifest);
                }
                if (refusal != null) {
                    return new Removal(runId, DeleteReceipt.Outcome.REFUSED, status(manifest), inputFile(manifest), refusal,
                            0, 0, dir);
                }
                if (Files.exists(trashed, LinkOption.NOFOLLOW_LINKS)) {
                    Removal earlier = removeTrashed(runId, trashed, readQuietly(trashed));
                    if (earlier.outcome() != DeleteReceipt.Outcome.DELETED) {
                        return earlier;
                    }
                }
                Files.createDirectories(trashed.getParent());
                Files.move(dir, trashed, StandardCopyOption.ATOMIC_MOVE);
            } else {
                manifest = readQuietly(trashed);
            }
            return removeTrashed(runId, trashed, manifest);
        } catch (IOException e) {
            Path remains = Files.exists(trashed, LinkOption.NOFOLLOW_LINKS) ? trashed : dir;
            return new Removal(runId, DeleteReceipt.Outcome.INCOMPLETE, status(manifest), inputFile(manifest),
                    "delete failed: " + Problems.describe(e), 0, 0, remains);
        }
    }

    /** @return why this run must not be deleted, or null */
    private static String refusal(String runId, Manifest manifest, boolean force) {
        if (manifest == null) {
            return force ? null : "run " + runId + " has no readable manifest, so whether it is still running cannot be "
                    + "known; if it is damaged, `delete --force " + runId + "` deletes it anyway";
        }
        if (!manifest.running()) {
            return null;
        }
        Manifest.Owner who = manifest.owner();
        String owner = who == null ? "an unknown process" : "process " + who.pid() + " on " + who.host();
        return Owners.alive(manifest)
                ? "run " + runId + " is RUNNING in " + owner + "; a running run is never deleted (--force included): "
                        + "delete it once it has ended"
                : "run " + runId + " was left RUNNING by " + owner + ", which is gone; the next start of kho-tam "
                        + "(serve or run --once) marks it INTERRUPTED and returns its input to the inbox; delete it then";
    }

    private Removal removeTrashed(String runId, Path trashed, Manifest manifest) throws IOException {
        ProducerUsed.WorkspaceUsed left = schemaLeft(manifest);
        String workspace = "";
        if (left != null) {
            String schema = left.schema();
            // the schema first: the manifest that names it goes with the directory
            String elsewhere = workspaceRefusal(manifest);
            if (elsewhere != null) {
                return new Removal(runId, DeleteReceipt.Outcome.INCOMPLETE, status(manifest), inputFile(manifest), elsewhere
                        + "; it stays in " + trashed + " and the next `delete " + runId + "` with that workspace finishes",
                        0, 0, trashed);
            }
            try {
                workspaces.end(runId, false);
                workspace = "; its workspace schema " + schema + " was dropped";
            } catch (Exception e) {
                return new Removal(runId, DeleteReceipt.Outcome.INCOMPLETE, status(manifest), inputFile(manifest), "its "
                        + "workspace schema " + schema + " could not be dropped (" + Problems.describe(e) + "); nothing was "
                        + "removed and the next `delete " + runId + "` tries again", 0, 0, trashed);
            }
        }
        FileTrees.Removed removed = FileTrees.remove(trashed);
        boolean gone = !Files.exists(trashed, LinkOption.NOFOLLOW_LINKS);
        return new Removal(runId, gone ? DeleteReceipt.Outcome.DELETED : DeleteReceipt.Outcome.INCOMPLETE, status(manifest),
                inputFile(manifest), (gone ? "deleted" : "could not remove everything; what is left stays in " + trashed
                        + " and the next `delete " + runId + "` finishes the job") + workspace, removed.entries(),
                removed.bytes(), trashed);
    }

    /** @return why this run's schema cannot be dropped from here (it lies in another workspace), or null */
    private String workspaceRefusal(Manifest manifest) {
        ProducerUsed.WorkspaceUsed left = schemaLeft(manifest);
        if (left == null || workspaces != null && workspaces.holds(left)) {
            return null;
        }
        return "its workspace schema " + left.schema() + " is still there, in " + left.database() + ", which is not the "
                + "workspace configured here: give that one's --workspace-url (before the command) to delete the run with it";
    }

    /** The workspace schema a run left behind (kept, or not dropped when it ended), else null. */
    private static ProducerUsed.WorkspaceUsed schemaLeft(Manifest manifest) {
        if (manifest == null || manifest.producer() == null || manifest.producer().workspace() == null) {
            return null;
        }
        ProducerUsed.WorkspaceUsed workspace = manifest.producer().workspace();
        return ProducerUsed.WorkspaceUsed.DROPPED.equals(workspace.state()) ? null : workspace;
    }

    /** One digest of production after the batch's last removal, set against the one before its first. */
    private List<DeleteReceipt> receipts(List<Removal> removals, ProductionProof.Digest before) {
        boolean anyRemoved = removals.stream().anyMatch(RunDeleter::removing);
        removals.stream().filter(RunDeleter::removing).forEach(r -> onDeleted.accept(r.runId()));
        Manifest.Production production = !anyRemoved || before == null ? Manifest.Production.notConfigured()
                : Manifest.Production.between(proof, before, proof.digest());
        return removals.stream().map(r -> receipt(r, removing(r) ? production : Manifest.Production.notConfigured())).toList();
    }

    private static boolean removing(Removal r) {
        return r.outcome() == DeleteReceipt.Outcome.DELETED || r.outcome() == DeleteReceipt.Outcome.INCOMPLETE;
    }

    private DeleteReceipt receipt(Removal r, Manifest.Production production) {
        Trash.Remains remains = removing(r) ? Trash.remains(stagingRoot, r.remains()) : Trash.Remains.NONE;
        DeleteReceipt.Outcome outcome = r.outcome() == DeleteReceipt.Outcome.DELETED && remains.count() > 0
                ? DeleteReceipt.Outcome.INCOMPLETE : r.outcome();
        return new DeleteReceipt(r.runId(), outcome, r.status(), r.input(), r.message(), r.entries(), r.bytes(), remains.count(),
                remains.listed(), production, clock.instant());
    }

    private Removal refused(String runId, String message) {
        return new Removal(runId, DeleteReceipt.Outcome.REFUSED, null, null, message, 0, 0, stagingRoot);
    }

    private static String status(Manifest manifest) {
        return manifest == null ? null : manifest.status().name();
    }

    private static String inputFile(Manifest manifest) {
        return manifest == null || manifest.input() == null ? null : manifest.input().file();
    }

    private static Manifest readQuietly(Path dir) {
        return RunCatalog.readQuietly(dir);
    }
}
