package io.khotam.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Runs at once (khotam.concurrent-runs, one per core) make and drop their roles at once: each
 * grants CONNECT on the one workspace database, so without the functions' own lock two of them
 * update its row together and one fails ("tuple concurrently updated"), failing its run.
 */
class RunRolesConcurrencyTest {

    @Test
    void rolesMadeAndDroppedAtOnceNeverFailEachOther() throws Exception {
        TestWorkspace.url();
        String script;
        try (var in = RunRolesConcurrencyTest.class.getClassLoader().getResourceAsStream("workspace/run-roles.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection admin = TestWorkspace.admin(); Statement s = admin.createStatement()) {
            s.execute(script);
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    try (Connection c = TestWorkspace.admin();
                         CallableStatement create = c.prepareCall("SELECT khotam_admin.create_run_role(?, ?, ?)")) {
                        for (int n = 0; n < 40; n++) {
                            String role = "khotam_run_concurrency_" + thread + "_" + n;
                            create.setString(1, role);
                            create.setString(2, "secret-" + n);
                            create.setLong(3, 1024);
                            create.execute();
                            SqlProducer.endRole(c, role, false); // as a run's end does: what it owns and its grants, then the role
                        }
                        return 40;
                    }
                }));
            }
            for (Future<Integer> each : done) {
                assertThat(each.get()).isEqualTo(40);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(TestWorkspace.catalog()).noneMatch(line -> line.startsWith("role khotam_run_concurrency_"));
    }
}
