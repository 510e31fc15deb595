package io.khotam.run.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.Rows;
import io.khotam.StagingRouteTestSupport;
import io.khotam.evidence.RunIds;
import io.khotam.evidence.RunLayout;
import io.khotam.store.RunCatalog;
import io.khotam.store.RunVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node stopped after ending a run and before the digest that closes its proof: a live node
 * (kho-tam's routes as serve runs them, on the demo registry) finds the proof in the catalogue
 * and its next digest closes it, the page and manifest written together.
 */
class OrphanedProofsTest extends StagingRouteTestSupport {

    @Override
    protected void moreProperties(Properties properties) {
        properties.setProperty("khotam.catalogue.quick-sweep", "200ms");
    }

    @Test
    void aProofLeftPendingByAStoppedNodeIsClosedByALiveOne() throws Exception {
        RunDir own = dropAndAwait("own.jsonl", jsonl(Rows.valid("FLORA-000001")));
        await().atMost(Duration.ofSeconds(20)).until(() -> !own.manifest().path("production").path("pending").asBoolean());

        Instant ended = Instant.now().minus(Duration.ofMinutes(1));
        Path left = leftPendingByAStoppedNode(own.dir, ended);
        RunDir orphan = new RunDir(left);
        assertThat(orphan.manifest().path("production").path("pending").asBoolean()).isTrue();

        await().atMost(Duration.ofSeconds(30)).until(() -> !orphan.manifest().path("production").path("pending").asBoolean());
        JsonNode proof = orphan.manifest().path("production");
        assertThat(proof.path("untouched").asBoolean()).as(proof.toString()).isTrue();
        assertThat(Instant.parse(proof.path("digest_after").path("at").asText())).as("closed by a digest taken after the run ended")
                .isAfter(ended);
        assertThat(RunVerifier.verify(new RunCatalog(staging()).find(orphan.id())).files())
                .as("its page was written again and listed with its new hash").allMatch(f -> f.state() == RunVerifier.State.OK);
        assertThat(Files.readString(left.resolve(RunLayout.REPORT))).contains(proof.path("digest_after").path("fingerprint").asText());
    }

    /** A copy of a finished run as a node that stopped before closing its proof leaves it: ended, waiting for a digest. */
    private Path leftPendingByAStoppedNode(Path finished, Instant ended) throws Exception {
        String id = RunIds.of(ended.minusSeconds(5), "00000000deadbeef", 0);
        Path copy = staging().resolve(id);
        try (Stream<Path> files = Files.walk(finished)) {
            for (Path from : (Iterable<Path>) files::iterator) {
                Files.copy(from, copy.resolve(finished.relativize(from).toString()));
            }
        }
        Path manifestFile = copy.resolve("evidence/manifest.json");
        ObjectNode manifest = (ObjectNode) JSON.readTree(manifestFile.toFile());
        manifest.put("run_id", id);
        manifest.put("started_at", ended.minusSeconds(5).toString());
        manifest.put("finished_at", ended.toString());
        manifest.withObjectProperty("owner").put("node", "a-node-that-stopped").put("pid", 999_999);
        ObjectNode production = (ObjectNode) manifest.path("production");
        production.put("pending", true).putNull("fingerprint_after").putNull("digest_after").putNull("untouched")
                .put("note", "waiting for the next shared digest of the registry, which closes this run's proof");
        Files.write(manifestFile, JSON.writeValueAsBytes(manifest));
        return copy;
    }
}
