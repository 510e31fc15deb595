package io.khotam.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.CheckCode;
import io.khotam.FailedCheck;
import io.khotam.Problems;
import io.khotam.Sha256;
import io.khotam.Stage;
import io.khotam.evidence.OutputFile;
import io.khotam.evidence.OutputLines;
import io.khotam.evidence.ProducerUsed;
import io.khotam.evidence.RunLayout;
import io.khotam.inspection.Row.Verdict;
import io.khotam.inspection.StampText;
import io.khotam.producer.ExecProducer;
import io.khotam.producer.Judge;
import io.khotam.producer.Produced;
import io.khotam.producer.ProducedRow;
import io.khotam.producer.ProducerFailedException;
import io.khotam.producer.ProducerJob;
import io.khotam.producer.ProducerSpec;
import io.khotam.producer.ReferenceRow;
import io.khotam.producer.SqlProducer;
import io.khotam.producer.WorkspaceLoad;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A producer run's second half (routes/run.camel.yaml, after the split): the producer under test
 * runs on the rows the reference admitted, and each row it left is judged against the contract and
 * the reference, written as the run's candidate (the producer's stamps), its dead letter for a
 * stage the producer left unset, and its line in dead-letter/producer.jsonl when the judge found a
 * code. The workspace schema is ended (dropped, or kept) whatever happened.
 */
public class ProducerStep implements ProducerRuns {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerStep.class);

    private final ExecProducer exec;
    private final SqlProducer sql;
    private final Duration timeout;
    private final ObjectMapper mapper;
    private final Clock clock;

    public ProducerStep(ExecProducer exec, SqlProducer sql, Duration timeout, ObjectMapper mapper, Clock clock) {
        this.exec = exec;
        this.sql = sql;
        this.timeout = timeout;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Where exec producers run (bwrap, user, none), or null when none can run here. */
    public String sandboxLabel() {
        return exec.sandboxLabel();
    }

    @Override
    public ProducerUsed planned(StagingRun run, ProducerSpec spec) {
        if (spec.builtin()) {
            return ProducerUsed.BUILTIN;
        }
        return new ProducerUsed(spec.kind().label(), spec.source(), spec.sha256(),
                spec.kind() == ProducerSpec.Kind.EXEC ? exec.sandboxLabel() : null, null, null, null, null, null, null, null,
                spec.kind() == ProducerSpec.Kind.SQL ? sql.planned(run.getId()) : null, null, null, null);
    }

    /**
     * A producer run's beginning (step open-workspace): a SQL producer's schema and table are made,
     * and its load takes each row as the reference records it.
     */
    public void begin(StagingRun run) throws SQLException {
        if (run.producer().kind() == ProducerSpec.Kind.SQL) {
            run.loadInto(sql.open(run.getId()));
        }
    }

    /**
     * A run that ends before its producer ran (a fault, a rejection, a shutdown): its load is stopped
     * and its schema ended, so that nothing of it stays in the workspace.
     */
    @Override
    public void abandon(StagingRun run) {
        WorkspaceLoad load = run.takeLoad();
        if (load != WorkspaceLoad.NONE) {
            stop(run, load);
            endWorkspace(run);
        }
    }

    /** A load still going holds its table: stopped before the schema is dropped, which would wait on it for ever. */
    private static void stop(StagingRun run, WorkspaceLoad load) {
        try {
            load.abandon();
        } catch (SQLException e) {
            LOG.debug("run {}: closing its workspace load: {}", run.getId(), Problems.describe(e));
        }
    }

    public void run(StagingRun run) throws Exception {
        ProducerSpec spec = run.producer();
        Path reference = run.closeReference();
        WorkspaceLoad load = run.takeLoad();
        ProducerJob job = new ProducerJob(run.getId(), run.getDir(), reference, spec, timeout, run.fence());
        ProducerUsed used = run.producerUsed();
        ProducerUsed.WorkspaceUsed workspace = used.workspace();
        long stepStarted = System.nanoTime();
        try {
            Produced produced;
            String sha256 = spec.sha256();
            if (spec.kind() == ProducerSpec.Kind.SQL) {
                byte[] script = ProducerSpec.read(Path.of(spec.source()));
                sha256 = Sha256.hex(script);
                produced = sql.run(job, script, load, run.referenceAdopted());
            } else {
                produced = exec.run(job);
            }
            Tally tally = new Tally();
            try (produced) {
                judgeAll(run, reference, produced, tally);
            }
            // the judge's part is all the rest of the step: reading the rows back (a SQL producer's join and sort, a
            // program's answers checked) wherever each kind does it, and judging them; so the three parts add up
            long stepMillis = (System.nanoTime() - stepStarted) / 1_000_000;
            Map<String, Long> millis = new TreeMap<>(Map.of("load", produced.loadMillis(), "producer", produced.producerMillis(),
                    "judge", Math.max(0, stepMillis - produced.loadMillis() - produced.producerMillis())));
            used = new ProducerUsed(used.kind(), used.source(), sha256, used.sandbox(), Judge.verdict(tally.codes), tally.codes, tally.given,
                    tally.judged, produced.from(), produced.to(), tally.agreement(), workspace, millis,
                    produced.warnings().isEmpty() ? null : produced.warnings(), used.referenceFrom());
            run.producerUsed(used);
            LOG.info("run {}: producer {} {}: {} rows given, {} judged {}", run.getId(), spec.source(), used.verdict(),
                    tally.given, tally.judged, tally.codes);
        } finally {
            listProducerFiles(run);
            stop(run, load); // the script may never have been read, and the load never finished
            endWorkspace(run);
        }
    }

    /** The run's schema dropped (or kept) and said so in its manifest, while the run is still this node's. */
    private void endWorkspace(StagingRun run) {
        ProducerUsed.WorkspaceUsed workspace = run.producerUsed().workspace();
        if (workspace != null && run.stillHeld()) {
            run.producerUsed(run.producerUsed().withWorkspace(workspace.in(endSchema(run))));
        } else if (workspace != null) {
            LOG.warn("run {}: this node lost its lease; its workspace schema {} is left to the node that took the run over",
                    run.getId(), workspace.schema());
        }
    }

    private String endSchema(StagingRun run) {
        try {
            return sql.end(run.getId());
        } catch (Exception e) {
            LOG.error("run {}: its workspace schema {} could not be ended ({}); `kho-tam delete {}` drops it", run.getId(),
                    SqlProducer.schemaOf(run.getId()), Problems.describe(e), run.getId());
            return ProducerUsed.WorkspaceUsed.LEFT;
        }
    }

    private static void listProducerFiles(StagingRun run) {
        for (String path : List.of(RunLayout.PRODUCER_INPUT, RunLayout.PRODUCER_OUTPUT, RunLayout.PRODUCER_LOG)) {
            if (Files.exists(run.getDir().resolve(path))) {
                try {
                    run.written(OutputFile.onDisk(run.getDir(), path));
                } catch (IOException e) {
                    run.fault("hashing " + path + ": " + Problems.describe(e));
                }
            }
        }
    }

    private static final class Tally {
        static final int STAMPED = 0;
        static final int UNSET = 1;
        static final int KEPT = 2;
        private static final String[] DID = {"stamped", "unset", "kept"};
        final Map<String, Long> codes = new TreeMap<>();
        // [stage][reference verdict][what the producer did], counted per row and named once at the end
        private final long[][][] agreed = new long[3][Verdict.values().length][DID.length];
        long given;
        long judged;

        /** @param did {@link #STAMPED}, {@link #UNSET} or {@link #KEPT} (as given) */
        void agree(int stage, Verdict reference, int did) {
            agreed[stage][reference.ordinal()][did]++;
        }

        /** {stage: {reference verdict: {stamped | unset | kept: rows}}}, only what was seen. */
        Map<String, Map<String, Map<String, Long>>> agreement() {
            Map<String, Map<String, Map<String, Long>>> agreement = new TreeMap<>();
            for (int stage = 0; stage < 3; stage++) {
                for (Verdict reference : Verdict.values()) {
                    for (int did = 0; did < DID.length; did++) {
                        long rows = agreed[stage][reference.ordinal()][did];
                        if (rows > 0) {
                            agreement.computeIfAbsent(Stage.INSPECTORS.get(stage).fileName(), s -> new TreeMap<>())
                                    .computeIfAbsent(reference.name().toLowerCase(Locale.ROOT), r -> new TreeMap<>())
                                    .put(DID[did], rows);
                        }
                    }
                }
            }
            return agreement;
        }
    }

    private void judgeAll(StagingRun run, Path reference, Produced produced, Tally tally)
            throws IOException, ProducerFailedException {
        try (var lines = ReferenceRow.lines(mapper, reference)) {
            Iterator<ReferenceRow> given = ReferenceRow.rows(lines);
            ReferenceRow ref = given.hasNext() ? given.next() : null;
            ProducedRow row = produced.hasNext() ? produced.next() : null;
            while (ref != null || row != null) {
                if (row != null && (ref == null || row.rowNo() < ref.row())) {
                    added(run, row, tally);
                    row = produced.hasNext() ? produced.next() : null;
                } else if (row != null && row.rowNo() == ref.row()) {
                    judge(run, ref, row, produced, tally);
                    ref = given.hasNext() ? given.next() : null;
                    row = produced.hasNext() ? produced.next() : null;
                } else {
                    throw new ProducerFailedException("row " + ref.row() + " was given to the producer and is not in what it left");
                }
            }
        }
    }

    private void judge(StagingRun run, ReferenceRow ref, ProducedRow row, Produced produced, Tally tally) throws IOException {
        tally.given++;
        Judge.Judgement j = Judge.judge(ref.verdicts(), row, produced.from(), produced.to());
        String[] stamps = new String[3];
        for (int i = 0; i < 3; i++) {
            if (j.stamps()[i] == null) {
                stamps[i] = null;
            } else if (j.setByProducer()[i]) {
                stamps[i] = StampText.of(j.stamps()[i]);
            } else {
                stamps[i] = ref.receivedStampText(i); // as received, to the letter
            }
            tally.agree(i, ref.verdicts()[i], j.setByProducer()[i] ? Tally.STAMPED : j.stamps()[i] == null ? Tally.UNSET : Tally.KEPT);
        }
        run.producedCandidate(ref.row(), ref.entityCode(), ref.rowData(), stamps, j.verdicts());
        for (int i = 0; i < 3; i++) {
            if (j.verdicts()[i] == Verdict.FAILED) {
                Stage stage = Stage.INSPECTORS.get(i);
                run.producedDeadLetter(stage, ref.row(), deadLetterChecks(ref, stage, i), ref.rowData(), clock.instant());
            }
        }
        if (!j.codes().isEmpty()) {
            tally.judged++;
            ObjectNode line = line(run, row.rowNo(), ref.entityCode(), j.codes());
            if (ref.probe() != null) {
                line.put("probe", ref.probe());
            }
            ArrayNode why = line.putArray("why");
            List<String> referenceCodes = new ArrayList<>();
            ref.checks().forEach(c -> referenceCodes.add(c.get("code").textValue()));
            j.why().forEach(reason -> why.add(reason.startsWith("FALSE_PASS") && !referenceCodes.isEmpty()
                    && reason.contains("fails on this row") ? reason + " (" + String.join(", ", referenceCodes) + ")" : reason));
            line.set("before", evidence(row.before(), row, 0));
            line.set("after", row.removed() ? null : evidence(row.after(), row, 1));
            ObjectNode reference = line.putObject("reference");
            reference.set("verdicts", verdicts(ref.verdicts()));
            reference.put("stage", ref.failedStage() == null ? null : ref.failedStage().fileName());
            ArrayNode codes = reference.putArray("codes");
            ref.checks().forEach(c -> codes.add(c.get("code").textValue()));
            line.set("producer_verdicts", verdicts(j.verdicts()));
            run.judged((int) row.rowNo(), line);
            j.codes().forEach(code -> tally.codes.merge(code.name(), 1L, Long::sum));
        }
    }

    private void added(StagingRun run, ProducedRow row, Tally tally) {
        tally.judged++;
        ObjectNode line = line(run, row.rowNo(), null, EnumSet.of(Judge.Code.FORBIDDEN_WRITE));
        line.putArray("why").add("FORBIDDEN_WRITE: it added row " + row.rowNo() + ", which it was not given");
        line.putNull("before");
        line.set("after", evidence(row.after(), row, 1));
        line.putNull("reference");
        line.putNull("producer_verdicts");
        run.judged((int) row.rowNo(), line);
        tally.codes.merge(Judge.Code.FORBIDDEN_WRITE.name(), 1L, Long::sum);
    }

    private ObjectNode line(StagingRun run, long row, String entityCode, Set<Judge.Code> found) {
        ObjectNode line = mapper.createObjectNode();
        line.put("marker", OutputLines.MARKER);
        line.put("run_id", run.getId());
        line.put("stage", "producer");
        line.put("row", row);
        line.put("entity_code", entityCode);
        ArrayNode codes = line.putArray("codes");
        found.forEach(code -> codes.add(code.name()));
        line.put("at", clock.instant().toString());
        return line;
    }

    /** The stamps and every other column the producer changed, as before (side 0) or after (side 1). */
    private ObjectNode evidence(Instant[] stamps, ProducedRow row, int side) {
        ObjectNode values = mapper.createObjectNode();
        for (int i = 0; i < 3; i++) {
            values.put(ReferenceRow.stampColumn(i), stamps == null || stamps[i] == null ? null : stamps[i].toString());
        }
        row.otherChanges().forEach((column, change) -> values.set(column, change[side]));
        return values;
    }

    private ObjectNode verdicts(Verdict[] verdicts) {
        ObjectNode node = mapper.createObjectNode();
        for (int i = 0; i < 3; i++) {
            node.put(Stage.INSPECTORS.get(i).fileName(), verdicts[i].name());
        }
        return node;
    }

    /** The reference's own checks where it failed the row at this stage too; else NOT_STAMPED, saying what the reference found. */
    private static List<FailedCheck> deadLetterChecks(ReferenceRow ref, Stage stage, int i) {
        List<FailedCheck> checks = new ArrayList<>();
        if (ref.failedStage() == stage) {
            for (JsonNode check : ref.checks()) {
                checks.add(new FailedCheck(CheckCode.valueOf(check.get("code").textValue()), check.get("field").textValue(),
                        check.get("message").textValue()));
            }
            return checks;
        }
        String column = ReferenceRow.stampColumn(i);
        checks.add(FailedCheck.of(CheckCode.NOT_STAMPED, column, "the producer under test left " + column
                + " unset; the reference's verdict is " + ref.verdicts()[i]));
        return checks;
    }
}
