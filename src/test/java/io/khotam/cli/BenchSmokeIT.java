package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.KhotamProcess;
import io.khotam.evidence.Manifest;
import io.khotam.store.RunCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small run of the benchmark on the packaged jar: it works, and its three measured runs (bare
 * floor, floor, pipeline) write the same lines apart from run ids, stamp instants and the hashes
 * over them. No timing is asserted.
 */
class BenchSmokeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> OUTPUTS = List.of("candidates/candidates.jsonl", "dead-letter/admission.jsonl",
            "dead-letter/pen.jsonl", "dead-letter/stamp.jsonl", "dead-letter/gate.jsonl", "evidence/skipped.jsonl");

    @TempDir
    Path dir;

    @Test
    void tenThousandRowsInBothFormats() throws Exception {
        for (String format : new String[] {"jsonl", "json"}) {
            boolean keep = format.equals("jsonl"); // the json round: the measured homes go by default, and it gives them a JVM option
            try (KhotamProcess bench = KhotamProcess.start("BenchSmokeIT-" + format, "bench", "--rows", "10000",
                    "--format", format, "--dir", dir.toString(), keep ? "--keep" : "--jvm-option=-XX:+UseSerialGC")) {
                assertThat(bench.waitFor(300)).as(bench.log()).isZero();
                String log = bench.log();
                if (!keep) { // the measured JVMs' options, as given
                    assertThat(log).contains("-Xmx256m -XX:+UseSerialGC, " + Runtime.getRuntime().availableProcessors() + " cores");
                }
                assertThat(log).contains("outputs agree: yes")
                        .containsPattern("(?m)^rows=10000 floor_rows_per_s=\\d+ floor_bare_rows_per_s=\\d+ "
                                + "pipeline_rows_per_s=\\d+ ratio=\\d+\\.\\d\\d ratio_bare=\\d+\\.\\d\\d peak_rss_mb=\\d+$");
            }
            assertThat(dir.resolve("fixture-10000." + format)).exists();
            if (!keep) {
                try (var left = Files.list(dir)) {
                    assertThat(left.filter(Files::isDirectory).map(d -> d.getFileName().toString()))
                            .as("measured homes removed").noneMatch(name -> name.endsWith("-json-10000"));
                }
                continue;
            }
            TreeMap<String, List<String>> pipeline = normalisedOutputs(dir.resolve("pipeline-" + format + "-10000"));
            assertThat(pipeline.get("candidates/candidates.jsonl")).hasSize(9000);
            assertThat(normalisedOutputs(dir.resolve("floor_bare-" + format + "-10000"))).isEqualTo(pipeline);
            assertThat(normalisedOutputs(dir.resolve("floor-" + format + "-10000"))).isEqualTo(pipeline);
        }
    }

    @Test
    void aProducerIsMeasuredOnItsRunAndOnTwoRerunsThatReuseTheReference() throws Exception {
        try (KhotamProcess bench = KhotamProcess.start("BenchSmokeIT-producer", "bench", "--rows", "2000", "--dir", dir.toString(),
                "--producer", "sql:" + Path.of("examples/producers/reference.sql").toAbsolutePath())) {
            assertThat(bench.waitFor(300)).as(bench.log()).isZero();
            assertThat(bench.log())
                    .containsPattern("(?m)^producer: .* \\(COMPLETED\\)$")
                    .containsPattern("(?m)^rerun: .*reference from \\S+ candidates and dead letters; .*verdict CONFORMS$")
                    .containsPattern("(?m)^again: .*reference from \\S+ evidence/reference.jsonl; .*verdict CONFORMS$")
                    .containsPattern("(?m)^producer_rows_per_s=\\d+ producer_ratio=\\d+\\.\\d\\d ")
                    .containsPattern("(?m)^producer_rerun_rows_per_s=\\d+ producer_rerun_ratio=\\d+\\.\\d\\d ")
                    .containsPattern("(?m)^producer_again_rows_per_s=\\d+ producer_again_ratio=\\d+\\.\\d\\d ");
        }
        try (var left = Files.list(dir)) {
            assertThat(left.filter(Files::isDirectory).map(d -> d.getFileName().toString()))
                    .as("measured homes removed, the producer's too").isEmpty();
        }
    }

    @Test
    void manySmallFilesEachBecomeOneCompletedRun() throws Exception {
        try (KhotamProcess bench = KhotamProcess.start("BenchSmokeIT-files", "bench", "--files", "30", "--rows-per-file", "7",
                "--dir", dir.toString(), "--keep")) {
            assertThat(bench.waitFor(300)).as(bench.log()).isZero();
            assertThat(bench.log()).contains("30 of 30 files COMPLETED")
                    .containsPattern("(?m)^files=30 rows_per_file=7 files_per_s=\\d+ files_per_s_wall=\\d+ median_run_ms=\\d+$");
        }
        List<RunCatalog.Entry> runs = new RunCatalog(dir.resolve("files-30x7/staging")).list();
        assertThat(runs).hasSize(30).allSatisfy(run -> assertThat(run.manifest().counts().scanned()).isEqualTo(7));
        assertThat(runs.stream().mapToLong(run -> run.manifest().counts().candidates()).sum())
                .as("the mix continued from file to file: of 210 rows, all but one skipped and one rejected in every 20 are candidates")
                .isEqualTo(210 - 210 / 20 * 2);
    }

    @Test
    void warmUpFilesRunFirstAndOnlyTheFilesAfterThemAreTimed() throws Exception {
        try (KhotamProcess bench = KhotamProcess.start("BenchSmokeIT-warm-up", "bench", "--files", "6", "--warm-up", "4",
                "--rows-per-file", "7", "--dir", dir.toString(), "--keep")) {
            assertThat(bench.waitFor(300)).as(bench.log()).isZero();
            assertThat(bench.log()).contains("10 of 10 files COMPLETED").containsPattern(
                    "(?m)^files=6 rows_per_file=7 warm_up=4 files_per_s=\\d+ files_per_s_wall=\\d+ median_run_ms=\\d+$");
        }
        List<Manifest> runs = new RunCatalog(dir.resolve("files-6x7/staging")).list().stream()
                .map(RunCatalog.Entry::manifest).toList();
        List<Manifest> warmUp = runs.stream().filter(m -> m.input().file().startsWith("w")).toList();
        List<Manifest> measured = runs.stream().filter(m -> m.input().file().startsWith("f")).toList();
        assertThat(warmUp).hasSize(4);
        assertThat(measured).hasSize(6);
        Instant lastWarmUpStart = warmUp.stream().map(Manifest::startedAt).max(Comparator.naturalOrder()).orElseThrow();
        assertThat(measured).as("the inbox is taken oldest first, and the warm-up files are older")
                .allSatisfy(m -> assertThat(m.startedAt()).isAfterOrEqualTo(lastWarmUpStart));
    }

    /** Every output line with what differs between runs by nature blanked: run ids, stamp instants, hashes over them. */
    private static TreeMap<String, List<String>> normalisedOutputs(Path home) throws IOException {
        Path run = new RunCatalog(home.resolve("staging")).list().get(0).dir();
        TreeMap<String, List<String>> outputs = new TreeMap<>();
        for (String output : OUTPUTS) {
            Path file = run.resolve(output);
            if (!Files.exists(file)) {
                continue;
            }
            try (Stream<String> lines = Files.lines(file)) {
                outputs.put(output, lines.map(BenchSmokeIT::normalised).toList());
            }
        }
        return outputs;
    }

    private static String normalised(String line) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(line);
            for (String varying : List.of("run_id", "candidate_id", "packet_hash", "at")) {
                if (node.has(varying)) {
                    node.put(varying, "*");
                }
            }
            for (String stamp : List.of("inspect_pen", "inspect_stamp", "inspect_gate")) {
                if (node.hasNonNull(stamp) && !node.path("row_data").path(stamp).asText().equals(node.path(stamp).asText())) {
                    node.put(stamp, "stamped by the run");
                }
            }
            return node.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
