package io.khotam.run;

import io.khotam.Rows;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.RunStatus;
import io.khotam.registry.ProductionProof;
import io.khotam.registry.RegistrySettings;
import io.khotam.run.claim.ClaimFailures;
import io.khotam.run.claim.InboxClaim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** A long-lived serve keeps only its newest finished runs whole, and still counts every one. */
class RunsOfThisProcessTest {

    @TempDir
    Path home;

    @Test
    void keepsTheNewestRunsAndCountsThemAll() throws Exception {
        RunsOfThisProcess runs = new RunsOfThisProcess(3);
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        List<RunStatus> ends = List.of(RunStatus.INTERRUPTED, RunStatus.REJECTED, RunStatus.FAILED, RunStatus.COMPLETED,
                RunStatus.COMPLETED);
        List<String> ids = new ArrayList<>();
        try (ProductionProof none = new ProductionProof(RegistrySettings.of(RegistrySettings.NONE, home, Map.of()))) {
            InboxClaim claim = new InboxClaim(home.resolve("staging"), Clock.systemUTC(), new ClaimFailures());
            for (int i = 0; i < ends.size(); i++) {
                Rows.writeJsonl(inbox.resolve("f" + i + ".jsonl"), 1);
                StagingRun run = claim.claim(inbox.resolve("f" + i + ".jsonl").toString());
                runs.started(run);
                run.production(Manifest.Production.begun(none, none.digest(), none.counters()));
                run.finish(ends.get(i), null, null, Clock.systemUTC().instant());
                runs.finished(run, "f" + i + ".jsonl");
                ids.add(run.getId());
            }
        }

        assertThat(runs.entries()).extracting(RunsOfThisProcess.Entry::runId).containsExactlyElementsOf(ids.subList(2, 5));
        assertThat(runs.tally()).isEqualTo(new RunsOfThisProcess.Tally(5, 2, 1, 1, 1, 0, 2));
        assertThat(runs.unfinished()).isEmpty();
    }
}
