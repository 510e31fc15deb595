package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.store.RunCatalog;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** khotam.retention through the real retention route: old finished runs go, recent ones stay. */
class RetentionTest extends StagingRouteTestSupport {

    @Override
    protected void moreProperties(Properties properties) {
        properties.setProperty("khotam.retention", "2d");
        properties.setProperty("khotam.retention.initial-delay", "0");
        properties.setProperty("khotam.retention.check-interval", "100");
    }

    @Test
    void finishedRunsOlderThanTheRetentionAreDeleted() throws Exception {
        RunDir old = dropAndAwait("old.jsonl", jsonl(Rows.valid()));
        RunDir recent = dropAndAwait("recent.jsonl", jsonl(Rows.valid()));
        ObjectNode manifest = (ObjectNode) old.manifest();
        manifest.put("started_at", "2026-01-01T00:00:00Z");
        JSON.writeValue(old.dir.resolve("evidence/manifest.json").toFile(), manifest);

        // a delete renames the run into .trash at once, then removes it there: wait for both
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(old.dir)
                && !Files.exists(staging().resolve(".trash").resolve(old.id())));

        assertThat(recent.dir).isDirectory();
        assertThat(new RunCatalog(staging()).unfinishedDeletes()).isEmpty();
    }
}
