package io.khotam.run;

import io.khotam.Problems;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.Manifests;
import io.khotam.evidence.OutputFile;
import io.khotam.evidence.RunLayout;
import io.khotam.registry.ProductionProof;
import io.khotam.report.RunReport;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared digests of the production registry (docs/contract.md "Production registry"). A full
 * digest costs a read of the whole registry, so it is shared: a run begins on the last digest
 * taken (a fresh one first when there is none yet, or when it is older than the interval) and
 * ends waiting for the next one, and every digest taken closes the proof of every run that ended
 * before it: their manifests and pages are written again with the verdict. Each run still reads
 * the registry's write counters (O(1)) at its own start and end. So {@code serve} takes a digest
 * at most once per interval, and {@code run --once} or {@code rerun} (interval zero) once before
 * and once after the batch, however many runs they hold.
 */
public class RunProofs extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RunProofs.class);

    private final ProductionProof proof;
    private final RunReport report;
    private final RunsOfThisProcess runs;
    private final Duration interval;
    private final Clock clock;
    private final Object digesting = new Object();
    private ProductionProof.Digest current; // the last digest taken; guarded by digesting
    private CompletableFuture<ProductionProof.Digest> first; // taken while kho-tam starts; guarded by digesting
    private final Set<Path> waiting = new LinkedHashSet<>(); // ended runs whose proof waits for a digest; guarded by itself
    private final Path closingLock;
    private static final Object CLOSING_IN_THIS_PROCESS = new Object();

    /**
     * @param stagingRoot where the lock that every process closing proofs there takes is kept
     * @param interval how old the last digest may be when a run begins; zero: only the batch's first and closing ones
     */
    public RunProofs(ProductionProof proof, RunReport report, RunsOfThisProcess runs, Path stagingRoot, Duration interval, Clock clock) {
        this.proof = proof;
        this.closingLock = stagingRoot.resolve(".proof-closing.lock");
        this.report = report;
        this.runs = runs;
        this.interval = interval;
        this.clock = clock;
    }

    public boolean configured() {
        return proof.configured();
    }

    /** The first digest is taken while the rest of kho-tam starts: the first run need not wait for all of it. */
    @Override
    protected void doStart() {
        if (proof.configured()) {
            synchronized (digesting) {
                first = CompletableFuture.supplyAsync(proof::digest, task -> {
                    Thread thread = new Thread(task, "khotam-first-digest");
                    thread.setDaemon(true);
                    thread.start();
                });
            }
        }
    }

    /**
     * The digest a run claimed now relies on: the last one taken, or a fresh one when there is none
     * yet or it is older than the interval. Asked before the run's start is recorded, so the digest
     * is always older than the run. Null when no registry is configured.
     */
    public ProductionProof.Digest opening() {
        if (!proof.configured()) {
            return null;
        }
        synchronized (digesting) {
            if (current == null && first != null) {
                current = first.join();
                first = null;
                logDigest(current, 0);
            }
            if (current == null || !current.ok() || stale(current)) {
                boundary();
            }
            return current;
        }
    }

    /** A run's proof as it begins: the digest it was claimed on (null: one now), and the write counters now. */
    public Manifest.Production begin(ProductionProof.Digest opening) {
        if (!proof.configured()) {
            return Manifest.Production.notConfigured();
        }
        return Manifest.Production.begun(proof, opening != null ? opening : opening(), proof.counters());
    }

    /** A run's proof as it ends: the write counters now; it waits for the next digest. */
    public Manifest.Production end(Manifest.Production begun) {
        return begun.pending() ? begun.ended(proof.counters()) : begun;
    }

    /** How old the last digest may be when a run begins; zero in a batch. */
    public Duration interval() {
        return interval;
    }

    /** The run's final manifest says it waits for a digest: the next one closes it (once, however often it is asked). */
    public void waitFor(Path runDir, Manifest.Production production) {
        if (production.pending()) {
            synchronized (waiting) {
                waiting.add(runDir);
            }
        }
    }

    /** Takes the digest that closes every run ended so far (a batch's end, serve's last act). */
    public void close() {
        if (awaiting()) {
            synchronized (digesting) {
                boundary();
            }
        }
    }

    /** serve's timer: runs are waiting and the last digest is older than the interval. */
    public void closeIfDue() {
        if (!interval.isZero() && awaiting()) {
            synchronized (digesting) {
                if (current == null || stale(current)) {
                    boundary();
                }
            }
        }
    }

    private boolean awaiting() {
        synchronized (waiting) {
            return !waiting.isEmpty();
        }
    }

    private boolean stale(ProductionProof.Digest digest) {
        return !interval.isZero() && Duration.between(digest.at(), clock.instant()).compareTo(interval) >= 0;
    }

    /** A digest now: every run that ended before it is closed by it, and runs that begin after it rely on it. */
    private void boundary() {
        List<Path> closing;
        synchronized (waiting) {
            closing = List.copyOf(waiting); // only runs that ended before the digest below is taken
            waiting.clear();
        }
        if (first != null) {
            first.join(); // the start's, not needed any more: a later one is taken now
            first = null;
        }
        current = proof.digest();
        logDigest(current, closing.size());
        if (!closing.isEmpty()) {
            close(closing, current);
        }
    }

    private static void logDigest(ProductionProof.Digest digest, int closes) {
        LOG.info("production digest {} taken at {} in {} ms; it closes the proof of {} run(s)",
                digest.ok() ? digest.fingerprint() : "(none: " + digest.problem() + ")", digest.at(), digest.millis(), closes);
    }

    /**
     * Each run's proof with the verdict, in its manifest and on its page (the page's new hash listed).
     * Under the home's closing lock: a node closing the proof a dead node left (OrphanedProofs) and
     * the run's own node never interleave their page and manifest; the second finds it closed.
     */
    private void close(List<Path> runDirs, ProductionProof.Digest closing) {
        Map<Boolean, Long> verdicts;
        // a file lock is the whole process's: a second holder in the same JVM is refused, not queued
        synchronized (CLOSING_IN_THIS_PROCESS) {
            try (FileChannel lockFile = FileChannel.open(closingLock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = lockFile.lock()) {
                // each run's files are its own: a batch's thousand runs are closed on every core at once
                verdicts = runDirs.parallelStream().map(dir -> close(dir, closing)).filter(Objects::nonNull)
                        .collect(Collectors.partitioningBy(Boolean::booleanValue, Collectors.counting()));
            } catch (IOException e) {
                LOG.error("the production proof of {} run(s) could not be closed: {} cannot be locked ({}); their manifests "
                        + "still say they wait for a digest, and a later digest closes them", runDirs.size(), closingLock,
                        Problems.describe(e));
                return;
            }
        }
        LOG.info("the production proof of {} run(s) is closed: {} untouched, {} not", verdicts.get(true) + verdicts.get(false),
                verdicts.get(true), verdicts.get(false));
    }

    /** @return whether it was proven untouched; null when there was nothing to close (deleted meanwhile), or it failed */
    private Boolean close(Path dir, ProductionProof.Digest closing) {
        try {
            Manifest ended = Manifests.read(dir);
            if (ended == null || ended.running() || !ended.production().pending()) {
                return null; // deleted meanwhile, or closed elsewhere
            }
            Manifest.Production verdict = ended.production().closed(closing);
            Manifest closed = ended.withProduction(verdict, ended.outputs());
            closed = closed.withProduction(verdict, withPage(dir, closed));
            Manifests.write(dir, closed);
            runs.proven(ended.runId(), verdict);
            boolean untouched = Boolean.TRUE.equals(verdict.untouched());
            if (!untouched) {
                LOG.warn("run {}: production NOT proven untouched: {}", ended.runId(), verdict.note());
            }
            return untouched;
        } catch (IOException | RuntimeException e) {
            LOG.error("run {}: its production proof could not be written ({}); its manifest still says it waits for a "
                    + "digest, and the next start closes it", dir.getFileName(), Problems.describe(e));
            return null;
        }
    }

    /** The run's page, with the verdict (a run whose proof waited has none yet); if it cannot be written, as it was. */
    private List<OutputFile> withPage(Path dir, Manifest closed) {
        List<OutputFile> listed = new ArrayList<>(closed.outputs());
        listed.removeIf(file -> RunLayout.REPORT.equals(file.path()));
        try {
            listed.add(report.writeInto(dir, closed));
        } catch (IOException | RuntimeException e) {
            LOG.warn("run {}: {} could not be written with the production proof ({}); `kho-tam report {}` makes one",
                    dir.getFileName(), RunLayout.REPORT, Problems.describe(e), dir.getFileName());
            return closed.outputs();
        }
        return listed;
    }
}
