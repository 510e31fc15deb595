package io.khotam.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.CheckCode;
import io.khotam.FailedCheck;
import io.khotam.Problems;
import io.khotam.Stage;
import io.khotam.evidence.CandidatePacket;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.OutputFile;
import io.khotam.evidence.OutputLines;
import io.khotam.evidence.PacketChain;
import io.khotam.evidence.ProducerUsed;
import io.khotam.evidence.RunCounts;
import io.khotam.evidence.RunLayout;
import io.khotam.evidence.RunStatus;
import io.khotam.inspection.Row;
import io.khotam.inspection.Rules;
import io.khotam.inspection.StageFailure;
import io.khotam.intake.ReceivedRow;
import io.khotam.nodes.RunFence;
import io.khotam.producer.ProducerSpec;
import io.khotam.producer.WorkspaceLoad;
import io.khotam.registry.ProductionProof;
import io.khotam.run.output.LineWriter;
import io.khotam.run.output.RunOutputs;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One staging run: the disposal unit {@code staging/<run-id>/} and everything it has recorded so
 * far. Rows are recorded here by their terminal outcome; the manifest is built from this state.
 * Methods are synchronized because Camel may call them from the split and the error handler.
 */
public final class StagingRun {

    private static final OutputLines LINES = new OutputLines();

    private final String id;
    private final Path dir;
    private final Manifest.Input input;
    private final Instant startedAt;
    private final Manifest.Owner owner;
    private final String rerunOf;
    private final Path ruleSetFile;
    private final RunCounts counts = new RunCounts();
    private final RunOutputs outputs;
    private final LineWriter lines;
    private final PacketChain packets = new PacketChain();
    private final List<String> faults = new ArrayList<>();
    private Rules rules;
    private Manifest.RuleSetUsed ruleSetUsed;
    // read without the run's lock by the progress line and the console's live view, which never wait on a run
    private volatile long expectedRows = -1;
    private volatile long scannedSoFar;
    private Manifest.Production production = Manifest.Production.notConfigured();
    private ProductionProof.Digest openingDigest;
    private RunStatus status = RunStatus.RUNNING;
    private String reason;
    private String detail;
    private Instant finishedAt;
    private String inputReturnedAs;
    private ProducerSpec producer = ProducerSpec.BUILTIN;
    private ProducerSpec requestedProducer;
    private ProducerUsed producerUsed = ProducerUsed.BUILTIN;
    private boolean referenceAdopted;
    private WorkspaceLoad load = WorkspaceLoad.NONE;
    private final RunFence fence;
    // the run's rows being read; stopped when an error cut the run off, so that the rows read ahead are let go
    private Closeable reading;

    /**
     * @param rerunOf the run this one reruns, or null
     * @param ruleSetFile the rule-set this run must use, or null for the active one
     */
    public StagingRun(String id, Path dir, Manifest.Input input, Instant startedAt, Manifest.Owner owner, String rerunOf,
               Path ruleSetFile, RunFence fence) {
        this.id = id;
        this.dir = dir;
        this.input = input;
        this.startedAt = startedAt;
        this.owner = owner;
        this.rerunOf = rerunOf;
        this.ruleSetFile = ruleSetFile;
        this.outputs = new RunOutputs(dir, fence);
        this.fence = fence;
        // a file of one read-ahead batch or less is written as it is inspected: no thread for it
        this.lines = new LineWriter(input.bytes() > ReadAhead.BATCH_BYTES ? "kho-tam writer of " + id : null);
    }

    public String getId() { return id; }
    public Path getDir() { return dir; }
    public Path getInputFile() { return RunLayout.inputFile(dir, input.file()); }
    long inputBytes() { return input.bytes(); }
    public Instant startedAt() { return startedAt; }

    /** When it ended; null while it runs. */
    public Instant finishedAt() { return finishedAt; }
    public Rules rules() { return rules; }
    public String rerunOf() { return rerunOf; }
    /** Whether this node still holds the run (its lease): what it may still write or end of it. */
    boolean stillHeld() {
        try {
            beforeWrite();
            return true;
        } catch (IOException lost) {
            return false;
        }
    }

    /** The run's fence, for what writes into it from outside its outputs (an exec producer's streams). */
    RunFence fence() {
        return fence;
    }

    /** What every write into the run asks first, also a write outside its outputs (its first manifest). */
    void beforeWrite() throws IOException {
        fence.beforeWrite();
    }

    /** The SHA-256 of the run's input bytes. */
    public String inputSha256() { return input.sha256(); }
    Path ruleSetFile() { return ruleSetFile; }
    public synchronized RunStatus status() { return status; }
    public synchronized String reason() { return reason; }
    public synchronized RunCounts counts() { return counts; }
    public long expectedRows() { return expectedRows; }
    /** Rows scanned so far: read without the run's lock (a run waiting on its lease never holds up who asks). */
    public long scannedSoFar() { return scannedSoFar; }

    synchronized void reading(Closeable rows) {
        this.reading = rows;
    }

    /** The route that read the rows was cut off: the reader stops and lets go of what it read ahead. */
    void stopReading() {
        Closeable rows;
        synchronized (this) {
            rows = reading;
            reading = null;
        }
        if (rows != null) {
            try {
                rows.close();
            } catch (IOException | RuntimeException e) {
                fault("closing its input: " + Problems.describe(e));
            }
        }
    }

    /** A rerun asked for this producer instead of the one kho-tam runs with. */
    public synchronized void requestProducer(ProducerSpec spec) {
        this.requestedProducer = spec;
    }

    synchronized ProducerSpec requestedProducer() {
        return requestedProducer;
    }

    /** The producer under test that stamps this run's candidates (builtin: the inspectors themselves). */
    synchronized void useProducer(ProducerSpec spec, ProducerUsed used) {
        this.producer = spec;
        this.producerUsed = used;
    }

    public synchronized ProducerSpec producer() {
        return producer;
    }

    /** For the run route: the built-in inspectors are this run's reference, and a producer under test stamps it. */
    public synchronized boolean isUnderTest() {
        return !producer.builtin();
    }

    synchronized ProducerUsed producerUsed() {
        return producerUsed;
    }

    synchronized void producerUsed(ProducerUsed used) {
        this.producerUsed = used;
    }

    synchronized void useRules(Rules rules) {
        this.rules = rules;
        this.ruleSetUsed = new Manifest.RuleSetUsed(rules.id(), rules.version(), rules.sha256(), rules.source());
    }

    synchronized void ruleSetUnavailable(String location) {
        this.ruleSetUsed = new Manifest.RuleSetUsed(null, null, null, location);
    }

    synchronized void production(Manifest.Production production) {
        this.production = production;
    }

    /** The shared registry digest taken before the run was claimed, which its proof relies on (null: none yet). */
    public synchronized void openedOn(ProductionProof.Digest digest) {
        this.openingDigest = digest;
    }

    synchronized ProductionProof.Digest openingDigest() {
        return openingDigest;
    }

    synchronized void written(OutputFile file) {
        outputs.written(file);
    }

    synchronized void inputReturnedAs(String name) {
        this.inputReturnedAs = name;
    }

    public synchronized Manifest.Production production() {
        return production;
    }

    synchronized void expectRows(long rows) {
        this.expectedRows = rows;
    }

    // ---- a row's terminal outcome: exactly one of these per scanned row ----

    synchronized void scanned() {
        counts.countScanned();
        scannedSoFar++;
    }

    synchronized void skipped(Row row, CheckCode code) {
        write(row.getRow(), 0, RunLayout.SKIPPED, out -> LINES.skipped(out, id, row.getRow(), code),
                () -> counts.countSkipped(code));
    }

    synchronized void deadLetter(Row row, StageFailure failure, Instant at) {
        Stage stage = failure.stage();
        write(row.getRow(), row.received().weight(), RunLayout.deadLetters(stage), out -> LINES.deadLetter(out, id, stage,
                row.getRow(), failure.checks(), row.received().asReceived(), at), () -> counts.deadLetter(stage, codes(failure.checks())));
    }

    /** A producer run's reference line: what the built-in inspectors found on a row the producer will be given. */
    synchronized void reference(Row row, StageFailure failure) {
        WorkspaceLoad given = load;
        write(row.getRow(), row.received().weight(), RunLayout.REFERENCE, out -> {
            LINES.reference(out, row, failure == null ? null : failure.stage(), failure == null ? List.of() : failure.checks());
            given.row(row.getRow(), row.received().asReceived());
        }, () -> { });
    }

    /** A SQL producer's load: fed each row as the reference records it, until the producer step takes it. */
    synchronized void loadInto(WorkspaceLoad workspaceLoad) {
        this.load = workspaceLoad;
    }

    /** The run's load, handed over once (to its producer, or to be abandoned); NONE after that or without one. */
    synchronized WorkspaceLoad takeLoad() {
        WorkspaceLoad taken = load;
        load = WorkspaceLoad.NONE;
        return taken;
    }

    synchronized boolean referenceAdopted() {
        return referenceAdopted;
    }

    synchronized void candidate(Row row) {
        write(row.getRow(), row.received().weight(), RunLayout.CANDIDATES, out -> packets.add(LINES.candidate(out, id, row)),
                () -> counts.candidate(row));
    }

    // ---- a producer run: the judged rows, after the split ----

    /** The reference is complete: closed so that the producer's rows can be read from it. */
    synchronized Path closeReference() {
        settle();
        if (!referenceAdopted) {
            outputs.ensure(RunLayout.REFERENCE);
            outputs.close(RunLayout.REFERENCE);
        }
        return dir.resolve(RunLayout.REFERENCE);
    }

    // ---- a rerun that reuses its source's reference (ReferenceReuse): the rows are not inspected again ----

    /** The source's reference file, linked in whole: listed as it is, never written here. */
    synchronized void adoptReference(OutputFile file) {
        referenceAdopted = true;
        outputs.written(file);
    }

    /** A reference line built from the source's candidates and dead letters. */
    synchronized void referenceLine(int row, ObjectNode line) {
        WorkspaceLoad given = load;
        write(row, ReceivedRow.weightOf(line), RunLayout.REFERENCE, out -> {
            LINES.judged(out, line);
            given.row(row, line.get("row_data"));
        }, () -> { });
    }

    /** The source's rows, all scanned again in this run (its outcomes are taken from the source). */
    synchronized void scannedAll(long rows) {
        counts.countScanned(rows);
        scannedSoFar += rows;
    }

    /** A row the source rejected at admission: the same dead letter, as this run's. */
    synchronized void rejectedAgain(int row, List<FailedCheck> checks, JsonNode rowData, Instant at) {
        write(row, ReceivedRow.weightOf(rowData), RunLayout.deadLetters(Stage.ADMISSION), out -> LINES.deadLetter(out, id,
                Stage.ADMISSION, row, checks, rowData, at), () -> counts.deadLetter(Stage.ADMISSION, codes(checks)));
    }

    /** A row the source skipped: the same skip, as this run's. */
    synchronized void skippedAgain(int row, CheckCode code) {
        write(row, 0, RunLayout.SKIPPED, out -> LINES.skipped(out, id, row, code), () -> counts.countSkipped(code));
    }

    /** The packet's hash is taken here, on the judge's thread: the writer's thread is a producer run's busier one. */
    synchronized void producedCandidate(int row, String entityCode, JsonNode rowData, String[] stamps, Row.Verdict[] verdicts)
            throws IOException {
        String hash = CandidatePacket.hash(id, row, entityCode, rowData, stamps, verdicts);
        write(row, ReceivedRow.weightOf(rowData), RunLayout.CANDIDATES, out -> packets.add(LINES.candidate(out, id, row,
                entityCode, rowData, stamps, verdicts, hash)), () -> counts.candidate(verdicts[0], verdicts[1], verdicts[2]));
    }

    synchronized void producedDeadLetter(Stage stage, int row, List<FailedCheck> checks, JsonNode rowData, Instant at) {
        write(row, ReceivedRow.weightOf(rowData), RunLayout.deadLetters(stage), out -> LINES.deadLetter(out, id, stage, row,
                checks, rowData, at), () -> counts.deadLetter(stage, codes(checks)));
    }

    synchronized void judged(int row, ObjectNode line) {
        write(row, ReceivedRow.weightOf(line), RunLayout.PRODUCER_DEAD_LETTERS, out -> LINES.judged(out, line), () -> { });
    }

    synchronized void fileDeadLetter(CheckCode code, String message, Instant at) {
        write(0, message.length(), RunLayout.deadLetters(Stage.FILE), out -> LINES.deadLetter(out, id, Stage.FILE, null,
                List.of(FailedCheck.of(code, null, message)), null, at), () -> counts.deadLetter(Stage.FILE, List.of(code)));
    }

    private static List<CheckCode> codes(List<FailedCheck> checks) {
        return checks.stream().map(FailedCheck::code).toList();
    }

    /**
     * Every line given so far is written (the writer waited for); a line that could not be written
     * is a fault of the run, named by its row.
     */
    synchronized void settle() {
        RuntimeException unwritten = lines.drain();
        if (unwritten != null && faults.stream().noneMatch(f -> f.contains(unwritten.getMessage()))) {
            faults.add(unwritten.getMessage());
        }
    }

    /** Something went wrong that is no row's fault (I/O, a defect): the run cannot end COMPLETED. */
    synchronized void fault(String what) {
        faults.add(what);
    }

    synchronized List<String> faults() {
        return List.copyOf(faults);
    }

    synchronized boolean hasFaults() {
        return !faults.isEmpty();
    }

    /**
     * Ends the run: closes every output (a COMPLETED run always has a candidates file, even an
     * empty one). An output that cannot be closed makes the run FAILED, and is recorded as the
     * partial file left on disk. Only the first end counts: a run interrupted at shutdown is not
     * ended again by its route.
     *
     * @return false when the run had already ended
     */
    synchronized boolean finish(RunStatus status, String reason, String detail, Instant at) {
        if (this.status.finished()) {
            return false;
        }
        settle();
        lines.stop();
        if (!faults.isEmpty() && status == RunStatus.COMPLETED) {
            status = RunStatus.FAILED;
            reason = Problems.reason(faults.get(0));
        }
        if (status == RunStatus.COMPLETED) {
            try {
                outputs.ensure(RunLayout.CANDIDATES);
            } catch (UncheckedIOException e) {
                status = RunStatus.FAILED;
                reason = Problems.reason("output could not be written: " + Problems.describe(e));
            }
        }
        for (String problem : outputs.closeAll()) {
            faults.add("closing " + problem);
            if (status != RunStatus.INTERRUPTED) {
                status = RunStatus.FAILED;
                reason = Problems.reason("output could not be written: " + problem);
            }
        }
        this.status = status;
        this.reason = reason;
        this.detail = detail;
        this.finishedAt = at;
        return true;
    }

    synchronized String reconciliationProblem() {
        settle();
        return counts.reconciliationProblem(expectedRows);
    }

    /** The manifest as of now; an output that was not closed cleanly is recorded as left on disk. */
    synchronized Manifest manifest() {
        lines.drain(); // what is listed is what was written
        List<OutputFile> written = outputs.listed(status.finished(), faults);
        return new Manifest("STAGING", id, status, reason, detail, startedAt, finishedAt, input, ruleSetUsed, counts,
                written, production, status.finished() ? packets.seal() : null, expectedRows < 0 ? null : expectedRows,
                owner, inputReturnedAs, rerunOf, producerUsed);
    }

    /** What the claim writes before the run is published: RUNNING, nothing read yet. */
    public static Manifest startingManifest(String id, Manifest.Input input, Instant startedAt, Manifest.Owner owner,
                                     String rerunOf) {
        return new Manifest("STAGING", id, RunStatus.RUNNING, null, null, startedAt, null, input,
                null, new RunCounts(), List.of(), Manifest.Production.notConfigured(), null, null, owner, null, rerunOf, null);
    }

    /**
     * One line of {@code row} into {@code path}, then what it counts, both only once it is written:
     * on the run's writer thread for a big input, else at once.
     *
     * @param weight about how many characters of the row the line carries
     */
    private void write(int row, long weight, String path, RunOutputs.Line line, Runnable count) {
        if (status.finished()) {
            // the run was ended under the route (interrupted at shutdown): nothing more is recorded
            throw new IllegalStateException("run " + id + " has ended " + status + "; nothing more is recorded");
        }
        lines.write(row, weight, () -> outputs.writeLine(path, line), count);
    }
}
