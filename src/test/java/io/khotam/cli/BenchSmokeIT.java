package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.khotam.KhotamProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small run of the benchmark on the packaged jar: it works and agrees with itself. No timing is asserted. */
class BenchSmokeIT {

    @TempDir
    Path dir;

    @Test
    void tenThousandRowsInBothFormats() throws Exception {
        for (String format : new String[] {"jsonl", "json"}) {
            try (KhotamProcess bench = KhotamProcess.start("BenchSmokeIT-" + format, "bench", "--rows", "10000",
                    "--format", format, "--dir", dir.toString())) {
                assertThat(bench.waitFor(300)).as(bench.log()).isZero();
                String log = bench.log();
                assertThat(log).contains("outputs agree: yes")
                        .containsPattern("(?m)^rows=10000 floor_rows_per_s=\\d+ pipeline_rows_per_s=\\d+ ratio=\\d+\\.\\d\\d peak_rss_mb=\\d+$");
            }
            assertThat(dir.resolve("fixture-10000." + format)).exists();
            try (var left = Files.list(dir)) {
                assertThat(left.filter(Files::isDirectory)).as("measured homes removed").isEmpty();
            }
        }
    }
}
