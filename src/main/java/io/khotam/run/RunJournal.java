package io.khotam.run;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The runs this process finished, in order: what {@code run --once} reports and turns into its exit code. */
public class RunJournal {

    /** @param production the run's no-production-touch proof */
    public record Entry(String runId, String file, RunStatus status, String reason, Manifest.Production production) {

        /** A registry is configured but the run cannot claim it untouched (changed, or not readable). */
        public boolean productionUnproven() {
            return production.configured() && !Boolean.TRUE.equals(production.untouched());
        }
    }

    private final List<Entry> finished = new CopyOnWriteArrayList<>();

    void finished(StagingRun run, String file) {
        finished.add(new Entry(run.getId(), file, run.status(), run.reason(), run.production()));
    }

    public List<Entry> entries() {
        return List.copyOf(finished);
    }
}
