package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A producer that writes straight into the inbox, slowly, without the .part convention: the file
 * is not claimed while it keeps changing (readLock=changed, khotam.inbox.read-lock-min-age).
 */
class SlowWriterTest extends StagingRouteTestSupport {

    @Override
    protected void moreProperties(Properties properties) {
        properties.setProperty("khotam.inbox.read-lock-min-age", "700");
    }

    @Test
    void aFileStillBeingWrittenIsClaimedOnlyWhenItStopsChanging() throws Exception {
        Files.createDirectories(inbox());
        int lines = 60;
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (BufferedWriter out = Files.newBufferedWriter(inbox().resolve("slow.jsonl"), StandardOpenOption.CREATE_NEW)) {
                for (int i = 1; i <= lines; i++) {
                    out.write(write(Rows.valid(String.format("FLORA-%06d", i))));
                    out.write('\n');
                    out.flush();
                    LockSupport.parkNanos(40_000_000L); // 40 ms between lines: 2.4 s in all
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        RunDir run = awaitRunFor("slow.jsonl");
        writer.get();

        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(run.counts().path("scanned").asInt()).as("the whole file, not a prefix").isEqualTo(lines);
        assertThat(run.candidates()).hasSize(lines);
        assertThat(runs()).hasSize(1);
    }
}
