package io.khotam.run.claim;

import io.khotam.evidence.Manifest;
import io.khotam.evidence.RunLayout;
import io.khotam.nodes.RunLeases;
import io.khotam.producer.ProducerSpec;
import io.khotam.registry.ProductionProof;
import io.khotam.run.RunProofs;
import io.khotam.run.StagingRun;
import io.khotam.store.Owners;
import io.khotam.store.RunCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims a finished run's kept input again, as a new run (the {@code rerun} route). The input is
 * hard-linked into the new run, so the source run is never changed and no bytes are copied; where
 * the filesystem has no hard links it is copied. Like a dropped file, the new run is built in
 * {@code .claims} and published whole.
 */
public class RerunClaim {

    private static final Logger LOG = LoggerFactory.getLogger(RerunClaim.class);

    private final Path stagingRoot;
    private final Clock clock;
    private final Manifest.Owner owner;
    private final RunProofs proofs;
    private final RunLeases leases;

    /** @param proofs the shared registry digest each rerun relies on, taken (if due) before its start; null: none */
    public RerunClaim(Path stagingRoot, Clock clock, RunLeases leases, RunProofs proofs) {
        this.stagingRoot = stagingRoot;
        this.clock = clock;
        this.leases = leases;
        this.proofs = proofs;
        this.owner = Owners.self(leases.node());
    }

    /**
     * @param sourceRunId a finished run that still holds its input
     * @param ruleSetFile the rule-set file for the new run; null or blank: the active rule-set
     * @param producer the new run's producer (as --producer takes it); null or blank: the one kho-tam runs with
     * @throws IllegalArgumentException with a message for the user when the source cannot be rerun
     */
    public StagingRun claim(String sourceRunId, String ruleSetFile, String producer) throws IOException {
        ProducerSpec requested = producer == null || producer.isBlank() ? null : ProducerSpec.parse(producer);
        RunCatalog.Entry source = new RunCatalog(stagingRoot).find(sourceRunId);
        Manifest sourceManifest = source.endedManifest("rerun");
        Path sourceInput = RunLayout.inputFile(source.dir(), sourceManifest.input().file());
        if (!Files.exists(sourceInput, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("run " + sourceRunId + " no longer holds its input" + (sourceManifest.inputReturnedAs() == null
                    ? "" : " (it went back to the inbox as " + sourceManifest.inputReturnedAs() + ")") + "; there is nothing to rerun");
        }
        Path ruleSet = ruleSetFile == null || ruleSetFile.isBlank() ? null : Path.of(ruleSetFile.strip()).toAbsolutePath();
        ProductionProof.Digest opening = proofs == null ? null : proofs.opening();
        Instant startedAt = clock.instant();
        Path building = UnpublishedRun.reserve(stagingRoot, startedAt, sourceManifest.input().sha256());
        String runId = building.getFileName().toString();
        Manifest.Input input;
        try {
            leases.acquire(runId);
        } catch (IOException e) {
            UnpublishedRun.withdraw(building, null);
            throw e;
        }
        try {
            Path linked = RunLayout.inputFile(building, sourceManifest.input().file());
            // the starting manifest names the source before the link exists: a crash here never sends the link to the inbox
            UnpublishedRun.layOut(building, StagingRun.startingManifest(runId, sourceManifest.input(), startedAt, owner, sourceRunId));
            linkOrCopy(sourceInput, linked);
            input = UnpublishedRun.describe(linked);
        } catch (IOException | RuntimeException e) {
            UnpublishedRun.withdraw(building, null);
            leases.release(runId);
            throw e;
        }
        Path dir = UnpublishedRun.publish(building, stagingRoot);
        LOG.info("run {} is a rerun of {} under {}", runId, sourceRunId, ruleSet == null ? "the active rule-set" : ruleSet);
        StagingRun run = new StagingRun(runId, dir, input, startedAt, owner, sourceRunId, ruleSet, leases.fence(runId));
        run.openedOn(opening);
        run.requestProducer(requested);
        return run;
    }

    private static void linkOrCopy(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
        } catch (UnsupportedOperationException | IOException noHardLinks) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw noHardLinks;
            }
            Files.copy(source, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }
}
