package io.khotam.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The suite's clean-up of the shared test workspace leaves a run going on in another process alone. */
class TestWorkspaceCleanUpTest {

    @Test
    void aRunInUseElsewhereIsLeftAndALeftOverOneIsDropped() throws Exception {
        TestWorkspace.url();
        String schema = "run_20261207_000000_0badc0de";
        try (Connection admin = TestWorkspace.admin(); Statement s = admin.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("CREATE TABLE " + schema + ".birth_registry (row_no bigint)");
            s.execute("CREATE ROLE khotam_" + schema);
        }
        try (Connection elsewhere = TestWorkspace.admin(); Statement busy = elsewhere.createStatement()) {
            elsewhere.setAutoCommit(false);
            busy.execute("LOCK TABLE " + schema + ".birth_registry IN ACCESS SHARE MODE"); // as a load or a read-back holds it
            TestWorkspace.url();
            assertThat(TestWorkspace.runSchemas()).as("in use by a run elsewhere").contains(schema);
            assertThat(TestWorkspace.catalog()).contains("role khotam_" + schema);
            elsewhere.rollback();
        }
        TestWorkspace.url();
        assertThat(TestWorkspace.runSchemas()).as("left over: dropped").doesNotContain(schema);
        assertThat(TestWorkspace.catalog()).doesNotContain("role khotam_" + schema);
    }
}
