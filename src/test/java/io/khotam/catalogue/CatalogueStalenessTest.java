package io.khotam.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.FileTrees;
import io.khotam.bench.RunHomes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogue deleted, or stale behind its back: put right from the files, and its answers then equal theirs. */
class CatalogueStalenessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path staging;

    private List<String> listed(CatalogueStore store, RunFilter filter) throws Exception {
        List<String> ids = new ArrayList<>();
        Cursor after = null;
        do {
            Page<RunSummary> page = store.runs(filter, after, null, 1000);
            page.items().forEach(r -> ids.add(r.runId()));
            after = page.next();
        } while (after != null);
        return ids;
    }

    private List<String> onDisk() throws Exception {
        return ManifestsOnDisk.newestFirst(staging).stream().map(ManifestsOnDisk.Run::id).toList();
    }

    private CatalogueKeeper keeper(CatalogueStore store) {
        return new CatalogueKeeper(store, staging, JSON, null, Duration.ZERO);
    }

    @Test
    void aDeletedCatalogueIsRebuiltFromTheRunDirectories() throws Exception {
        RunHomes.write(staging, 120, 3, Instant.parse("2026-12-07T00:00:00Z"), n -> { });
        try (CatalogueStore store = Catalogues.sqlite(staging)) {
            keeper(store).ensureCurrent(n -> { });
        }
        FileTrees.remove(staging.resolve(Catalogues.DIR));
        try (CatalogueStore store = Catalogues.sqlite(staging)) {
            assertThat(store.known()).as("a new, empty catalogue").isEmpty();
            keeper(store).ensureCurrent(n -> { });
            assertThat(listed(store, RunFilter.ALL)).isEqualTo(onDisk());
        }
    }

    @Test
    void aRunDeletedByHandLeavesAtTheQuickSweepAndItsDeadLettersWithIt() throws Exception {
        RunHomes.write(staging, 60, 5, Instant.parse("2026-12-07T00:00:00Z"), n -> { });
        try (CatalogueStore store = Catalogues.sqlite(staging)) {
            CatalogueKeeper keeper = keeper(store);
            keeper.ensureCurrent(n -> { });
            IndexedLetter letter = store.letters(LetterFilter.parse(null, null, null, null, null, null), null, 1).items().get(0);
            long since = store.now();
            FileTrees.remove(staging.resolve(letter.runId())); // rm -rf: deleting its directory removes a run in one move
            CatalogueKeeper.Sweep sweep = keeper.quickSweep();
            assertThat(sweep.removed()).isEqualTo(1);
            assertThat(listed(store, RunFilter.ALL)).isEqualTo(onDisk()).doesNotContain(letter.runId());
            assertThat(store.letters(LetterFilter.parse(null, null, null, null, null, letter.runId()), null, 10).total()).isZero();
            assertThat(store.changes(since).gone()).as("told to live views").containsExactly(letter.runId());
        }
    }

    @Test
    void aManifestChangedBehindItsBackIsReadAgainAtTheFullSweep() throws Exception {
        RunHomes.write(staging, 40, 9, Instant.parse("2026-12-07T00:00:00Z"), n -> { });
        try (CatalogueStore store = Catalogues.sqlite(staging)) {
            CatalogueKeeper keeper = keeper(store);
            keeper.ensureCurrent(n -> { });
            String changed = onDisk().stream().filter(id -> {
                try {
                    return JSON.readTree(staging.resolve(id).resolve("evidence/manifest.json").toFile()).path("status").asText()
                            .equals("COMPLETED");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).findFirst().orElseThrow();
            Path manifest = staging.resolve(changed).resolve("evidence/manifest.json");
            ObjectNode m = (ObjectNode) JSON.readTree(manifest.toFile());
            m.put("status", "FAILED").put("reason", "changed by hand");
            JSON.writeValue(manifest.toFile(), m);
            Files.setLastModifiedTime(manifest, FileTime.from(Instant.now().plusSeconds(5)));
            RunFilter failed = RunFilter.parse("FAILED", null, null, null, null, null, null, null, null);
            assertThat(keeper.quickSweep().updated()).as("an ended run is not read at the quick sweep").isZero();
            assertThat(keeper.fullSweep().updated()).isEqualTo(1);
            assertThat(listed(store, failed)).contains(changed)
                    .isEqualTo(ManifestsOnDisk.newestFirst(staging).stream().filter(r -> r.status().equals("FAILED"))
                            .map(ManifestsOnDisk.Run::id).toList());
        }
    }

    @Test
    void aRunWhoseManifestCannotBeReadIsListedUnknownNotHidden() throws Exception {
        RunHomes.write(staging, 5, 1, Instant.parse("2026-12-07T00:00:00Z"), n -> { });
        Path broken = Files.createDirectories(staging.resolve("20261207-010000-0000beef/evidence"));
        Files.writeString(broken.resolve("manifest.json"), "{ not json");
        try (CatalogueStore store = Catalogues.sqlite(staging)) {
            keeper(store).ensureCurrent(n -> { });
            Page<RunSummary> unknown = store.runs(RunFilter.parse("UNKNOWN", null, null, null, null, null, null, null, null), null, null, 10);
            assertThat(unknown.items()).extracting(RunSummary::runId).containsExactly("20261207-010000-0000beef");
            assertThat(unknown.items().get(0).needsAttention()).isTrue();
        }
    }
}
