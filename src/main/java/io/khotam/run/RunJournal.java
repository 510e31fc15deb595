package io.khotam.run;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The runs this process finished, in order: what {@code run --once} reports and turns into its exit code. */
public class RunJournal {

    public record Entry(String runId, String file, RunStatus status, String reason) {}

    private final List<Entry> finished = new CopyOnWriteArrayList<>();

    void finished(StagingRun run, String file) {
        finished.add(new Entry(run.getId(), file, run.status(), run.reason()));
    }

    public List<Entry> entries() {
        return List.copyOf(finished);
    }
}
