package io.khotam.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.KhotamProcess;
import io.khotam.Rows;
import io.khotam.store.RunCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real `serve` processes on one home: every file processed, none twice. */
class TwoProcessesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FILES = 60;

    @TempDir
    Path home;

    @Test
    void twoServesProcessEveryFileExactlyOnce() throws Exception {
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Path staging = home.resolve("staging");
        try (KhotamProcess a = KhotamProcess.start(getClass().getSimpleName() + "-a", "--home", home.toString(), "serve");
             KhotamProcess b = KhotamProcess.start(getClass().getSimpleName() + "-b", "--home", home.toString(), "serve")) {
            for (int i = 1; i <= FILES; i++) {
                StringBuilder rows = new StringBuilder();
                for (int r = 1; r <= 200; r++) {
                    rows.append(JSON.writeValueAsString(Rows.valid(String.format("FLORA-%04d%05d", i, r)))).append('\n');
                }
                Path part = Files.writeString(inbox.resolve("f" + i + ".jsonl.part"), rows);
                Files.move(part, inbox.resolve("f" + i + ".jsonl"));
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> finished(staging) == FILES);
            assertThat(a.alive() && b.alive()).as("both still serving").isTrue();
        }

        List<RunCatalog.Entry> runs = new RunCatalog(staging).list();
        assertThat(runs).hasSize(FILES);
        Set<String> files = new HashSet<>();
        Set<Long> owners = new HashSet<>();
        for (RunCatalog.Entry run : runs) {
            assertThat(run.status()).isEqualTo("COMPLETED");
            assertThat(run.manifest().counts().candidates()).isEqualTo(200);
            try (var inputs = Files.list(run.dir().resolve("input"))) {
                List<Path> held = inputs.toList();
                assertThat(held).hasSize(1);
                assertThat(files.add(held.get(0).getFileName().toString())).as("processed twice: %s", held).isTrue();
            }
            owners.add(run.manifest().owner().pid());
        }
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= FILES; i++) {
            expected.add("f" + i + ".jsonl");
        }
        assertThat(files).containsExactlyInAnyOrderElementsOf(expected);
        try (var left = Files.list(inbox)) {
            assertThat(left).isEmpty();
        }
        assertThat(owners).as("both processes claimed files").hasSize(2);
    }

    private static long finished(Path staging) throws Exception {
        return new RunCatalog(staging).list().stream().filter(r -> !"RUNNING".equals(r.status())).count();
    }
}
