package io.khotam.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs are ordered by when they started, not by their id: two runs of one second say only the second. */
class RunCatalogTest {

    @TempDir
    Path staging;

    @Test
    void runsOfOneSecondComeInTheOrderTheyStarted() throws Exception {
        run("20260101-000000-ffffffff", "2026-01-01T00:00:00.100Z");
        run("20260101-000000-00000000", "2026-01-01T00:00:00.900Z");
        run("20251231-235959-aaaaaaaa", null); // no readable manifest: the second its id names
        RunCatalog catalog = new RunCatalog(staging);

        assertThat(catalog.list()).extracting(RunCatalog.Entry::runId)
                .containsExactly("20251231-235959-aaaaaaaa", "20260101-000000-ffffffff", "20260101-000000-00000000");
        assertThat(catalog.newestFirst()).extracting(RunCatalog.Entry::runId)
                .containsExactly("20260101-000000-00000000", "20260101-000000-ffffffff", "20251231-235959-aaaaaaaa");
    }

    private void run(String id, String startedAt) throws Exception {
        Path evidence = Files.createDirectories(staging.resolve(id).resolve("evidence"));
        if (startedAt != null) {
            Files.writeString(evidence.resolve("manifest.json"), "{\"marker\":\"STAGING\",\"run_id\":\"" + id
                    + "\",\"status\":\"COMPLETED\",\"started_at\":\"" + startedAt + "\",\"input\":{\"file\":\"x.jsonl\"}}");
        }
    }
}
