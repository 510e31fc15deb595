package io.khotam.producer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.Rows;
import io.khotam.StagingRouteTestSupport;
import io.khotam.check.RunChecker;
import io.khotam.nodes.RunLeases;
import io.khotam.run.recovery.RunRecovery;
import io.khotam.store.RunCatalog;
import io.khotam.store.RunVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL producers under test through the real routes, in the real PostgreSQL as the workspace: each
 * judge code from a producer that commits exactly that fault, none from the reference producer,
 * and every attempt to reach past the run's own schema failing the run with nothing left behind.
 */
class SqlProducerRouteTest extends StagingRouteTestSupport {

    private Path script;

    @Override
    protected void moreProperties(Properties properties) {
        script = home.resolve("producer.sql");
        write(script, "SELECT 1;");
        properties.setProperty("khotam.producer", "sql:" + script);
        properties.setProperty("khotam.producer.timeout", "3s");
        properties.setProperty("khotam.workspace.url", TestWorkspace.url());
    }

    /** Rows at every place the reference can leave one, numbered 1 to 8. */
    static String mixedSample() {
        Map<String, Object> stampFails = Rows.valid("FLORA-000002");
        stampFails.put("status", "retired");
        Map<String, Object> speciesNotFit = Rows.valid("FLORA-000003");
        speciesNotFit.put("species_code", "AVES-PASSER");
        Map<String, Object> penFails = Rows.valid("bad code");
        Map<String, Object> penAlreadyStamped = Rows.valid("FLORA-000005");
        penAlreadyStamped.put("inspect_pen", "2026-03-01T00:00:00.000001Z");
        Map<String, Object> outOfScope = Rows.valid("FLORA-000006");
        outOfScope.put("governance_role", "observer");
        Map<String, Object> rejected = Rows.valid("FLORA-000007");
        rejected.put("certified_at", "2026-03-01T00:00:00Z");
        return jsonl(Rows.valid("FLORA-000001"), stampFails, speciesNotFit, penFails, penAlreadyStamped, outOfScope, rejected,
                Rows.valid("FLORA-000008"));
    }

    private RunDir runWith(String sql) {
        write(script, sql);
        return dropAndAwait("sample.jsonl", mixedSample());
    }

    private RunDir runWithExample(String name) {
        return runWith(readExample(name));
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Judged rows: row number to its codes. */
    private static Map<Integer, List<String>> judged(RunDir run) {
        Map<Integer, List<String>> codes = new TreeMap<>();
        for (JsonNode line : run.lines("dead-letter/producer.jsonl")) {
            List<String> found = new ArrayList<>();
            line.path("codes").forEach(c -> found.add(c.asText()));
            codes.put(line.path("row").asInt(), found);
        }
        return codes;
    }

    private static RunChecker.Summary check(RunDir run) throws IOException {
        return RunChecker.check(new RunCatalog(run.dir.getParent()).find(run.id()), v -> { });
    }

    @Test
    void theReferenceProducerConformsItsCandidatesAgreeWithTheReferenceAndItsSchemaIsDropped() throws Exception {
        RunDir run = runWithExample("reference.sql");

        assertThat(run.status()).isEqualTo("COMPLETED");
        JsonNode producer = run.manifest().path("producer");
        assertThat(producer.path("kind").asText()).isEqualTo("sql");
        assertThat(producer.path("verdict").asText()).isEqualTo("CONFORMS");
        assertThat(producer.path("rows_given").asLong()).as("admitted, in scope: all but rows 6 and 7").isEqualTo(6);
        assertThat(producer.path("workspace").path("state").asText()).isEqualTo("dropped");
        assertThat(TestWorkspace.runSchemas()).doesNotContain(producer.path("workspace").path("schema").asText());
        assertThat(run.has("dead-letter/producer.jsonl")).isFalse();
        assertThat(producer.path("agreement").toString()).as("per stage, the reference's verdict against what the producer did")
                .isEqualTo("{\"gate\":{\"failed\":{\"unset\":1},\"not_run\":{\"unset\":2},\"passed\":{\"stamped\":3}},"
                        + "\"pen\":{\"already_stamped\":{\"kept\":1},\"failed\":{\"unset\":1},\"passed\":{\"stamped\":4}},"
                        + "\"stamp\":{\"failed\":{\"unset\":1},\"not_run\":{\"unset\":1},\"passed\":{\"stamped\":4}}}");
        List<JsonNode> reference = run.lines("evidence/reference.jsonl");
        List<JsonNode> candidates = run.candidates();
        assertThat(candidates).hasSameSizeAs(reference);
        for (int i = 0; i < candidates.size(); i++) {
            assertThat(candidates.get(i).path("verdicts")).as("row %s", candidates.get(i).path("row"))
                    .isEqualTo(reference.get(i).path("verdicts"));
        }
        assertThat(run.deadLetters("stamp")).singleElement().satisfies(d ->
                assertThat(d.path("checks").get(0).path("code").asText()).isEqualTo("STATUS_UNKNOWN"));
        assertThat(run.counts().path("candidates").asLong()).isEqualTo(6);
        assertThat(check(run).conforms()).as("check on a producer run").isTrue();
        assertThat(RunVerifier.verify(new RunCatalog(run.dir.getParent()).find(run.id())).ok())
                .as("verify: every file the manifest lists, reference and judge files included, and no other").isTrue();
    }

    @Test
    void theManifestTimesTheLoadTheScriptAloneAndTheJudgeAndTheReportSaysSoInWords() throws Exception {
        RunDir run = runWith(readExample("reference.sql") + "\nSELECT pg_sleep(0.4);\n");

        assertThat(run.status()).isEqualTo("COMPLETED");
        JsonNode millis = run.manifest().path("producer").path("millis");
        assertThat(millis.path("producer").asLong()).as("the script's own time, its sleep included").isGreaterThanOrEqualTo(400);
        assertThat(millis.path("judge").asLong()).as("the read-back and the judge, not the script").isLessThan(millis.path("producer").asLong());
        assertThat(millis.has("load")).isTrue();
        assertThat(Files.readString(run.dir.resolve("evidence/report.html")))
                .contains("load finished ").contains(" after the reference, producer ran ").contains("read back and judged in ");
    }

    @Test
    void theFusedShortcutBreaksTheContractOnEveryRowItStampedAndFalsePassesWhereTheReferenceFails() throws Exception {
        RunDir run = runWithExample("fused-shortcut.sql");

        assertThat(run.manifest().path("producer").path("verdict").asText()).isEqualTo("BREAKS_CONTRACT");
        Map<Integer, List<String>> judged = judged(run);
        assertThat(judged.get(1)).containsExactly("FUSED_SHORTCUT");
        assertThat(judged.get(2)).containsExactlyInAnyOrder("FUSED_SHORTCUT", "FALSE_PASS");
        assertThat(judged.get(4)).containsExactlyInAnyOrder("FUSED_SHORTCUT", "FALSE_PASS");
        assertThat(judged.get(5)).as("pen came set: WHERE inspect_pen IS NULL left the row alone")
                .containsExactly("FALSE_FAIL");
        assertThat(check(run).conforms()).as("check sees the fused stamps too").isFalse();
    }

    @Test
    void aProducerThatCertifiesIsAForbiddenWriteAndProductionStaysUntouched() throws Exception {
        RunDir run = runWithExample("certifies.sql");

        assertThat(run.manifest().path("producer").path("verdict").asText()).isEqualTo("BREAKS_CONTRACT");
        assertThat(judged(run)).as("the rows that passed GATE, one of them with PEN as received").containsOnlyKeys(1, 5, 8)
                .allSatisfy((row, codes) -> assertThat(codes).containsExactly("FORBIDDEN_WRITE"));
        JsonNode line = run.lines("dead-letter/producer.jsonl").get(0);
        assertThat(line.path("before").path("certified").asBoolean()).isFalse();
        assertThat(line.path("after").path("certified").asBoolean()).isTrue();
        assertThat(run.manifest().path("production").path("untouched").asBoolean()).isTrue();
    }

    @Test
    void aLenientGateDivergesWithAFalsePassOnExactlyTheRowWhoseSpeciesDoesNotFit() throws Exception {
        RunDir run = runWithExample("lenient-gate.sql");

        assertThat(run.manifest().path("producer").path("verdict").asText()).isEqualTo("DIVERGES");
        assertThat(judged(run)).containsExactly(Map.entry(3, List.of("FALSE_PASS")));
        JsonNode line = run.lines("dead-letter/producer.jsonl").get(0);
        assertThat(line.path("reference").path("codes").get(0).asText()).isEqualTo("SPECIES_NOT_FIT");
        assertThat(run.deadLetters("gate")).as("the producer failed no GATE").isEmpty();
        assertThat(check(run).conforms()).as("diverging is not breaking the contract").isTrue();
    }

    @Test
    void anInstantBeyondPostgresRangeIsLoadedAsItsInfinityAndJudgedAsTheReferenceJudgesIt() {
        Map<String, Object> farFuture = Rows.valid("FLORA-000001");
        farFuture.put("born_at", "+300000-01-01T00:00:00Z");
        Map<String, Object> farPast = Rows.valid("FLORA-000002");
        farPast.put("born_at", "-5000-01-01T00:00:00Z");
        write(script, readExample("reference.sql"));
        RunDir run = dropAndAwait("far.jsonl", jsonl(farFuture, farPast));
        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(run.manifest().path("producer").path("verdict").asText()).isEqualTo("CONFORMS");
        assertThat(run.deadLetters("pen")).singleElement().satisfies(d ->
                assertThat(d.path("checks").get(0).path("code").asText()).isEqualTo("BORN_AT_IN_FUTURE"));
    }

    @Test
    void aRowPostgresCannotHoldFailsTheRunNamingIt() {
        write(script, readExample("reference.sql"));
        RunDir run = dropAndAwait("nul.jsonl", jsonl(Rows.valid("FLORA-000001"), Rows.with("name", "nul\u0000byte")));
        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.manifest().path("reason").asText()).contains("row 2: name holds a NUL character");
    }

    @Test
    void aRunRejectedAfterItsSchemaWasMadeLeavesNothingInTheWorkspace() throws Exception {
        // the schema is made when the run begins (its rows stream into it as the reference records them);
        // an empty row list is rejected only after that
        write(script, readExample("reference.sql"));
        RunDir run = dropAndAwait("empty.json", "[]");
        assertThat(run.status()).isEqualTo("REJECTED");
        assertThat(run.manifest().path("producer").path("workspace").path("state").asText()).isEqualTo("dropped");
        assertThat(TestWorkspace.runSchemas()).isEmpty();
        assertThat(TestWorkspace.catalog()).noneMatch(line -> line.startsWith("role khotam_run_"));
    }

    @Test
    void aScriptGoneByTheProducerStepFailsTheRunAndItsLoadIsStoppedBeforeItsSchemaIsDropped() throws Exception {
        // the rows were streaming into the table when the producer step found no script: the load's COPY still
        // holds the table, and the schema's drop would wait on it for ever unless the load is stopped first
        Files.delete(script);
        RunDir run = dropAndAwait("sample.jsonl", mixedSample());
        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.manifest().path("reason").asText()).contains("no such file");
        assertThat(run.manifest().path("producer").path("workspace").path("state").asText()).isEqualTo("dropped");
        assertThat(TestWorkspace.runSchemas()).isEmpty();
    }

    @Test
    void aSchemaAnEndedRunLeftBehindIsDroppedAtTheNextStart() throws Exception {
        RunDir run = runWith(readExample("reference.sql"));
        String schema = run.manifest().path("producer").path("workspace").path("schema").asText();
        // as a run interrupted at shutdown leaves it: ended, its schema and role still there, by a process now gone
        try (var admin = TestWorkspace.admin(); var sql = admin.createStatement()) {
            sql.execute("CREATE SCHEMA " + schema);
            sql.execute("CREATE ROLE khotam_" + schema);
        }
        ObjectNode manifest = (ObjectNode) run.manifest();
        manifest.put("status", "INTERRUPTED");
        ((ObjectNode) manifest.path("producer").path("workspace")).put("state", "created");
        ((ObjectNode) manifest.path("owner")).put("pid", Integer.MAX_VALUE);
        JSON.writeValue(run.dir.resolve("evidence/manifest.json").toFile(), manifest);

        new RunRecovery(staging(), inbox(), Clock.systemUTC(), new SqlProducer(
                new Workspace(TestWorkspace.url(), null, null, home.resolve(".workspace"), WorkspaceBound.DEFAULT), false, JSON),
                RunLeases.singleHost("recovering"), null).recover();

        assertThat(TestWorkspace.runSchemas()).doesNotContain(schema);
        assertThat(TestWorkspace.catalog()).doesNotContain("role khotam_" + schema);
        assertThat(run.manifest().path("producer").path("workspace").path("state").asText()).isEqualTo("dropped");
        assertThat(run.status()).as("nothing else changed").isEqualTo("INTERRUPTED");
    }

    @Test
    void aLaterStampWithoutTheEarlierOnesIsOutOfOrderAndTheRunCompletesBreakingTheContract() throws Exception {
        RunDir run = runWith("UPDATE birth_registry SET inspect_gate = clock_timestamp() WHERE row_no = 1;");
        assertThat(run.status()).as(run.manifest().path("reason").asText()).isEqualTo("COMPLETED");
        assertThat(run.manifest().path("producer").path("verdict").asText()).isEqualTo("BREAKS_CONTRACT");
        assertThat(judged(run).get(1)).contains("OUT_OF_ORDER");
        JsonNode candidate = run.candidates().get(0);
        assertThat(candidate.path("verdicts").toString()).isEqualTo("{\"pen\":\"FAILED\",\"stamp\":\"NOT_RUN\",\"gate\":\"NOT_RUN\"}");
        assertThat(candidate.path("inspect_gate").isNull()).as("the candidate keeps the stamp the producer wrote").isFalse();
        assertThat(check(run).conforms()).as("check sees the gap").isFalse();
    }

    @Test
    void gateStampedWhereTheReferenceFailsStampCompletesWithTheCodesOnTheRow() throws Exception {
        // row 2 (status retired) fails STAMP in the reference; the producer stamps its GATE anyway
        RunDir run = runWith(readExample("reference.sql") + "\nUPDATE birth_registry SET inspect_gate = clock_timestamp() WHERE row_no = 2;");
        assertThat(run.status()).as(run.manifest().path("reason").asText()).isEqualTo("COMPLETED");
        assertThat(run.manifest().path("producer").path("verdict").asText()).isEqualTo("BREAKS_CONTRACT");
        assertThat(judged(run)).containsExactly(Map.entry(2, List.of("OUT_OF_ORDER", "FALSE_PASS")));
        assertThat(run.counts().path("candidates").asLong()).isEqualTo(6);
        assertThat(run.counts().path("stamp").path("failed").asLong()).isEqualTo(1);
    }

    @Test
    void changingAStampThatCameSetIsNotIdempotent() {
        RunDir run = runWith("UPDATE birth_registry SET inspect_pen = clock_timestamp() WHERE row_no = 5;\n"
                + readExample("reference.sql"));
        assertThat(judged(run)).containsExactly(Map.entry(5, List.of("NOT_IDEMPOTENT")));
    }

    @Test
    void aStampFromOutsideTheProducersRunIsNotGenuine() {
        RunDir run = runWith(readExample("reference.sql")
                + "\nUPDATE birth_registry SET inspect_gate = '2099-01-01T00:00:00Z' WHERE row_no = 8;");
        assertThat(judged(run)).containsExactly(Map.entry(8, List.of("STAMP_NOT_GENUINE")));
    }

    @Test
    void aProducerThatStampsNothingFalseFailsEveryStageTheReferencePasses() {
        RunDir run = runWith("SELECT count(*) FROM birth_registry;");
        assertThat(run.manifest().path("producer").path("verdict").asText()).isEqualTo("DIVERGES");
        assertThat(judged(run).keySet()).containsExactly(1, 2, 3, 5, 8);
        assertThat(run.deadLetters("pen")).extracting(d -> d.path("checks").get(0).path("code").asText())
                .as("row 4 fails PEN in the reference too; the others are the producer's own").containsExactly(
                        "NOT_STAMPED", "NOT_STAMPED", "NOT_STAMPED", "ENTITY_CODE_MALFORMED", "NOT_STAMPED");
    }

    @Test
    void rowsRemovedOrAddedAreForbiddenWrites() {
        RunDir run = runWith(readExample("reference.sql") + "\nDELETE FROM birth_registry WHERE row_no = 2;"
                + "\nINSERT INTO birth_registry (row_no, entity_code) VALUES (99, 'FLORA-000099'), (0, 'FLORA-000000'), "
                + "(6, 'FLORA-000066');");
        Map<Integer, List<String>> judged = judged(run);
        assertThat(judged).containsOnlyKeys(0, 2, 6, 99);
        assertThat(judged.get(2)).as("a removed row is judged as given: its PEN, which the reference passes, unset")
                .containsExactly("FORBIDDEN_WRITE", "FALSE_FAIL");
        assertThat(judged.get(99)).containsExactly("FORBIDDEN_WRITE");
        assertThat(judged.get(6)).as("added where no row was given (row 6 was out of scope)").containsExactly("FORBIDDEN_WRITE");
        assertThat(run.candidates()).as("an added row is no candidate").hasSize(6);
        assertThat(run.lines("dead-letter/producer.jsonl")).as("the judge's lines in row order, added rows among the given")
                .extracting(line -> line.path("row").asInt()).containsExactly(0, 2, 6, 99);
        assertThat(run.lines("dead-letter/producer.jsonl").get(3).path("after").path("entity_code").asText())
                .isEqualTo("FLORA-000099");
    }

    @Test
    void aProcedureNamedInspectIsCalledAfterTheScript() {
        RunDir run = runWith("CREATE PROCEDURE inspect() LANGUAGE sql AS $$ "
                + "UPDATE birth_registry SET inspect_pen = clock_timestamp() WHERE row_no = 1 $$;");
        assertThat(judged(run).get(1)).as("pen stamped by inspect(), stamp and gate left unset").containsExactly("FALSE_FAIL");
        assertThat(run.candidates().get(0).path("verdicts").path("pen").asText()).isEqualTo("PASSED");
    }

    @Test
    void aScriptErrorFailsTheRunWithPostgresMessageAndTheLineItPointsAt() throws Exception {
        RunDir run = runWith("SELECT 1;\nSELECT * FROM no_such_table;");
        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.manifest().path("reason").asText()).contains("no_such_table").contains("line 2, column 15");
        assertThat(run.manifest().path("producer").path("workspace").path("state").asText()).isEqualTo("dropped");
        assertThat(TestWorkspace.runSchemas()).isEmpty();
    }

    @Test
    void aRunawayProducerIsStoppedAtItsTimeoutAndLeavesNothingBehind() throws Exception {
        RunDir run = runWith("SET statement_timeout = 0; SELECT pg_sleep(60);");
        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.manifest().path("reason").asText()).contains("timeout of 3 s");
        assertThat(TestWorkspace.runSchemas()).isEmpty();
        assertThat(TestWorkspace.catalog()).noneMatch(line -> line.startsWith("role khotam_run_"));
    }

    @Test
    void theProducerRunsAsItsRunsOwnRoleNeverAsTheWorkspacesUser() {
        RunDir run = runWith("DO $$ BEGIN RAISE EXCEPTION 'ran as % with search_path %', current_user, "
                + "current_setting('search_path'); END $$;");
        assertThat(run.manifest().path("reason").asText()).containsPattern("ran as khotam_run_\\d{8}_\\d{6}_[0-9a-f]{8} "
                + "with search_path \"?run_\\d{8}");
    }

    static String readExample(String name) {
        try {
            return Files.readString(Path.of("examples/producers", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
