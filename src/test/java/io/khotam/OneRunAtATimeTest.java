package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** khotam.concurrent-runs=1: one run after the other, in the inbox's order (oldest file first). */
class OneRunAtATimeTest extends RunsAtOnceTestSupport {

    @Override
    int runsAtOnce() {
        return 1;
    }

    @Test
    void runsFollowTheInboxOrderOneAfterTheOther() throws Exception {
        List<RunDir> runs = dropAndRunAll();

        for (int i = 1; i < runs.size(); i++) {
            assertThat(started(runs.get(i))).as("the run of f%d begins after the one of f%d ended", i, i - 1)
                    .isAfterOrEqualTo(finished(runs.get(i - 1)));
        }
    }
}
