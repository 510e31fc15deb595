package io.khotam.console;

import io.khotam.Problems;
import io.khotam.catalogue.CatalogueStore;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The console's questions to the run catalogue, each answered within a bound: a workspace
 * PostgreSQL out of reach (packets dropped, not refused) would otherwise hold a page, and the live
 * view's every look, until the driver gives up. Past the bound the question is answered 503 with
 * the reason, and the page says so; a question still stuck keeps one of a few askers, and when all
 * are stuck the next is answered 503 at once.
 */
public class CatalogueAsks {

    /** One question, asked of the store. */
    @FunctionalInterface
    public interface Question<T> {
        T ask(CatalogueStore store) throws SQLException;
    }

    private static final int ASKERS = 4;

    private final Supplier<CatalogueStore> catalogue;
    private final Duration bound;
    private final ThreadPoolExecutor askers = new ThreadPoolExecutor(0, ASKERS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
        Thread thread = new Thread(task, "khotam-catalogue-ask");
        thread.setDaemon(true);
        return thread;
    });

    public CatalogueAsks(Supplier<CatalogueStore> catalogue, Duration bound) {
        this.catalogue = catalogue;
        this.bound = bound;
    }

    /** @throws ApiRefusal 503 when the catalogue does not answer within the bound */
    public <T> T ask(Question<T> question) throws IOException {
        Future<T> answer;
        try {
            answer = askers.submit(() -> question.ask(catalogue.get()));
        } catch (RejectedExecutionException busy) {
            throw unavailable("is still held by " + ASKERS + " earlier questions");
        }
        try {
            return answer.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException late) {
            answer.cancel(true);
            throw unavailable("did not answer within " + bound.toMillis() + " ms");
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException e) {
                throw e;
            }
            throw new IOException("the run catalogue cannot answer: " + Problems.describe(failed.getCause()), failed.getCause());
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the run catalogue", stopping);
        }
    }

    private static ApiRefusal unavailable(String why) {
        return new ApiRefusal(503, "the run catalogue " + why + ": is the workspace PostgreSQL out of reach? The runs and "
                + "their files are untouched; the console asks again at its next look");
    }
}
