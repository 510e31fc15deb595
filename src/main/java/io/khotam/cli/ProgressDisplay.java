package io.khotam.cli;

import io.khotam.run.RunsOfThisProcess;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar per run for `run --once` in a terminal: rows scanned of the rows the prescan
 * found. Off a terminal nothing is drawn; the log's progress lines say the same in plain text.
 */
final class ProgressDisplay implements AutoCloseable {

    private final RunsOfThisProcess runs;
    private final ProgressBarConsumer consumer;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "khotam-progress");
        thread.setDaemon(true);
        return thread;
    });
    private ProgressBar bar;
    private String barRun;

    ProgressDisplay(RunsOfThisProcess runs, ProgressBarConsumer consumer) {
        this.runs = runs;
        this.consumer = consumer;
        ticker.scheduleAtFixedRate(this::refresh, 0, 200, TimeUnit.MILLISECONDS);
        // the run's end line is logged right after: the bar ends its own line first, so they never share one
        runs.onFinished(runId -> ended(runId));
    }

    private synchronized void ended(String runId) {
        if (runId.equals(barRun)) {
            closeBar();
            barRun = null;
        }
    }

    synchronized void refresh() {
        var progress = runs.current();
        if (progress.isEmpty() || progress.get().expected() < 0) {
            return;
        }
        RunsOfThisProcess.Progress p = progress.get();
        if (!p.runId().equals(barRun)) {
            closeBar();
            bar = new ProgressBarBuilder().setTaskName(p.file()).setInitialMax(p.expected()).setUnit(" rows", 1)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(consumer).showSpeed().continuousUpdate().build();
            barRun = p.runId();
        }
        bar.stepTo(p.scanned());
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        closeBar();
    }
}
