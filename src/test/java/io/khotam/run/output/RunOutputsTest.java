package io.khotam.run.output;

import io.khotam.nodes.LeaseLostException;
import io.khotam.nodes.RunFence;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A run's outputs ask its fence before anything reaches the disk: a node that lost the run makes not even a file. */
class RunOutputsTest {

    @TempDir
    Path runDir;

    @Test
    void aLostLeaseMakesNoFile() {
        RunFence lost = () -> {
            throw new LeaseLostException("node a no longer holds the lease on run r: another node took the run over");
        };
        RunOutputs outputs = new RunOutputs(runDir, lost);

        assertThatThrownBy(() -> outputs.writeLine("candidates/candidates.jsonl", out -> out.writeNumber(1)))
                .hasRootCauseInstanceOf(LeaseLostException.class);

        assertThat(runDir.resolve("candidates")).doesNotExist();
    }
}
