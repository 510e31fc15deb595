package io.khotam.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.khotam.StagingRouteTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Broken SQL producers, one each: the run's reason is one line of at most 300 characters with the
 * SQLSTATE and the script's line and column (for an error inside a function or DO block, where the
 * call stands and the inner line), never the whole script; the server's whole message is in
 * evidence/producer.log. Bytes that are not UTF-8 text fail the run saying at which byte; an empty
 * script runs and is warned of.
 */
class SqlErrorMessagesTest extends StagingRouteTestSupport {

    private Path script;

    @Override
    protected void moreProperties(Properties properties) {
        script = home.resolve("producer.sql");
        SqlProducerRouteTest.write(script, "SELECT 1;");
        properties.setProperty("khotam.producer", "sql:" + script);
        properties.setProperty("khotam.producer.timeout", "20s");
        properties.setProperty("khotam.workspace.url", TestWorkspace.url());
    }

    private RunDir runWith(byte[] bytes) throws Exception {
        Files.write(script, bytes);
        return dropAndAwait("sample-" + System.nanoTime() + ".jsonl", SqlProducerRouteTest.mixedSample());
    }

    private RunDir runWith(String sql) throws Exception {
        return runWith(sql.getBytes(StandardCharsets.UTF_8));
    }

    /** The run FAILED with a reason of one short line that says all of these, and the log holds the server's words. */
    private String failedSaying(RunDir run, String... parts) throws Exception {
        assertThat(run.status()).isEqualTo("FAILED");
        String reason = run.manifest().path("reason").asText();
        assertThat(reason).as(reason).hasSizeLessThanOrEqualTo(300).doesNotContain("\n").contains(parts);
        return reason;
    }

    private static String log(RunDir run) throws Exception {
        return Files.readString(run.dir.resolve("evidence/producer.log"));
    }

    @Test
    void anUnterminatedQuoteIsASyntaxErrorAtItsLineNotTheWholeScript() throws Exception {
        String tail = "-- a long script after it\n" + "SELECT 42;\n".repeat(200);
        RunDir run = runWith("SELECT 1;\nUPDATE birth_registry SET name = 'oops;\n" + tail);
        String reason = failedSaying(run, "42601", "unterminated quoted string", "line 2, column 34");
        assertThat(reason).doesNotContain("SELECT 42");
    }

    @Test
    void anUnterminatedDollarQuoteIsASyntaxErrorAtItsLine() throws Exception {
        failedSaying(runWith("SELECT 1;\n\nDO $$ BEGIN PERFORM 1;\n"), "42601", "unterminated dollar-quoted string", "line 3");
    }

    @Test
    void anErrorInsideAFunctionSaysWhereTheCallStandsAndTheFunctionsLine() throws Exception {
        RunDir run = runWith("CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 1 / 0;\nEND $$;\n\nSELECT f();\n");
        failedSaying(run, "22012", "division by zero", "line 6, column 1", "function f(), its line 3");
        assertThat(log(run)).contains("division by zero", "PL/pgSQL function f() line 3", "STATEMENT: SELECT f()");
    }

    @Test
    void anErrorInsideADoBlockSaysWhereTheBlockStandsAndItsLine() throws Exception {
        failedSaying(runWith("SELECT 1;\nDO $$\nBEGIN\n  PERFORM 1 / 0;\nEND $$;\n"), "22012", "line 2, column 1",
                "the DO block, its line 3");
    }

    @Test
    void aByteOrderMarkIsSkippedAndCrlfLinesCount() throws Exception {
        RunDir run = runWith("\uFEFFSELECT 1;\r\nSELECT * FROM no_such_table;\r\n");
        failedSaying(run, "42P01", "no_such_table", "line 2, column 15");
    }

    @Test
    void bytesThatAreNotUtf8FailTheRunSayingAtWhichByte() throws Exception {
        RunDir run = runWith(new byte[] {'S', 'E', 'L', (byte) 0xFF, (byte) 0xFE, 0, 1, 2, 'x'});
        String reason = failedSaying(run, "not UTF-8 text at byte 3");
        assertThat(reason.chars().noneMatch(c -> c < 0x20)).as("no raw bytes in the reason").isTrue();
    }

    @Test
    void aScriptOfCommentsOnlyRunsAndIsWarnedOf() throws Exception {
        RunDir run = runWith("-- nothing yet\n/* to do */\n");
        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(run.manifest().path("producer").path("warnings").toString()).contains("the script holds no statement");
        assertThat(run.manifest().path("producer").path("verdict").asText()).isEqualTo("DIVERGES");
    }

    @Test
    void aPsqlMetaCommandIsASyntaxErrorAtItsLine() throws Exception {
        failedSaying(runWith("SELECT 1;\n\\set ON_ERROR_STOP on\nSELECT 2;\n"), "42601", "line 2, column 1");
    }

    @Test
    void noticesTheScriptRaisesAreKeptInTheProducersLog() throws Exception {
        RunDir run = runWith("DO $$ BEGIN RAISE NOTICE 'stamping % rows', (SELECT count(*) FROM birth_registry); END $$;");
        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(log(run)).contains("stamping 6 rows");
        assertThat(run.manifest().path("outputs").toString()).contains("evidence/producer.log");
    }
}
