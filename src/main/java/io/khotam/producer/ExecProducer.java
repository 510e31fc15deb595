package io.khotam.producer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.khotam.FileTrees;
import io.khotam.Problems;
import io.khotam.evidence.RunLayout;
import io.khotam.nodes.FencedOutputStream;
import io.khotam.nodes.RunFence;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an exec producer (docs/contract.md "Producer under test"): the rows go to its stdin as JSON
 * lines {@code {"row_no":N,"row":{…}}}, it answers one line per row on stdout
 * {@code {"row_no":N,"inspect_pen":…,"inspect_stamp":…,"inspect_gate":…}} plus any other column it
 * claims to set. Its stdin, stdout and stderr are files of the run (evidence/producer-*.jsonl,
 * evidence/producer.log). Nothing is guessed: a bad answer fails the run with the line that was bad.
 */
public class ExecProducer extends ServiceSupport {

    private static final Set<String> COLUMNS = Set.copyOf(RegistryColumns.OTHERS);
    private static final Set<String> INSTANT_COLUMNS = Set.of("born_at", "certified_at");

    private static final Logger LOG = LoggerFactory.getLogger(ExecProducer.class);

    private final ObjectMapper mapper;
    private final Supplier<ExecSandbox> sandboxes;
    private final WorkspaceBound bound;
    private final Path scratchRoot;
    /** The producers running now, by run id: stopped with their run, on a lost lease, and at kho-tam's exit. */
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    /**
     * @param sandboxes the sandbox, resolved when first needed (khotam.producer.sandbox)
     * @param scratchRoot where each run's producer gets a scratch folder of its own, removed at its end
     */
    public ExecProducer(ObjectMapper mapper, Supplier<ExecSandbox> sandboxes, WorkspaceBound bound, Path scratchRoot) {
        // without Jackson's flush after each tree: the producer's input is written a buffer at a time, not a row
        this.mapper = mapper.copy().disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
        this.sandboxes = sandboxes;
        this.bound = bound;
        this.scratchRoot = scratchRoot;
    }

    // at kho-tam's exit, however it exits: SIGTERM's graceful stop (doStop), or the JVM going down around it
    private final Thread atExit = new Thread(this::stopAll, "khotam-producers-stop");

    @Override
    protected void doStart() {
        Runtime.getRuntime().addShutdownHook(atExit);
    }

    @Override
    protected void doStop() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(atExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to
        }
    }

    /** The sandbox exec producers run in (bwrap, user, none), or null when none can run here. */
    public String sandboxLabel() {
        try {
            return sandboxes.get().mode().label();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A producer running now: its process, and the user id it alone runs as (0 when it has none of its own). */
    private record Running(Process process, int uid) {}

    public Produced run(ProducerJob job) throws ProducerFailedException {
        ExecSandbox sandbox;
        try {
            sandbox = sandboxes.get();
        } catch (IllegalArgumentException e) {
            throw new ProducerFailedException(e.getMessage());
        }
        String closed = sandbox.unreadable(job.spec().source());
        if (closed != null) {
            throw new ProducerFailedException(closed);
        }
        Path input = job.runDir().resolve(RunLayout.PRODUCER_INPUT);
        Path output = job.runDir().resolve(RunLayout.PRODUCER_OUTPUT);
        Path log = job.runDir().resolve(RunLayout.PRODUCER_LOG);
        long loadStarted = System.nanoTime();
        BitSet given = writeInput(job.referenceFile(), input, job.fence());
        long loadMillis = (System.nanoTime() - loadStarted) / 1_000_000;
        int uid = sandbox.ownUser() ? ExecSandbox.freshUid() : 0;
        Path scratch = scratch(job.runId(), uid);
        // its input is a file kho-tam opened, its output and log flow through kho-tam (StreamCopy): it is
        // handed no path of the run's
        ProcessBuilder builder = sandbox.builder(job.spec().source(), scratch, uid, bound.maxBytes())
                .redirectInput(input.toFile());
        Instant from = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            removeScratch(scratch);
            throw new ProducerFailedException("the producer could not be started: " + Problems.describe(e));
        }
        running.put(job.runId(), new Running(process, uid));
        StreamCopy out = new StreamCopy("khotam-producer-out-" + job.runId(), process.getInputStream(), output, job.fence(),
                bound.maxBytes(), () -> stop(job.runId()));
        StreamCopy err = new StreamCopy("khotam-producer-err-" + job.runId(), process.getErrorStream(), log, job.fence(),
                bound.maxBytes(), () -> stop(job.runId()));
        out.start();
        err.start();
        boolean timedOut;
        try {
            timedOut = !process.waitFor(job.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(job.runId());
            throw new ProducerFailedException("stopped while the producer ran");
        } finally {
            // whatever it left running (a daemon, a child) ends now, before its answers are read
            stop(job.runId());
            removeScratch(scratch);
        }
        try {
            out.finish();
            err.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProducerFailedException("stopped while the producer's output was kept");
        }
        if (out.failure() != null || err.failure() != null) {
            throw new ProducerFailedException("the producer's output could not be kept: "
                    + (out.failure() != null ? out.failure() : err.failure()));
        }
        if (out.pastBound() || err.pastBound()) {
            throw new ProducerFailedException("the producer wrote more than its bound of " + bound.text()
                    + " (khotam.producer.max-workspace) to its " + (out.pastBound() ? "output" : "log") + " and was stopped");
        }
        if (timedOut) {
            throw new ProducerFailedException("the producer ran past its timeout of " + job.timeout().toSeconds()
                    + " s (--producer-timeout) and was stopped");
        }
        long producerMillis = (System.nanoTime() - started) / 1_000_000;
        Instant to = Instant.now().truncatedTo(ChronoUnit.MICROS).plus(1, ChronoUnit.MICROS);
        if (process.exitValue() != 0) {
            throw new ProducerFailedException(exitReason(process.exitValue()) + "; its stderr is in " + RunLayout.PRODUCER_LOG);
        }
        boolean inRowOrder = checkAnswers(output, given);
        return produced(job.referenceFile(), answers(output, inRowOrder), from, to, loadMillis, producerMillis);
    }

    /** Why a producer ended with this status: 128 + SIGXFSZ is a file past the workspace bound. */
    private String exitReason(int status) {
        if (status == 128 + 25 || status == 25) {
            return "the producer wrote a file past its bound of " + bound.text() + " (khotam.producer.max-workspace) and was stopped";
        }
        return "the producer exited with status " + status;
    }

    /**
     * Stops a run's producer and everything it started, now: its sandbox (bwrap's namespaces end
     * with it), every process of its own user id, its process group.
     */
    public void stop(String runId) {
        Running producer = running.remove(runId);
        if (producer == null) {
            return;
        }
        Process process = producer.process();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        // setsid made it the leader of a group of its own, which outlives it while a member is left
        signalGroup(process.pid());
        process.destroyForcibly();
        if (producer.uid() != 0) {
            killUser(producer.uid());
        }
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("the producer of run {} (pid {}) did not end within 10 s of SIGKILL", runId, process.pid());
        }
    }

    /** Every producer still running, stopped: at kho-tam's exit. */
    public void stopAll() {
        running.keySet().forEach(this::stop);
    }

    private static void signalGroup(long pgid) {
        try {
            new ProcessBuilder("/bin/kill", "-KILL", "--", "-" + pgid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.debug("kill of process group {}: {}", pgid, Problems.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills every process running as this (the producer's own) user id, until none is left. */
    private static void killUser(int uid) {
        for (int round = 0; round < 50; round++) {
            List<ProcessHandle> left = ProcessHandle.allProcesses().filter(p -> uidOf(p.pid()) == uid).toList();
            if (left.isEmpty()) {
                return;
            }
            left.forEach(ProcessHandle::destroyForcibly);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.warn("processes of the producer's user id {} are still running after 50 rounds of SIGKILL", uid);
    }

    private static int uidOf(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone meanwhile
        }
        return -1;
    }

    /** A fresh, empty folder for one run's producer, its HOME: owned by its user id when it has one, closed to all others. */
    private Path scratch(String runId, int uid) throws ProducerFailedException {
        Path scratch = scratchRoot.resolve(runId);
        try {
            Files.createDirectories(scratchRoot);
            FileTrees.remove(scratch); // a scratch a killed kho-tam left behind
            Files.createDirectory(scratch, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (uid != 0) {
                Files.setAttribute(scratch, "unix:uid", uid);
                Files.setAttribute(scratch, "unix:gid", uid);
            }
            return scratch;
        } catch (IOException e) {
            throw new ProducerFailedException("the producer's scratch folder " + scratch + " could not be made: " + Problems.describe(e));
        }
    }

    private static void removeScratch(Path scratch) {
        try {
            FileTrees.remove(scratch);
            if (Files.exists(scratch, LinkOption.NOFOLLOW_LINKS)) {
                LOG.warn("the producer's scratch folder {} could not be removed whole", scratch);
            }
        } catch (IOException e) {
            LOG.warn("the producer's scratch folder {} could not be removed: {}", scratch, Problems.describe(e));
        }
    }

    private BitSet writeInput(Path reference, Path input, RunFence fence) throws ProducerFailedException {
        BitSet given = new BitSet();
        try (MappingIterator<JsonNode> lines = ReferenceRow.lines(mapper, reference);
             JsonGenerator out = mapper.getFactory().createGenerator(new BufferedWriter(new OutputStreamWriter(
                     new FencedOutputStream(Files.newOutputStream(input), fence), StandardCharsets.UTF_8), 1 << 16))) {
            out.setRootValueSeparator(null);
            while (lines.hasNext()) {
                ReferenceRow row = ReferenceRow.of(lines.next());
                given.set(row.row());
                out.writeStartObject();
                out.writeNumberField("row_no", row.row());
                out.writeFieldName("row");
                mapper.writeTree(out, row.rowData());
                out.writeEndObject();
                out.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new ProducerFailedException("the producer's input could not be written: " + Problems.describe(e));
        }
        return given;
    }

    /**
     * Checks every answer, holding none: one per given row, JSON, stamps ISO-8601 or null, columns of
     * the registry only.
     *
     * @return whether the answers came in row order (then they are read again as a stream)
     */
    private boolean checkAnswers(Path output, BitSet given) throws ProducerFailedException {
        BitSet answered = new BitSet();
        boolean inRowOrder = true;
        int last = -1;
        try (BufferedReader in = Files.newBufferedReader(output, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String where = RunLayout.PRODUCER_OUTPUT + " line " + lineNo + ": ";
                JsonNode answer;
                try {
                    answer = mapper.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new ProducerFailedException(where + "not JSON (" + e.getOriginalMessage() + ")");
                }
                if (answer == null || !answer.isObject()) {
                    throw new ProducerFailedException(where + "not a JSON object");
                }
                JsonNode rowNo = answer.get("row_no");
                if (rowNo == null || !rowNo.canConvertToInt() || !rowNo.isIntegralNumber()) {
                    throw new ProducerFailedException(where + "no row_no, or not a whole number");
                }
                int row = rowNo.intValue();
                if (row < 0 || !given.get(row)) {
                    throw new ProducerFailedException(where + "row_no " + row + " was not given to the producer");
                }
                if (answered.get(row)) {
                    throw new ProducerFailedException(where + "row_no " + row + " is answered twice");
                }
                answered.set(row);
                inRowOrder &= row > last;
                last = row;
                for (String stamp : RegistryColumns.STAMPS) {
                    JsonNode value = answer.get(stamp);
                    if (value == null) {
                        throw new ProducerFailedException(where + stamp + " is missing (null says it is unset)");
                    }
                    if (!value.isNull() && ReferenceRow.instant(value) == null) {
                        throw new ProducerFailedException(where + stamp + " is neither null nor an ISO-8601 instant with offset");
                    }
                }
                Iterator<String> names = answer.fieldNames();
                while (names.hasNext()) {
                    String name = names.next();
                    if (!name.equals("row_no") && !RegistryColumns.STAMPS.contains(name) && !COLUMNS.contains(name)) {
                        throw new ProducerFailedException(where + "\"" + name + "\" is not a column of birth_registry");
                    }
                }
            }
        } catch (IOException e) {
            throw new ProducerFailedException("the producer's output could not be read: " + Problems.describe(e));
        }
        if (answered.cardinality() != given.cardinality()) {
            BitSet missing = (BitSet) given.clone();
            missing.andNot(answered);
            throw new ProducerFailedException("the producer answered " + answered.cardinality() + " of " + given.cardinality()
                    + " rows; no answer for row_no " + missing.nextSetBit(0)
                    + (missing.cardinality() > 1 ? " and " + (missing.cardinality() - 1) + " more" : ""));
        }
        return inRowOrder;
    }

    /** The checked answers, by row: streamed when they came in row order, else held in memory (a map by row_no). */
    private interface Answers extends AutoCloseable {
        JsonNode of(int row);

        @Override
        void close() throws IOException;
    }

    private Answers answers(Path output, boolean inRowOrder) throws ProducerFailedException {
        try {
            MappingIterator<JsonNode> lines = mapper.readerFor(JsonNode.class).readValues(output.toFile());
            if (inRowOrder) {
                return new Answers() {
                    @Override public JsonNode of(int row) {
                        return lines.next(); // one per given row, in row order: checked above
                    }

                    @Override public void close() throws IOException {
                        lines.close();
                    }
                };
            }
            Map<Integer, JsonNode> byRow = new HashMap<>();
            try (lines) {
                lines.forEachRemaining(answer -> byRow.put(answer.get("row_no").intValue(), answer));
            }
            return new Answers() {
                @Override public JsonNode of(int row) {
                    return byRow.get(row);
                }

                @Override public void close() {
                }
            };
        } catch (IOException e) {
            throw new ProducerFailedException("the producer's output could not be read again: " + Problems.describe(e));
        }
    }

    private Produced produced(Path reference, Answers answers, Instant from, Instant to, long loadMillis,
                              long producerMillis) throws ProducerFailedException {
        MappingIterator<JsonNode> lines;
        try {
            lines = ReferenceRow.lines(mapper, reference);
        } catch (IOException e) {
            throw new ProducerFailedException("the reference could not be read again: " + Problems.describe(e));
        }
        return new Produced() {
            @Override public boolean hasNext() { return lines.hasNext(); }

            @Override public ProducedRow next() {
                ReferenceRow row = ReferenceRow.of(lines.next());
                JsonNode answer = answers.of(row.row());
                Instant[] after = new Instant[3];
                for (int i = 0; i < 3; i++) {
                    JsonNode value = answer.get(RegistryColumns.STAMPS.get(i));
                    after[i] = value.isNull() ? null : ReferenceRow.instant(value);
                }
                Map<String, JsonNode[]> changes = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> fields = answer.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    String column = field.getKey();
                    if (!COLUMNS.contains(column)) {
                        continue;
                    }
                    JsonNode was = given(row, column);
                    if (!same(column, was, field.getValue())) {
                        changes.put(column, new JsonNode[] {was, field.getValue()});
                    }
                }
                return new ProducedRow(row.row(), row.receivedStamps(), after, changes);
            }

            @Override public Instant from() { return from; }
            @Override public Instant to() { return to; }
            @Override public long loadMillis() { return loadMillis; }
            @Override public long producerMillis() { return producerMillis; }
            @Override public void close() throws IOException {
                try (answers) {
                    lines.close();
                }
            }
        };
    }

    private static JsonNode given(ReferenceRow row, String column) {
        JsonNode value = row.rowData().get(column);
        if (value == null || value.isNull()) {
            return column.equals("certified") ? BooleanNode.FALSE : NullNode.instance;
        }
        return value;
    }

    private static boolean same(String column, JsonNode was, JsonNode now) {
        if (INSTANT_COLUMNS.contains(column) && was.isTextual() && now.isTextual()) {
            Instant a = ReferenceRow.instant(was);
            Instant b = ReferenceRow.instant(now);
            return a != null && a.equals(b);
        }
        return was.equals(now);
    }

}
