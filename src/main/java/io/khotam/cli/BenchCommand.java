package io.khotam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.khotam.Json;
import io.khotam.Secrets;
import io.khotam.bench.Fixtures;
import io.khotam.bench.ScratchRegistry;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.ProducerUsed;
import io.khotam.evidence.RunStatus;
import io.khotam.intake.InputFormat;
import io.khotam.registry.RegistrySettings;
import io.khotam.store.RunCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the pipeline (`run --once`) against two floors on one generated fixture, each in its own JVM with the given heap: the floor (the same parse, Bean Validation groups and writers in a plain loop, no Camel) and the bare floor (the same, with the row checks called as plain Java: no framework at all). Times are in-run (JVM start excluded). Ends with: rows=N floor_rows_per_s=F floor_bare_rows_per_s=B pipeline_rows_per_s=P ratio=R ratio_bare=RB peak_rss_mb=M")
class BenchCommand extends Subcommand {

    private static final Pattern FLOOR = Pattern.compile("floor_rows=(\\d+) floor_seconds=([0-9.]+)");
    private static final Pattern PEAK_HEAP = Pattern.compile("peak_heap_mb=(\\d+)");
    private static final String WARM_UP_PREFIX = "w";

    @Option(names = "--rows", defaultValue = "100000", description = "Rows in the fixture (default ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl or json (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--dir", defaultValue = "bench", paramLabel = "DIR",
            description = "Where fixtures and the measured homes go (default ./${DEFAULT-VALUE}; keep it out of git).")
    Path dir;

    @Option(names = "--heap", defaultValue = "256m", description = "-Xmx of both JVMs (default ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--jvm-option", paramLabel = "OPTION", description = "Another option for every measured JVM "
            + "(repeatable): --jvm-option=-XX:+UseSerialGC measures the collector bin/kho-tam and the image run with.")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--producer", paramLabel = "PRODUCER", description = "Also measure a run with this producer under test "
            + "(sql:FILE or exec:\"COMMAND\") on the same fixture, against the built-in pipeline: rows/s of the whole run and "
            + "of its parts (load, producer, read-back and judge), and its peak RSS; then two reruns with it that reuse "
            + "the reference: of the pipeline's run, and of the producer's own run.")
    String producer;

    @Option(names = "--workspace-url", paramLabel = "URL", description = "The workspace of --producer (default: embedded).")
    String workspaceUrl;

    @Option(names = "--files", paramLabel = "N", description = "Measure many small files instead: N files of "
            + "--rows-per-file rows each, one `run --once --no-registry` over them all (with --producer, under it; with "
            + "--registry-rows, against that registry). Ends with: files=N rows_per_file=M [warm_up=W] files_per_s=F "
            + "(first run's start to last run's end) files_per_s_wall=W (the whole command, JVM start and the "
            + "registry's digests included) median_run_ms=R")
    Integer files;

    @Option(names = "--registry-rows", paramLabel = "N", description = "With --files: run them against a PostgreSQL "
            + "registry of N rows, made for the measure in a scratch schema of --registry-url and dropped after it.")
    Long registryRows;

    @Option(names = "--registry-url", paramLabel = "URL", description = "The PostgreSQL of --registry-rows, as a user that "
            + "may create a schema (user and password in the URL, or KHOTAM_REGISTRY_USER / KHOTAM_REGISTRY_PASSWORD).")
    String registryUrl;

    @Option(names = "--rows-per-file", defaultValue = "10", paramLabel = "M", description = "Rows in each of --files (default ${DEFAULT-VALUE}).")
    int rowsPerFile;

    @Option(names = "--warm-up", defaultValue = "0", paramLabel = "W", description = "With --files: W more files of the "
            + "same kind, older, so the same `run --once` runs them first; files_per_s then counts only the N files after "
            + "them: the rate of a process that has been working a while (a `serve` that is up), not of a cold JVM. "
            + "files_per_s_wall stays the whole command over all N + W files (default ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--runs", paramLabel = "N", description = "Measure an operator's day on a home of N runs instead "
            + "(made once under --dir and kept): the catalogue rebuilt, list --limit 20, and against a serve the console's first "
            + "page, a filtered API page, a dead-letter search and a live view's look. Ends with: runs=N console_page_kb=K "
            + "console_page_ms=C api_filtered_ms=A letters_search_ms=S live_look_bytes=B list_limit_20_s=L rebuild_s=R")
    Integer runs;

    @Option(names = "--keep", description = "Keep the two measured homes (their outputs) instead of removing them.")
    boolean keep;

    /** @param home where it ran (deleted after, unless kept) */
    record Measure(long rows, double seconds, long peakHeapMb, long peakRssMb, JsonNode counts, Path home) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (runs != null) {
            return new CatalogueBench(out(), dir, runs, measuredJava(), String.join(" ", jvmSettings())).run();
        }
        if (files != null) {
            return smallFiles();
        }
        InputFormat inputFormat = "json".equals(format) ? InputFormat.JSON : "jsonl".equals(format) ? InputFormat.JSONL : null;
        if (inputFormat == null || rows < 1) {
            throw new IllegalArgumentException("--format is jsonl or json and --rows at least 1");
        }
        Files.createDirectories(dir);
        Path fixture = dir.resolve("fixture-" + rows + "." + format).toAbsolutePath();
        if (!Files.exists(fixture)) {
            out().printf("generating %s ...%n", fixture);
            Fixtures.write(fixture, rows, inputFormat);
        }
        out().printf("bench: %d rows, %s, %d MB, %s, %d cores%n", rows, format, Files.size(fixture) >> 20, String.join(" ", jvmSettings()),
                Runtime.getRuntime().availableProcessors());

        Measure bare = measure("floor_bare", fixture, List.of("io.khotam.bench.FloorLoop"), List.of("--bare"), false);
        Measure floor = measure("floor", fixture, List.of("io.khotam.bench.FloorLoop"), List.of(), false);
        Measure pipeline = measure("pipeline", fixture, List.of("io.khotam.cli.MeasuredPipeline"), List.of(), true,
                producer != null || keep);
        boolean agree = floor.counts().equals(pipeline.counts()) && bare.counts().equals(pipeline.counts());
        out().printf("outputs agree: %s%n", agree ? "yes (identical manifest counts)"
                : "NO: " + bare.counts() + " vs " + floor.counts() + " vs " + pipeline.counts());
        out().printf("rows=%d floor_rows_per_s=%.0f floor_bare_rows_per_s=%.0f pipeline_rows_per_s=%.0f ratio=%.2f "
                        + "ratio_bare=%.2f peak_rss_mb=%d%n", rows, floor.rowsPerSecond(), bare.rowsPerSecond(),
                pipeline.rowsPerSecond(), floor.seconds() / pipeline.seconds(), bare.seconds() / pipeline.seconds(),
                pipeline.peakRssMb());
        boolean producerAgrees = true;
        if (producer != null) {
            List<String> options = new ArrayList<>(List.of("--producer", producer));
            if (workspaceUrl != null) {
                options.addAll(List.of("--workspace-url", workspaceUrl));
            }
            Measure underTest = measure("producer", fixture, List.of("io.khotam.cli.MeasuredPipeline"), options, true, true);
            producerAgrees = underTest.rows() == rows;
            out().printf("producer_rows_per_s=%.0f producer_ratio=%.2f (built-in pipeline seconds / producer run seconds) "
                            + "producer_peak_rss_mb=%d%n", underTest.rowsPerSecond(), pipeline.seconds() / underTest.seconds(),
                    underTest.peakRssMb());
            // the loop a registry engineer lives in: the same producer again, reusing the reference of the run it reruns:
            // the pipeline's (built from its candidates and dead letters), then the producer run's (its reference file)
            Measure rerun = measureRerun("rerun:", pipeline, options);
            Measure again = measureRerun("again:", underTest, options);
            producerAgrees &= rerun.rows() == rows && again.rows() == rows;
            out().printf("producer_rerun_rows_per_s=%.0f producer_rerun_ratio=%.2f (built-in pipeline seconds / rerun seconds, "
                            + "its reference reused) producer_rerun_peak_rss_mb=%d%n", rerun.rowsPerSecond(),
                    pipeline.seconds() / rerun.seconds(), rerun.peakRssMb());
            out().printf("producer_again_rows_per_s=%.0f producer_again_ratio=%.2f (built-in pipeline seconds / seconds of "
                            + "a rerun of the producer run, its reference file reused) producer_again_peak_rss_mb=%d%n",
                    again.rowsPerSecond(), pipeline.seconds() / again.seconds(), again.peakRssMb());
            if (!keep) {
                deleteTree(pipeline.home());
                deleteTree(underTest.home());
            }
        }
        return agree && producerAgrees && bare.rows() == rows && floor.rows() == rows && pipeline.rows() == rows
                ? ExitCode.OK : ExitCode.INTERNAL;
    }

    private Measure measure(String kind, Path fixture, List<String> main, List<String> options, boolean pipeline) throws Exception {
        return measure(kind, fixture, main, options, pipeline, keep);
    }

    /** This Java, the heap and the options given, this jar on the class path: the measured JVM up to its main class. */
    private List<String> measuredJava() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmSettings());
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        return command;
    }

    /** The heap and the options given. */
    private List<String> jvmSettings() {
        List<String> settings = new ArrayList<>(List.of("-Xmx" + heap));
        settings.addAll(jvmOptions);
        return settings;
    }

    /** `rerun RUN --producer P` on the first (oldest) run of a measured home, in that home: a producer rerun that reuses the reference. */
    private Measure measureRerun(String label, Measure of, List<String> options) throws Exception {
        String runId = new RunCatalog(of.home().resolve("staging")).list().get(0).runId();
        List<String> command = measuredJava();
        command.addAll(List.of("io.khotam.cli.MeasuredPipeline", "--home", of.home().toString(), "--no-registry", "rerun", runId));
        command.addAll(options);
        Path log = of.home().resolve("rerun-" + label.replace(":", "") + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long peakRssKb = 0;
        while (!process.waitFor(50, TimeUnit.MILLISECONDS)) {
            peakRssKb = Math.max(peakRssKb, highWaterMarkKb(process.pid()));
        }
        Manifest manifest = new RunCatalog(of.home().resolve("staging")).newestFirst().get(0).manifest();
        double seconds = Duration.between(manifest.startedAt(), manifest.finishedAt()).toNanos() / 1e9;
        ProducerUsed used = manifest.producerOrBuiltin();
        out().printf("%-9s %,d rows in %.2f s = %,.0f rows/s; peak RSS %d MB (%s, exit %d); reference from %s; parts (ms): %s; "
                        + "verdict %s%n", label, manifest.counts().scanned(), seconds, manifest.counts().scanned() / seconds,
                peakRssKb >> 10, manifest.status(), process.exitValue(), used.referenceFrom() == null ? "none (inspected again)"
                        : used.referenceFrom().runId() + " " + used.referenceFrom().from(), used.millis(), used.verdict());
        return new Measure(manifest.counts().scanned(), seconds, -1, peakRssKb >> 10, null, of.home());
    }

    private Measure measure(String kind, Path fixture, List<String> main, List<String> options, boolean pipeline, boolean keepHome)
            throws Exception {
        Path home = dir.resolve(kind + "-" + format + "-" + rows).toAbsolutePath();
        deleteTree(home);
        Files.createDirectories(home.resolve("inbox"));
        Files.createLink(home.resolve("inbox").resolve(fixture.getFileName()), fixture); // the claim moves the link only
        List<String> command = measuredJava();
        command.addAll(main);
        command.addAll(pipeline ? List.of("--home", home.toString(), "--no-registry", "run", "--once") : List.of(home.toString()));
        command.addAll(options); // the child works in this directory: a relative script path means the same there
        Path log = home.resolve(kind + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long peakRssKb = 0;
        while (!process.waitFor(50, TimeUnit.MILLISECONDS)) {
            peakRssKb = Math.max(peakRssKb, highWaterMarkKb(process.pid()));
        }
        String output = Files.readString(log);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(kind + " exited " + process.exitValue() + "; see " + log);
        }
        RunCatalog.Entry run = new RunCatalog(home.resolve("staging")).list().get(0);
        Manifest manifest = run.manifest();
        double seconds;
        if (pipeline) {
            seconds = Duration.between(manifest.startedAt(), manifest.finishedAt()).toNanos() / 1e9;
        } else {
            Matcher m = FLOOR.matcher(output);
            if (!m.find()) {
                throw new IllegalStateException("the floor printed no timing; see " + log);
            }
            seconds = Double.parseDouble(m.group(2));
        }
        Matcher heapMatch = PEAK_HEAP.matcher(output);
        long peakHeap = heapMatch.find() ? Long.parseLong(heapMatch.group(1)) : -1;
        Measure measure = new Measure(manifest.counts().scanned(), seconds, peakHeap, peakRssKb >> 10,
                Json.DATA.valueToTree(manifest.counts()), home);
        out().printf("%-9s %,d rows in %.2f s = %,.0f rows/s; peak heap %d MB, peak RSS %d MB (%s)%n", kind + ":",
                measure.rows(), seconds, measure.rowsPerSecond(), peakHeap, measure.peakRssMb(), manifest.status());
        ProducerUsed used = manifest.producerOrBuiltin();
        if (!used.builtin() && used.millis() != null) {
            out().printf("          parts (ms): %s; verdict %s%n", used.millis(), used.verdict());
        }
        if (!keepHome) {
            deleteTree(home);
        }
        return measure;
    }

    /** Many small files through one `run --once`: files per second in the runs and over the whole command. */
    private int smallFiles() throws Exception {
        if (files < 1 || rowsPerFile < 1 || warmUp < 0) {
            throw new IllegalArgumentException("--files and --rows-per-file are at least 1, --warm-up at least 0");
        }
        if (registryRows == null) {
            return smallFiles(null);
        }
        if (registryRows < 0 || registryUrl == null || !registryUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--registry-rows needs a --registry-url jdbc:postgresql:… where a scratch "
                    + "schema may be made");
        }
        out().printf("bench: making a registry of %,d rows in a scratch schema …%n", registryRows);
        long made = System.nanoTime();
        // the user and password stay in the environment: the measured run inherits them, and no command line shows them
        try (ScratchRegistry registry = ScratchRegistry.create(RegistrySettings.of(registryUrl, dir, Secrets.environment()),
                registryRows)) {
            out().printf("bench: registry %s made in %.1f s%n", registry.schema(), (System.nanoTime() - made) / 1e9);
            return smallFiles(registry.url());
        }
    }

    /** @param registry the registry the runs read, or null: none */
    private int smallFiles(String registry) throws Exception {
        Path home = dir.resolve("files-" + files + "x" + rowsPerFile).toAbsolutePath();
        deleteTree(home);
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        for (int f = 0; f < files; f++) {
            Fixtures.write(inbox.resolve(String.format("f%06d.jsonl", f)), f * rowsPerFile + 1, rowsPerFile, InputFormat.JSONL);
        }
        // the inbox is taken oldest first: an hour older, the warm-up files are all claimed before the measured ones
        FileTime older = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        for (int w = 0; w < warmUp; w++) {
            Path file = inbox.resolve(String.format(WARM_UP_PREFIX + "%06d.jsonl", w));
            Fixtures.write(file, (files + w) * rowsPerFile + 1, rowsPerFile, InputFormat.JSONL);
            Files.setLastModifiedTime(file, older);
        }
        out().printf("bench: %d files of %d rows%s, %s, %d cores%n", files, rowsPerFile,
                warmUp == 0 ? "" : " after " + warmUp + " to warm up", String.join(" ", jvmSettings()), Runtime.getRuntime().availableProcessors());
        List<String> command = measuredJava();
        command.addAll(List.of("io.khotam.cli.MeasuredPipeline", "--home", home.toString()));
        command.addAll(registry == null ? List.of("--no-registry") : List.of("--registry-url", registry));
        command.addAll(List.of("run", "--once", "--no-progress"));
        if (producer != null) {
            command.addAll(List.of("--producer", producer));
        }
        Path log = home.resolve("files.log");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = process.waitFor();
        double wall = (System.nanoTime() - started) / 1e9;
        List<Manifest> all = new ArrayList<>();
        for (RunCatalog.Entry run : new RunCatalog(home.resolve("staging")).list()) {
            all.add(run.manifest());
        }
        int dropped = files + warmUp;
        long completed = all.stream().filter(m -> m.status() == RunStatus.COMPLETED).count();
        long proven = all.stream().filter(m -> Boolean.TRUE.equals(m.production().untouched())).count();
        out().printf("%d of %d files COMPLETED (exit %d; log %s)%s%n", completed, dropped, exit, log,
                registry == null ? "" : "; production proven untouched by " + proven + " of them");
        List<Manifest> measured = all.stream().filter(m -> !m.input().file().startsWith(WARM_UP_PREFIX)).toList();
        if (measured.size() != files) {
            throw new IllegalStateException(measured.size() + " runs of the " + files + " measured files in " + home);
        }
        Instant first = measured.stream().map(Manifest::startedAt).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = measured.stream().map(Manifest::finishedAt).max(Comparator.naturalOrder()).orElseThrow();
        double inRuns = Duration.between(first, last).toNanos() / 1e9;
        List<Long> millis = measured.stream().map(m -> Duration.between(m.startedAt(), m.finishedAt()).toMillis()).sorted().toList();
        out().printf("files=%d rows_per_file=%d%s files_per_s=%.0f files_per_s_wall=%.0f median_run_ms=%d%n", files, rowsPerFile,
                warmUp == 0 ? "" : " warm_up=" + warmUp, files / inRuns, dropped / wall, millis.get(millis.size() / 2));
        if (!keep) {
            deleteTree(home);
        }
        return completed == dropped && (registry == null || proven == dropped) ? ExitCode.OK : ExitCode.INTERNAL;
    }

    /** VmHWM: the process's peak resident set so far (Linux); 0 where /proc is not there. */
    private static long highWaterMarkKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process just ended
        }
        return 0;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
