package io.khotam.run.recovery;

import io.khotam.Problems;
import io.khotam.catalogue.CatalogueStore;
import io.khotam.catalogue.Cursor;
import io.khotam.catalogue.Page;
import io.khotam.catalogue.RunFilter;
import io.khotam.catalogue.RunSummary;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.Manifests;
import io.khotam.evidence.RunIds;
import io.khotam.run.RunProofs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proofs nobody will close: a run ended waiting for the next shared digest, and the node that
 * ended it stopped (killed, its host gone) before taking one. The node that ended a run closes its
 * proof within one interval; a proof still pending twice that long after its run ended is adopted
 * here, from the catalogue, and closed by this node's next digest (RunProofs, under the home's
 * closing lock: a slow owner and this node never both write it). Only where digests are taken on an
 * interval (serve); a batch closes its own at its end.
 */
public class OrphanedProofs {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanedProofs.class);
    private static final RunFilter PENDING = new RunFilter(Set.of(), Set.of(), Set.of(RunSummary.PENDING), null, null, null, null,
            null, false);

    private final Supplier<CatalogueStore> catalogue;
    private final Path stagingRoot;
    private final RunProofs proofs;
    private final Clock clock;
    private Instant lastLook; // guarded by this

    public OrphanedProofs(Supplier<CatalogueStore> catalogue, Path stagingRoot, RunProofs proofs, Clock clock) {
        this.catalogue = catalogue;
        this.stagingRoot = stagingRoot;
        this.proofs = proofs;
        this.clock = clock;
    }

    /** Looks at most once per interval; the proofs found wait for this node's next digest. @return how many were adopted */
    public synchronized int adopt() {
        Duration interval = proofs.interval();
        Instant now = clock.instant();
        if (interval.isZero() || !proofs.configured() || (lastLook != null && now.isBefore(lastLook.plus(interval)))) {
            return 0;
        }
        lastLook = now;
        long endedBefore = ChronoUnit.MICROS.between(Instant.EPOCH, now.minus(interval.multipliedBy(2)));
        int adopted = 0;
        try {
            Cursor after = null;
            do {
                Page<RunSummary> page = catalogue.get().runs(PENDING, after, null, 500);
                for (RunSummary run : page.items()) {
                    if (run.finishedMicros() != null && run.finishedMicros() < endedBefore && adopt(run.runId())) {
                        adopted++;
                    }
                }
                after = page.next();
            } while (after != null);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("the proofs other nodes left pending could not be looked for ({}); looked for again in {}",
                    Problems.describe(e), interval);
        }
        if (adopted > 0) {
            LOG.warn("{} run(s) ended more than {} ago still wait for the digest that closes their production proof (their "
                    + "node stopped before taking it); this node's next digest closes them", adopted, interval.multipliedBy(2));
        }
        return adopted;
    }

    private boolean adopt(String runId) {
        if (!RunIds.is(runId)) {
            return false;
        }
        Path dir = stagingRoot.resolve(runId);
        try {
            Manifest manifest = Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) ? Manifests.read(dir) : null;
            if (manifest == null || manifest.running() || manifest.production() == null || !manifest.production().pending()) {
                return false; // deleted, or closed since the catalogue last read it
            }
            proofs.waitFor(dir, manifest.production());
            return true;
        } catch (IOException e) {
            LOG.warn("run {}: its manifest could not be read to close its proof ({})", runId, Problems.describe(e));
            return false;
        }
    }
}
