package io.khotam.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.FileTrees;
import io.khotam.Json;
import io.khotam.bench.RunHomes;
import io.khotam.catalogue.Catalogues;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code bench --runs N}: an operator's day on a home of N runs (BENCHMARKS.md "Ops at scale"),
 * each step timed from outside as an operator meets it: the catalogue rebuilt from the files
 * ({@code catalogue --rebuild}), {@code list --limit 20}, and against a started {@code serve} the
 * console's first page, a filtered API page, a dead-letter search by entity and a live view's look.
 */
final class CatalogueBench {

    private static final ObjectMapper JSON = Json.DATA;
    private static final int TIMED = 20;

    private final PrintWriter out;
    private final Path home;
    private final int runs;
    private final List<String> measuredJava;
    private final String jvmSettings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param measuredJava the measured JVM's command up to its main class (java, heap, options, class path)
     * @param jvmSettings its heap and options, for the header
     */
    CatalogueBench(PrintWriter out, Path dir, int runs, List<String> measuredJava, String jvmSettings) {
        this.out = out;
        this.home = dir.resolve("runs-" + runs).toAbsolutePath();
        this.runs = runs;
        this.measuredJava = measuredJava;
        this.jvmSettings = jvmSettings;
    }

    int run() throws Exception {
        Path staging = home.resolve("staging");
        if (!Files.isDirectory(staging)) {
            out.printf("generating %,d runs in %s (kept for the next bench) ...%n", runs, home);
            out.flush();
            Path part = Files.createDirectories(home.resolve("staging.part"));
            RunHomes.write(part, runs, 42, Instant.parse("2026-12-07T00:00:00Z"), n -> {
                if (n % 10_000 == 0) {
                    out.printf("  %,d runs written%n", n);
                    out.flush();
                }
            });
            Files.move(part, staging);
        }
        out.printf("bench: a home of %,d runs, %s, %d cores%n", runs, jvmSettings, Runtime.getRuntime().availableProcessors());
        FileTrees.remove(staging.resolve(Catalogues.DIR));
        double rebuild = timed("catalogue", "--rebuild");
        out.printf("catalogue --rebuild: %.1f s%n", rebuild);
        List<Double> lists = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lists.add(timed("list", "--limit", "20"));
        }
        double list = median(lists);
        out.printf("list --limit 20: median %.2f s of 5 (JVM start included)%n", list);

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        Process serve = java(home.resolve("serve.log"), "--home", home.toString(), "--no-registry", "serve", "--http-port",
                Integer.toString(port));
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!ready(base)) {
                if (System.nanoTime() > deadline || !serve.isAlive()) {
                    throw new IllegalStateException("serve did not answer within 5 minutes; see " + home.resolve("serve.log"));
                }
                Thread.sleep(500);
            }
            Timing page = time(base + "/");
            Timing filtered = time(base + "/api/runs?status=FAILED,INTERRUPTED&node=node-b&limit=100");
            Timing attention = time(base + "/api/runs?attention=true&limit=100");
            Timing search = time(base + "/api/dead-letters?entity_code=FAUNA-001234");
            Thread.sleep(4000); // past the look-back of a live view's ask: what serve's start-up sweep wrote is not a change now
            String next = JSON.readTree(get(base + "/api/changes").body()).path("next").asText();
            Timing look = time(base + "/api/changes?since=" + next);
            out.printf("console first page: %d KB, median %.0f ms, p95 %.0f ms%n", page.bytes() >> 10, page.median(), page.p95());
            out.printf("filtered API page (status, node): median %.0f ms, p95 %.0f ms%n", filtered.median(), filtered.p95());
            out.printf("needs-attention API page: median %.0f ms, p95 %.0f ms%n", attention.median(), attention.p95());
            out.printf("dead-letter search by entity: median %.0f ms, p95 %.0f ms%n", search.median(), search.p95());
            out.printf("live view, one look with nothing changed: %d bytes, median %.0f ms%n", look.bytes(), look.median());
            out.printf("runs=%d console_page_kb=%d console_page_ms=%.0f api_filtered_ms=%.0f letters_search_ms=%.0f live_look_bytes=%d "
                            + "list_limit_20_s=%.2f rebuild_s=%.1f%n", runs, page.bytes() >> 10, page.median(), filtered.median(),
                    search.median(), look.bytes(), list, rebuild);
        } finally {
            serve.destroy();
            serve.waitFor();
        }
        return ExitCode.OK;
    }

    private boolean ready(String base) {
        try {
            HttpResponse<String> counts = get(base + "/api/counts");
            return counts.statusCode() == 200 && JSON.readTree(counts.body()).path("all").asLong() == runs;
        } catch (IOException | InterruptedException notYet) {
            return false;
        }
    }

    private record Timing(List<Double> millis, long bytes) {
        double median() {
            return CatalogueBench.median(millis);
        }

        double p95() {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1);
        }
    }

    /** Five answers to warm up, then {@value #TIMED} timed. */
    private Timing time(String url) throws Exception {
        long bytes = 0;
        for (int i = 0; i < 5; i++) {
            get(url);
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < TIMED; i++) {
            long started = System.nanoTime();
            HttpResponse<String> answer = get(url);
            millis.add((System.nanoTime() - started) / 1e6);
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + answer.statusCode() + ": " + answer.body());
            }
            bytes = answer.body().getBytes(StandardCharsets.UTF_8).length;
        }
        return new Timing(millis, bytes);
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A kho-tam command's wall time, JVM start included (as an operator waits for it). */
    private double timed(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("--home", home.toString()));
        command.addAll(List.of(args));
        long started = System.nanoTime();
        Process process = java(home.resolve(args[0] + ".log"), command.toArray(String[]::new));
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", args) + " exited " + exit + "; see " + home.resolve(args[0] + ".log"));
        }
        return seconds;
    }

    private Process java(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(measuredJava);
        command.add(KhotamCli.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
