package io.khotam.producer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.khotam.StagingRouteTestSupport;
import io.khotam.store.RunCatalog;
import io.khotam.store.RunVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Exec producers under test through the real routes: a real program on the other end of the JSON
 * lines, and each way its answer can be wrong failing the run with the reason, nothing guessed.
 */
class ExecProducerRouteTest extends StagingRouteTestSupport {

    private Path program;

    @Override
    protected void moreProperties(Properties properties) {
        // in a folder of its own, which the sandbox shows to the producer (the home itself is closed to other users)
        program = home.resolve("producers/producer.sh");
        try {
            Files.createDirectories(program.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SqlProducerRouteTest.write(program, "cat >/dev/null");
        properties.setProperty("khotam.producer", "exec:sh " + program);
        properties.setProperty("khotam.producer.timeout", "3s");
    }

    private RunDir runWith(String shell) {
        SqlProducerRouteTest.write(program, shell);
        return dropAndAwait("sample.jsonl", SqlProducerRouteTest.mixedSample());
    }

    private static String reason(RunDir run) {
        assertThat(run.status()).isEqualTo("FAILED");
        return run.manifest().path("reason").asText();
    }

    @Test
    void thePythonReferenceProducerConformsAndItsStreamsAreKeptAsEvidence() throws Exception {
        RunDir run = runWith("exec python3 " + Path.of("examples/producers/reference.py").toAbsolutePath());

        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(run.manifest().path("producer").path("kind").asText()).isEqualTo("exec");
        assertThat(run.manifest().path("producer").path("verdict").asText()).isEqualTo("CONFORMS");
        assertThat(run.lines("evidence/producer-input.jsonl")).hasSize(6).allSatisfy(line ->
                assertThat(line.fieldNames()).toIterable().containsExactly("row_no", "row"));
        assertThat(run.lines("evidence/producer-output.jsonl")).hasSize(6);
        assertThat(Files.readString(run.dir.resolve("evidence/producer.log"))).contains("answered every row");
        assertThat(run.manifest().path("outputs")).extracting(o -> o.path("path").asText())
                .contains("evidence/producer-input.jsonl", "evidence/producer-output.jsonl", "evidence/producer.log");
        assertThat(RunVerifier.verify(new RunCatalog(run.dir.getParent()).find(run.id())).ok())
                .as("verify: the producer's streams are listed outputs, not extra files").isTrue();
    }

    @Test
    void answersOutOfRowOrderAreJudgedAsAnswersInOrder() {
        RunDir run = runWith("python3 " + Path.of("examples/producers/reference.py").toAbsolutePath() + " | tac");
        assertThat(run.lines("evidence/producer-output.jsonl").get(0).path("row_no").asInt()).as("answered last row first")
                .isEqualTo(8);
        assertThat(run.manifest().path("producer").path("verdict").asText()).isEqualTo("CONFORMS");
        assertThat(run.candidates()).extracting(c -> c.path("row").asInt()).containsExactly(1, 2, 3, 4, 5, 8);
    }

    @Test
    void aStageGapIsTheProducersFaultTheRunCompletesBreakingTheContract() {
        // row 1: GATE stamped, PEN and STAMP left unset; every other row unset
        RunDir run = runWith("python3 -c \"import json, sys\nfor line in sys.stdin:\n    n = json.loads(line)['row_no']\n"
                + "    print(json.dumps({'row_no': n, 'inspect_pen': None, 'inspect_stamp': None,\n"
                + "        'inspect_gate': '2999-01-01T00:00:00Z' if n == 1 else None}))\"");
        assertThat(run.status()).as(run.manifest().path("reason").asText()).isEqualTo("COMPLETED");
        assertThat(run.manifest().path("producer").path("verdict").asText()).isEqualTo("BREAKS_CONTRACT");
        assertThat(run.lines("dead-letter/producer.jsonl").get(0).path("codes").toString())
                .contains("OUT_OF_ORDER", "STAMP_NOT_GENUINE");
        assertThat(run.counts().path("gate").path("passed").asLong()).as("GATE after an unset PEN never ran").isZero();
    }

    @Test
    void anAnswerThatIsNotJsonFailsTheRunNamingTheLine() {
        assertThat(reason(runWith("cat >/dev/null; echo '{\"row_no\": 1,'"))).contains("producer-output.jsonl line 1: not JSON");
    }

    @Test
    void aRowLeftUnansweredFailsTheRun() {
        assertThat(reason(runWith("cat >/dev/null; echo '{\"row_no\":1,\"inspect_pen\":null,\"inspect_stamp\":null,"
                + "\"inspect_gate\":null}'"))).contains("answered 1 of 6 rows; no answer for row_no 2 and 4 more");
    }

    @Test
    void aRowAnsweredTwiceFailsTheRun() {
        String line = "{\\\"row_no\\\":1,\\\"inspect_pen\\\":null,\\\"inspect_stamp\\\":null,\\\"inspect_gate\\\":null}";
        assertThat(reason(runWith("cat >/dev/null; echo \"" + line + "\"; echo \"" + line + "\"")))
                .contains("line 2: row_no 1 is answered twice");
    }

    @Test
    void aRowNumberThatWasNeverGivenFailsTheRun() {
        assertThat(reason(runWith("cat >/dev/null; echo '{\"row_no\":6,\"inspect_pen\":null,\"inspect_stamp\":null,"
                + "\"inspect_gate\":null}'"))).contains("row_no 6 was not given to the producer");
    }

    @Test
    void aStampThatIsNoInstantOrAKeyThatIsNoColumnFailsTheRun() {
        assertThat(reason(runWith("cat >/dev/null; echo '{\"row_no\":1,\"inspect_pen\":\"yesterday\",\"inspect_stamp\":null,"
                + "\"inspect_gate\":null}'"))).contains("inspect_pen is neither null nor an ISO-8601 instant");
    }

    @Test
    void aNonZeroExitFailsTheRunAndItsStderrIsKept() throws Exception {
        RunDir run = runWith("cat >/dev/null; echo 'cannot reach my rules' >&2; exit 3");
        assertThat(reason(run)).contains("exited with status 3").contains("evidence/producer.log");
        assertThat(Files.readString(run.dir.resolve("evidence/producer.log"))).contains("cannot reach my rules");
        JsonNode outputs = run.manifest().path("outputs");
        assertThat(outputs).extracting(o -> o.path("path").asText()).contains("evidence/producer.log");
        assertThat(RunVerifier.verify(new RunCatalog(run.dir.getParent()).find(run.id())).ok())
                .as("a FAILED producer run leaves no file its manifest does not list").isTrue();
    }

    @Test
    void aProducerThatRunsPastItsTimeoutIsStopped() {
        long started = System.nanoTime();
        RunDir run = runWith("sleep 60");
        assertThat(reason(run)).contains("ran past its timeout of 3 s");
        assertThat((System.nanoTime() - started) / 1_000_000_000).isLessThan(30);
    }
}
