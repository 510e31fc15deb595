package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.khotam.Rows;
import io.khotam.run.RunsOfThisProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import me.tongfei.progressbar.ProgressBarConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress bar follows a real run: rows scanned of the rows the prescan found. */
class ProgressDisplayTest {

    @TempDir
    Path home;

    @Test
    void theBarShowsTheRunningFileAndItsRowCount() throws Exception {
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Rows.writeJsonl(inbox.resolve("progress.jsonl.part"), 100_000);
        Files.move(inbox.resolve("progress.jsonl.part"), inbox.resolve("progress.jsonl"));
        List<String> frames = new CopyOnWriteArrayList<>();
        AtomicBoolean closed = new AtomicBoolean();
        ProgressBarConsumer recorder = new ProgressBarConsumer() {
            @Override
            public int getMaxRenderedLength() {
                return 120;
            }

            @Override
            public void accept(String rendered) {
                frames.add(rendered);
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        ProgressDisplay[] display = new ProgressDisplay[1];
        KhotamCli cli = new KhotamCli();
        cli.home = home;
        cli.registryOptions.none = true;
        CompletableFuture<RunsOfThisProcess> run = CompletableFuture.supplyAsync(() -> {
            try {
                return cli.engine().runOnce(journal -> display[0] = new ProgressDisplay(journal, recorder)).runs();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(run.get().entries()).singleElement().satisfies(e -> assertThat(e.status().name()).isEqualTo("COMPLETED"));
        assertThat(closed).as("the bar ended its line when the run ended, before the run's end line was logged").isTrue();
        display[0].close();

        assertThat(frames).isNotEmpty();
        assertThat(frames.get(frames.size() - 1)).contains("progress.jsonl").contains("/100000").contains("rows");
    }
}
