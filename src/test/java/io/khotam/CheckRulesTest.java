package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.check.RunChecker;
import io.khotam.cli.ExitCode;
import io.khotam.cli.KhotamCli;
import io.khotam.evidence.CandidatePacket;
import io.khotam.store.RunCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verdict-only checker on a real run, then on forgeries that keep every file hash consistent
 * (the test recomputes the manifest's outputs and packets, so `verify` passes): each is caught by
 * the rule it breaks.
 */
class CheckRulesTest extends StagingRouteTestSupport {

    private RunDir run;

    @BeforeEach
    void aRunWithEveryKindOfRow() {
        Map<String, Object> stamped = Rows.valid("FLORA-000002");
        stamped.put("inspect_pen", "2026-06-01T00:00:00Z");
        run = dropAndAwait("mixed.jsonl", jsonl(Rows.valid(), stamped, Rows.with("species_code", "AVES-PASSER"),
                Rows.with("owner", "x"), Rows.with("certified", true), Rows.with("status", "archived")));
        assertThat(run.status()).isEqualTo("COMPLETED");
    }

    private Set<RunChecker.Rule> broken() throws Exception {
        Set<RunChecker.Rule> rules = new TreeSet<>();
        RunChecker.Summary summary = RunChecker.check(new RunCatalog(staging()).find(run.id()), v -> rules.add(v.rule()));
        assertThat(summary.conforms()).isEqualTo(rules.isEmpty());
        return rules;
    }

    private int cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        return KhotamCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true),
                all.toArray(String[]::new));
    }

    /** Rewrites the candidates, then makes the manifest agree with them, as a careful forger would. */
    private void forge(Consumer<List<ObjectNode>> change, boolean rehash) throws Exception {
        Path file = run.dir.resolve("candidates/candidates.jsonl");
        List<ObjectNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            lines.add((ObjectNode) JSON.readTree(line));
        }
        change.accept(lines);
        StringBuilder text = new StringBuilder();
        StringBuilder chain = new StringBuilder();
        for (ObjectNode line : lines) {
            if (rehash) {
                line.remove(CandidatePacket.HASH);
                line.put(CandidatePacket.HASH, CandidatePacket.hash(line));
            }
            text.append(JSON.writeValueAsString(line)).append('\n');
            chain.append(line.path(CandidatePacket.HASH).asText()).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        Files.write(file, bytes);
        ObjectNode manifest = (ObjectNode) run.manifest();
        for (JsonNode output : (ArrayNode) manifest.path("outputs")) {
            if (output.path("path").asText().equals("candidates/candidates.jsonl")) {
                ((ObjectNode) output).put("sha256", Sha256.hex(bytes)).put("bytes", bytes.length);
            }
        }
        ((ObjectNode) manifest.path("packets")).put("count", lines.size())
                .put("sha256", Sha256.hex(chain.toString().getBytes(StandardCharsets.US_ASCII)));
        JSON.writerWithDefaultPrettyPrinter().writeValue(run.dir.resolve("evidence/manifest.json").toFile(), manifest);
        assertThat(cli("verify", run.id())).as("the forgery keeps every file hash consistent").isZero();
    }

    private static ObjectNode row(List<ObjectNode> lines, int row) {
        return lines.stream().filter(l -> l.path("row").asInt() == row).findFirst().orElseThrow();
    }

    @Test
    void aFreshRunConforms() throws Exception {
        assertThat(broken()).isEmpty();
        assertThat(cli("check", run.id())).isZero();
        assertThat(cli("check", run.id(), "--json")).isZero();
    }

    @Test
    void aGateStampAddedToARowThatFailedGateIsNotItsOwnColumn() throws Exception {
        forge(lines -> row(lines, 3).put("inspect_gate", Instant.now().toString()), true);
        assertThat(broken()).contains(RunChecker.Rule.OWN_COLUMN);
        assertThat(cli("check", run.id())).isEqualTo(ExitCode.CHECK_VIOLATED);
    }

    @Test
    void anAlreadyStampedColumnAltered() throws Exception {
        forge(lines -> row(lines, 2).put("inspect_pen", "2026-06-01T00:00:01Z"), true);
        assertThat(broken()).containsExactly(RunChecker.Rule.OWN_COLUMN);
    }

    @Test
    void aRowDataValueChangedIsCaughtByTheInputBindingAlone() throws Exception {
        forge(lines -> ((ObjectNode) row(lines, 1).path("row_data")).put("name", "Forged"), true);
        assertThat(broken()).containsExactly(RunChecker.Rule.INPUT_BINDING);
    }

    @Test
    void twoStampsOfOneRowMadeEqual() throws Exception {
        forge(lines -> row(lines, 1).put("inspect_stamp", row(lines, 1).path("inspect_pen").asText()), true);
        assertThat(broken()).containsExactly(RunChecker.Rule.GENUINE);
    }

    @Test
    void aStampOutsideTheRun() throws Exception {
        forge(lines -> row(lines, 1).put("inspect_gate", "2099-01-01T00:00:00.000000Z"), true);
        assertThat(broken()).containsExactly(RunChecker.Rule.GENUINE);
    }

    @Test
    void aCandidateLineDropped() throws Exception {
        forge(lines -> lines.remove(0), true);
        assertThat(broken()).containsExactly(RunChecker.Rule.PARTITION);
    }

    @Test
    void aCandidateThatIsAlsoAnAdmissionDeadLetter() throws Exception {
        forge(lines -> {
            ObjectNode copy = row(lines, 1).deepCopy();
            copy.put("row", 4).put("candidate_id", run.id() + "/4");
            lines.add(3, copy);
        }, true);
        assertThat(broken()).contains(RunChecker.Rule.PARTITION);
    }

    @Test
    void aPacketHashNotRecomputed() throws Exception {
        forge(lines -> row(lines, 1).put("entity_code", "FLORA-999999"), false);
        assertThat(broken()).containsExactly(RunChecker.Rule.PACKET_HASH, RunChecker.Rule.INPUT_BINDING);
        forge(lines -> row(lines, 1).put("entity_code", "FLORA-000001").put("packet_hash", "0".repeat(64)), false);
        assertThat(broken()).as("the hash alone forged").containsExactly(RunChecker.Rule.PACKET_HASH);
    }

    @Test
    void aForeignCandidateId() throws Exception {
        forge(lines -> row(lines, 1).put("candidate_id", run.id() + "/9"), true);
        assertThat(broken()).containsExactly(RunChecker.Rule.CANDIDATE_ID);
    }

    @Test
    void aLaterStampWithoutTheEarlierOne() throws Exception {
        forge(lines -> row(lines, 1).putNull("inspect_pen"), true);
        assertThat(broken()).contains(RunChecker.Rule.ORDER);
    }

    @Test
    void aVerdictAfterAFailedStage() throws Exception {
        forge(lines -> ((ObjectNode) row(lines, 3).path("verdicts")).put("gate", "PASSED").put("stamp", "FAILED"), true);
        assertThat(broken()).contains(RunChecker.Rule.VERDICT_CHAIN);
    }

    @Test
    void theManifestsPacketsAltered() throws Exception {
        ObjectNode manifest = (ObjectNode) run.manifest();
        ((ObjectNode) manifest.path("packets")).put("count", 99);
        JSON.writeValue(run.dir.resolve("evidence/manifest.json").toFile(), manifest);
        assertThat(broken()).containsExactly(RunChecker.Rule.PACKETS);
    }

    @Test
    void aRunningOrUnknownRunIsAUsageError() {
        assertThat(cli("check", "20991231-235959-00000000")).isEqualTo(ExitCode.USAGE);
    }
}
