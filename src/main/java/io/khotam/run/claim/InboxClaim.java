package io.khotam.run.claim;

import io.khotam.evidence.Manifest;
import io.khotam.evidence.RunLayout;
import io.khotam.nodes.NodeId;
import io.khotam.nodes.RunLeases;
import io.khotam.registry.ProductionProof;
import io.khotam.run.RunProofs;
import io.khotam.run.StagingRun;
import io.khotam.store.Owners;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims a dropped file for a new run. The run is built out of sight ({@link UnpublishedRun}) in
 * {@code staging/.claims/<run-id>/} (RUNNING manifest, room for the final manifest, the input moved
 * in by one atomic rename) and only then published as {@code staging/<run-id>/} by a second
 * rename. So {@code list}, {@code delete}, {@code verify} and retention never see half a run, and
 * at every instant the file is in the inbox or in exactly one run's input. When another process
 * renamed the file first, this claim withdraws its unpublished run and yields nothing.
 */
public class InboxClaim {

    private static final Logger LOG = LoggerFactory.getLogger(InboxClaim.class);

    private final Path stagingRoot;
    private final Clock clock;
    private final ClaimFailures failures;
    private final Manifest.Owner owner;
    private final RunLeases leases;
    private final RunProofs proofs;

    /** On one host, nothing to coordinate, no registry digest before the claim (tests, the floors). */
    public InboxClaim(Path stagingRoot, Clock clock, ClaimFailures failures) {
        this(stagingRoot, clock, failures, RunLeases.singleHost(NodeId.resolve(null)), null);
    }

    /**
     * @param leases each new run's lease is taken before its input is moved: a node that may not claim moves nothing
     * @param proofs the shared registry digest each new run relies on, taken (if due) before its start; null: none
     */
    public InboxClaim(Path stagingRoot, Clock clock, ClaimFailures failures, RunLeases leases, RunProofs proofs) {
        this.stagingRoot = stagingRoot;
        this.clock = clock;
        this.failures = failures;
        this.leases = leases;
        this.proofs = proofs;
        this.owner = Owners.self(leases.node());
    }

    /** @return the new run, or null when the file is no longer in the inbox (claimed elsewhere) */
    public StagingRun claim(String droppedFile) throws IOException {
        Path dropped = Path.of(droppedFile);
        Manifest.Input input;
        Object fileKey;
        try {
            fileKey = Files.readAttributes(dropped, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            input = UnpublishedRun.describe(dropped);
        } catch (NoSuchFileException gone) {
            failures.resolved(droppedFile);
            return null;
        }
        ProductionProof.Digest opening = proofs == null ? null : proofs.opening();
        Instant startedAt = clock.instant();
        Path building = UnpublishedRun.reserve(stagingRoot, startedAt, input.sha256());
        String runId = building.getFileName().toString();
        Path claimedInput = RunLayout.inputFile(building, input.file());
        try {
            leases.acquire(runId);
        } catch (IOException e) {
            UnpublishedRun.withdraw(building, dropped.getParent());
            throw e;
        }
        try {
            UnpublishedRun.layOut(building, StagingRun.startingManifest(runId, input, startedAt, owner, null));
            Files.move(dropped, claimedInput, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException gone) {
            withdraw(building, dropped);
            failures.resolved(droppedFile);
            return null;
        } catch (AtomicMoveNotSupportedException e) {
            withdraw(building, dropped);
            throw new IOException("the inbox and the staging folder must be on one filesystem, so that a claim is one "
                    + "atomic rename (" + dropped.getParent() + " and " + stagingRoot + " are not)", e);
        } catch (IOException | RuntimeException e) {
            withdraw(building, dropped);
            throw e;
        }
        Object movedKey = Files.readAttributes(claimedInput, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        if (fileKey != null && !fileKey.equals(movedKey)) {
            // another process claimed the hashed file and a new one took its name meanwhile: not ours to keep
            withdraw(building, dropped);
            return null;
        }
        Path dir = UnpublishedRun.publish(building, stagingRoot);
        failures.resolved(droppedFile);
        LOG.debug("claimed {} as run {}", input.file(), runId);
        StagingRun run = new StagingRun(runId, dir, input, startedAt, owner, null, null, leases.fence(runId));
        run.openedOn(opening);
        return run;
    }

    private void withdraw(Path building, Path dropped) throws IOException {
        UnpublishedRun.withdraw(building, dropped.getParent());
        leases.release(building.getFileName().toString());
    }
}
