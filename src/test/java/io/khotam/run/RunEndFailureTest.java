package io.khotam.run;

import io.khotam.CapturedLog;
import io.khotam.Rows;
import io.khotam.inspection.RuleSetLoader;
import io.khotam.inspection.SharedValidatorFactory;
import io.khotam.nodes.RunLeases;
import io.khotam.producer.ProducerSpec;
import io.khotam.registry.ProductionProof;
import io.khotam.registry.RegistrySettings;
import io.khotam.report.RunReport;
import io.khotam.run.claim.ClaimFailures;
import io.khotam.run.claim.InboxClaim;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A run whose end cannot be recorded (here its folder is gone before the final manifest) says so
 * once, in the log, with the cause: before, the run counted as ended, the later fail() did nothing,
 * and the manifest stayed RUNNING with nothing logged at all.
 */
class RunEndFailureTest {

    @TempDir
    Path home;

    @Test
    void anEndThatCannotBeRecordedIsLoggedOnceWithItsCause() throws Exception {
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Rows.writeJsonl(inbox.resolve("rows.jsonl"), 3);
        Clock clock = Clock.systemUTC();
        ClaimFailures claimFailures = new ClaimFailures();
        RunsOfThisProcess runs = new RunsOfThisProcess();
        try (ProductionProof none = new ProductionProof(RegistrySettings.of(RegistrySettings.NONE, home, Map.of()));
             CapturedLog log = new CapturedLog(RunLifecycle.class)) {
            RunLifecycle lifecycle = new RunLifecycle(
                    new RuleSetLoader(SharedValidatorFactory.withoutExpressionLanguage().getValidator(), null), runs,
                    new RunProofs(none, new RunReport(clock), runs, home.resolve("staging"), Duration.ZERO, clock),
                    new RunMetrics(SimpleMeterRegistry::new, "test-node"), new RunReport(clock), inbox, clock,
                    ProducerSpec.BUILTIN, ProducerRuns.NONE, RunLeases.singleHost("test-node"));
            StagingRun run = new InboxClaim(home.resolve("staging"), clock, claimFailures).claim(inbox.resolve("rows.jsonl").toString());
            lifecycle.begin(run);
            deleteTree(run.getDir());

            assertThatThrownBy(() -> lifecycle.complete(run)).isInstanceOf(IOException.class);
            lifecycle.fail(run, new IOException("the run route's error handler passes the failure on"));

            assertThat(log.lines).filteredOn(line -> line.startsWith("ERROR")).singleElement().satisfies(line ->
                    assertThat(line).contains(run.getId(), "could not be recorded", "no such file or folder",
                            "still says RUNNING"));
            assertThat(runs.unfinished()).containsExactly(run.getId());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
