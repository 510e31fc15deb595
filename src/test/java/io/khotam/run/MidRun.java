package io.khotam.run;

import io.khotam.evidence.RunLayout;
import io.khotam.store.RunCatalog;
import java.nio.file.Files;
import java.nio.file.Path;

/** Waiting for a real process to be in the middle of a run: RUNNING, with this many candidate bytes written. */
final class MidRun {

    private MidRun() {}

    static boolean reached(Path staging, long candidateBytes) throws Exception {
        for (RunCatalog.Entry run : new RunCatalog(staging).list()) {
            Path candidates = run.dir().resolve(RunLayout.CANDIDATES);
            if ("RUNNING".equals(run.status()) && Files.exists(candidates) && Files.size(candidates) > candidateBytes) {
                return true;
            }
        }
        return false;
    }
}
