package io.khotam.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.CheckCode;
import io.khotam.FailedCheck;
import io.khotam.Stage;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.OutputFile;
import io.khotam.evidence.ProducerUsed.ReferenceFrom;
import io.khotam.evidence.RunLayout;
import io.khotam.evidence.RunStatus;
import io.khotam.store.RunCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A producer rerun over the same input and the same rule-set as its source needs no second
 * inspection: the reference is the source's (docs/contract.md "Rerun"). Its own evidence/reference.jsonl
 * when the source was a producer run (hard-linked: no bytes copied), else one line per candidate
 * built from its candidates and stage dead letters; its admission dead letters and skipped rows are
 * the source's, as this run's. So an edit-rerun-read loop costs about the producer alone.
 */
public class ReferenceReuse {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceReuse.class);
    private static final String[] STAGES = {"pen", "stamp", "gate"};

    private final Path stagingRoot;
    private final ObjectMapper mapper;
    private final Clock clock;

    public ReferenceReuse(Path stagingRoot, ObjectMapper mapper, Clock clock) {
        this.stagingRoot = stagingRoot;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Whether this run can take its reference from the run it reruns: a producer run, whose source
     * COMPLETED on the same input bytes under the same rule-set and still holds what the reference is read from.
     */
    public boolean reusable(StagingRun run) {
        if (run.rerunOf() == null || !run.isUnderTest()) {
            return false;
        }
        try {
            Manifest source = new RunCatalog(stagingRoot).find(run.rerunOf()).manifest();
            if (source == null || source.status() != RunStatus.COMPLETED || source.ruleset() == null
                    || !Objects.equals(source.ruleset().sha256(), run.rules().sha256())
                    || !Objects.equals(source.input().sha256(), run.inputSha256())) {
                return false;
            }
            Path dir = stagingRoot.resolve(run.rerunOf());
            return !source.producerOrBuiltin().builtin() ? listed(source, RunLayout.REFERENCE) != null
                    : Files.isRegularFile(dir.resolve(RunLayout.CANDIDATES));
        } catch (IOException | IllegalArgumentException e) {
            LOG.info("run {}: the reference of {} cannot be reused ({}); the rows are inspected again", run.getId(),
                    run.rerunOf(), e.getMessage());
            return false;
        }
    }

    /** Takes the source's reference, admission dead letters and skips as this run's. */
    public void reuse(StagingRun run) throws IOException {
        Manifest source = new RunCatalog(stagingRoot).find(run.rerunOf()).manifest();
        Path from = stagingRoot.resolve(run.rerunOf());
        run.scannedAll(source.counts().scanned());
        run.expectRows(source.counts().scanned());
        again(run, from);
        ReferenceFrom used;
        if (!source.producerOrBuiltin().builtin()) {
            OutputFile file = listed(source, RunLayout.REFERENCE);
            Path target = run.getDir().resolve(RunLayout.REFERENCE);
            Files.createDirectories(target.getParent());
            try {
                Files.createLink(target, from.resolve(RunLayout.REFERENCE));
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                Files.copy(from.resolve(RunLayout.REFERENCE), target, StandardCopyOption.REPLACE_EXISTING);
            }
            run.adoptReference(file);
            used = new ReferenceFrom(run.rerunOf(), ReferenceFrom.REFERENCE_FILE, file.sha256());
        } else {
            build(run, from);
            run.closeReference();
            used = new ReferenceFrom(run.rerunOf(), ReferenceFrom.CANDIDATES, null);
        }
        run.producerUsed(run.producerUsed().withReferenceFrom(used));
        LOG.info("run {}: the reference of {} is reused ({}): its {} rows are not inspected again", run.getId(),
                run.rerunOf(), used.from(), source.counts().scanned());
    }

    /** The source's admission dead letters and skipped rows, as this run's, in row order. */
    private void again(StagingRun run, Path from) throws IOException {
        try (MappingIterator<JsonNode> letters = lines(from.resolve(RunLayout.deadLetters(Stage.ADMISSION)))) {
            while (letters.hasNext()) {
                JsonNode letter = letters.next();
                List<FailedCheck> checks = new ArrayList<>();
                letter.path("checks").forEach(c -> checks.add(new FailedCheck(CheckCode.valueOf(c.path("code").asText()),
                        c.path("field").textValue(), c.path("message").textValue())));
                run.rejectedAgain(letter.path("row").asInt(), checks, letter.get("row_data"), clock.instant());
            }
        }
        try (MappingIterator<JsonNode> skips = lines(from.resolve(RunLayout.SKIPPED))) {
            while (skips.hasNext()) {
                JsonNode skip = skips.next();
                run.skippedAgain(skip.path("row").asInt(), CheckCode.valueOf(skip.path("code").asText()));
            }
        }
    }

    /** A built-in source's reference: each candidate's verdicts and row, with the checks of the stage it failed. */
    private void build(StagingRun run, Path from) throws IOException {
        try (MappingIterator<JsonNode> candidates = lines(from.resolve(RunLayout.CANDIDATES));
             MappingIterator<JsonNode> pen = lines(from.resolve(RunLayout.deadLetters(Stage.PEN)));
             MappingIterator<JsonNode> stamp = lines(from.resolve(RunLayout.deadLetters(Stage.STAMP)));
             MappingIterator<JsonNode> gate = lines(from.resolve(RunLayout.deadLetters(Stage.GATE)))) {
            List<MappingIterator<JsonNode>> letters = List.of(pen, stamp, gate);
            while (candidates.hasNext()) {
                JsonNode candidate = candidates.next();
                int row = candidate.path("row").asInt();
                ObjectNode line = mapper.createObjectNode();
                line.put("row", row);
                line.set("verdicts", candidate.get("verdicts"));
                String failed = null;
                JsonNode checks = mapper.createArrayNode();
                for (int i = 0; i < 3; i++) {
                    if ("FAILED".equals(candidate.path("verdicts").path(STAGES[i]).asText()) && letters.get(i).hasNext()) {
                        failed = STAGES[i];
                        checks = letters.get(i).next().get("checks"); // dead letters are in row order, one per FAILED verdict
                    }
                }
                line.put("stage", failed);
                line.set("checks", checks);
                line.set("row_data", candidate.get("row_data"));
                run.referenceLine(row, line);
            }
        }
    }

    private MappingIterator<JsonNode> lines(Path file) throws IOException {
        return Files.isRegularFile(file) ? mapper.readerFor(JsonNode.class).readValues(file.toFile())
                : MappingIterator.emptyIterator();
    }

    private static OutputFile listed(Manifest m, String path) {
        return m.outputs() == null ? null : m.outputs().stream().filter(o -> path.equals(o.path()) && !Boolean.TRUE.equals(o.partial()))
                .findFirst().orElse(null);
    }
}
