package io.khotam.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.FileTrees;
import io.khotam.bench.RunHomes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paging walks every run once while runs are added and deleted between the pages. */
class CataloguePagingTest {

    @TempDir
    Path staging;

    @Test
    void pagingWalksEveryRunThatStayedExactlyOnceWhileRunsComeAndGo() throws Exception {
        Instant newest = Instant.parse("2026-12-07T00:00:00Z");
        RunHomes.write(staging, 500, 11, newest, n -> { });
        try (CatalogueStore store = Catalogues.sqlite(staging)) {
            CatalogueKeeper keeper = new CatalogueKeeper(store, staging, new ObjectMapper(), null, Duration.ZERO);
            keeper.ensureCurrent(n -> { });
            List<String> before = ManifestsOnDisk.newestFirst(staging).stream().map(ManifestsOnDisk.Run::id).toList();
            Set<String> deleted = new HashSet<>();
            List<String> walked = new ArrayList<>();
            Cursor after = null;
            int page = 0;
            do {
                Page<RunSummary> p = store.runs(RunFilter.ALL, after, null, 23);
                p.items().forEach(r -> walked.add(r.runId()));
                after = p.next();
                // between pages: newer runs arrive, and runs both already seen and not yet seen are deleted
                RunHomes.write(staging, 3, 100 + page, newest.plusSeconds(3600L * (page + 1)), n -> { });
                for (String victim : List.of(before.get((page * 37) % before.size()), before.get((page * 53 + 11) % before.size()))) {
                    if (deleted.add(victim)) {
                        FileTrees.remove(staging.resolve(victim));
                    }
                }
                keeper.quickSweep();
                page++;
            } while (after != null);
            assertThat(new HashSet<>(walked)).as("no run twice").hasSize(walked.size());
            List<String> stayed = before.stream().filter(id -> !deleted.contains(id)).toList();
            assertThat(walked).as("every run that existed throughout, in order").containsSubsequence(stayed);
            assertThat(walked).as("only runs that existed when the walk began (newer ones come first, on page one)")
                    .allMatch(before::contains);
            assertThat(deleted).as("the walk met deletions").hasSizeGreaterThan(20);
        }
    }
}
