package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.khotam.KhotamProcess;
import io.khotam.store.RunCatalog;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, on the packaged jar: the bundled examples all complete. */
class ReadmeCommandIT {

    @TempDir
    Path home;

    @Test
    void runOnceWithExamplesOnThePackagedJar() throws Exception {
        try (KhotamProcess run = KhotamProcess.start("ReadmeCommandIT", "--home", home.toString(), "run", "--once", "--examples")) {
            assertThat(run.waitFor(120)).as(run.log()).isZero();
            assertThat(run.log()).contains("3 run(s): 3 completed, 0 rejected, 0 failed");
        }
        assertThat(new RunCatalog(home.resolve("staging")).list()).hasSize(3)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo("COMPLETED"));
    }
}
