package io.khotam.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.khotam.StagingRouteTestSupport;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * A SQL producer trying to reach past its own schema, one script each: every attempt fails its run
 * with PostgreSQL's refusal, or is harmless (the run completes), and after each one the workspace's
 * catalogue (schemas, roles, grants, settings, large objects, default privileges, prepared
 * transactions, shared dependencies, run sessions) is exactly as before, production untouched. Run
 * by a subclass for each kind of workspace owner: a superuser, and one with no privilege but its
 * database (compose).
 */
abstract class ProducerEscapeCorpus extends StagingRouteTestSupport {

    /** Small enough that the disk-filling scripts below cross it in their first quarter second. */
    static final String BOUND = "8MB";
    private static final String REFUSED = "permission denied|must be|not allowed|not permitted|only superuser|does not exist|cannot run inside a transaction block"
            + "|prepared transactions are disabled|cannot be executed|past its bound|grew by|exceeds temp_file_limit";

    private Path script;

    /** The workspace URL kho-tam is given. */
    abstract String workspaceUrl();

    /** A superuser's URL to the same database, to read its catalogue. */
    abstract String catalogueUrl();

    @Override
    protected void moreProperties(Properties properties) {
        script = home.resolve("producer.sql");
        SqlProducerRouteTest.write(script, "SELECT 1;");
        properties.setProperty("khotam.producer", "sql:" + script);
        properties.setProperty("khotam.producer.timeout", "20s");
        properties.setProperty("khotam.producer.max-workspace", BOUND);
        properties.setProperty("khotam.workspace.url", workspaceUrl());
    }

    /** Each script, and whether its run must fail (true), complete harmless (false), or either (null). */
    private static Map<String, Boolean> corpus() {
        Map<String, Boolean> corpus = new LinkedHashMap<>();
        corpus.put("CREATE TABLE public.leak (i int);", true);
        corpus.put("SELECT * FROM khotam_before;", true);
        corpus.put("CREATE ROLE evil LOGIN SUPERUSER;", true);
        corpus.put("SET ROLE postgres;", true);
        corpus.put("SET SESSION AUTHORIZATION postgres;", true);
        corpus.put("ALTER SYSTEM SET work_mem = '1GB';", true);
        corpus.put("COPY birth_registry TO PROGRAM 'id';", true);
        corpus.put("COPY birth_registry (entity_code) FROM '/etc/passwd';", true);
        corpus.put("SELECT pg_read_file('/etc/passwd');", true);
        corpus.put("CREATE TEMPORARY TABLE scratch (i int);", true);
        corpus.put("CREATE EXTENSION dblink;", true);
        corpus.put("ALTER TABLE birth_registry ADD COLUMN extra text;", true);
        corpus.put("CREATE SCHEMA elsewhere;", true);
        corpus.put("UPDATE pg_catalog.pg_class SET relname = 'x' WHERE false;", true);
        corpus.put("SELECT lo_from_bytea(0, '\\x00'::bytea);", true);
        corpus.put("SELECT lo_create(0);", true);
        corpus.put("SELECT pg_advisory_lock(hashtext('khotam_nodes'));", true);
        corpus.put("SELECT pg_try_advisory_lock(1);", true);
        corpus.put("SELECT pg_notify('khotam', 'hello');", true);
        corpus.put("BEGIN; UPDATE birth_registry SET inspect_pen = clock_timestamp(); PREPARE TRANSACTION 'khotam_escape';", true);
        // refused for every other role's session it finds; it may find none
        corpus.put("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND backend_type = 'client backend';", null);
        // past the bound: by temporary files (temp_file_limit), by rows into its table, by a table not yet committed
        corpus.put("INSERT INTO birth_registry (row_no, entity_code, description) "
                + "SELECT g, 'X-' || g, repeat(md5(g::text), 64) FROM generate_series(1000, 5000000) g;", true);
        corpus.put("DO $$ BEGIN FOR i IN 1..500000 LOOP INSERT INTO birth_registry (row_no, entity_code, description) "
                + "VALUES (1000 + i, 'X-' || i, repeat(md5(i::text), 64)); END LOOP; END $$;", true);
        corpus.put("CREATE TABLE junk AS SELECT repeat(md5(g::text), 64) AS filler FROM generate_series(1, 5000000) g;", true);
        corpus.put("CREATE TABLE junk (filler text); DO $$ BEGIN FOR i IN 1..500000 LOOP "
                + "INSERT INTO junk VALUES (repeat(md5(i::text), 64)); END LOOP; END $$;", true);
        // allowed, and gone with the run's role: its own settings, default privileges, password, helpers
        corpus.put("ALTER ROLE CURRENT_USER SET work_mem = '64MB';", false);
        corpus.put("ALTER DEFAULT PRIVILEGES GRANT ALL ON TABLES TO PUBLIC;", false);
        corpus.put("ALTER ROLE CURRENT_USER PASSWORD 'chosen';", false);
        corpus.put("CREATE FUNCTION helper() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';", false);
        corpus.put("NOTIFY khotam, 'nobody listens';", false);
        return corpus;
    }

    @Test
    void everyEscapeFailsOrIsHarmlessAndLeavesTheCatalogueAsItWas() throws SQLException {
        List<String> before = TestWorkspace.catalog(catalogueUrl());
        int n = 0;
        for (Map.Entry<String, Boolean> escape : corpus().entrySet()) {
            SqlProducerRouteTest.write(script, escape.getKey());
            RunDir run = dropAndAwait("escape-" + n++ + ".jsonl", SqlProducerRouteTest.mixedSample());
            String reason = run.manifest().path("reason").asText();
            if (escape.getValue() == null) {
                assertThat(run.status()).as(escape.getKey() + ": " + reason).isIn("FAILED", "COMPLETED");
                assertThat(run.status().equals("COMPLETED") || reason.matches(".*(" + REFUSED + ").*")).as(reason).isTrue();
            } else if (escape.getValue()) {
                assertThat(run.status()).as(escape.getKey()).isEqualTo("FAILED");
                assertThat(reason).as(escape.getKey()).containsPattern(REFUSED);
            } else {
                assertThat(run.status()).as(escape.getKey() + ": " + reason).isEqualTo("COMPLETED");
            }
            assertThat(run.manifest().path("producer").path("workspace").path("state").asText()).as(escape.getKey())
                    .isEqualTo("dropped");
            assertThat(run.manifest().path("production").path("untouched").asBoolean()).as(escape.getKey()).isTrue();
            assertThat(TestWorkspace.catalog(catalogueUrl())).as("the catalogue after: " + escape.getKey()).isEqualTo(before);
        }
    }
}
