package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** khotam.concurrent-runs=2: files dropped together run at once, each whole in its own run. */
class ConcurrentRunsTest extends RunsAtOnceTestSupport {

    @Override
    int runsAtOnce() {
        return 2;
    }

    @Test
    void runsOverlapAndEachIsWhole() throws Exception {
        List<RunDir> runs = dropAndRunAll();

        boolean overlap = false;
        for (int i = 0; i < runs.size(); i++) {
            for (int j = i + 1; j < runs.size(); j++) {
                overlap |= started(runs.get(i)).isBefore(finished(runs.get(j)))
                        && started(runs.get(j)).isBefore(finished(runs.get(i)));
            }
        }
        assertThat(overlap).as("two runs were in progress at once").isTrue();
    }
}
