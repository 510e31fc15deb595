package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/**
 * khotam.concurrent-runs through the real routes: a batch of files, each in a run of its own with
 * every row recorded once (ConcurrentRunsTest, OneRunAtATimeTest).
 */
public abstract class RunsAtOnceTestSupport extends StagingRouteTestSupport {

    static final int FILES = 4;
    static final int ROWS = 20_000; // long enough (a second or so each) for runs to overlap when they may


    @Override
    protected void moreProperties(Properties properties) {
        properties.setProperty("khotam.concurrent-runs", String.valueOf(runsAtOnce()));
        properties.setProperty("khotam.parser.max-file-bytes", String.valueOf(64 << 20));
    }

    abstract int runsAtOnce();

    /** Drops the files (oldest first), waits for every run, and returns them in the order of the inbox. */
    List<RunDir> dropAndRunAll() throws Exception {
        Instant oldest = Instant.now().minusSeconds(60);
        for (int f = 0; f < FILES; f++) {
            Path part = inbox().resolve("f" + f + ".jsonl.part");
            Rows.writeJsonl(part, ROWS);
            Files.setLastModifiedTime(part, FileTime.from(oldest.plusSeconds(f)));
            Files.move(part, inbox().resolve("f" + f + ".jsonl"));
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> runs().size() == FILES
                && runs().stream().noneMatch(run -> "RUNNING".equals(run.status())));
        List<RunDir> byInput = new ArrayList<>(runs());
        byInput.sort(Comparator.comparing(run -> run.manifest().path("input").path("file").asText()));
        for (RunDir run : byInput) {
            assertThat(run.status()).isEqualTo("COMPLETED");
            assertThat(run.counts().path("scanned").asLong()).as("every row once").isEqualTo(ROWS);
        }
        try (var left = Files.list(inbox())) {
            assertThat(left).as("every file claimed").isEmpty();
        }
        return byInput;
    }

    static Instant started(RunDir run) {
        return Instant.parse(run.manifest().path("started_at").asText());
    }

    static Instant finished(RunDir run) {
        return Instant.parse(run.manifest().path("finished_at").asText());
    }
}
