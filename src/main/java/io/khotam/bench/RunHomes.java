package io.khotam.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.Json;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * A home of many ended runs as a busy inbox leaves them, written straight to disk (no pipeline): mixed
 * statuses, producers and verdicts, proof states, nodes, rule-sets and inputs, each run with
 * a few dead letters whose entities recur across runs. For the catalogue's benchmark and tests; the
 * runs are shaped as docs/contract.md says, not checked (their candidates are not written).
 */
public final class RunHomes {

    /** Entity codes recur across runs from a pool this large. */
    public static final int ENTITIES = 5_000;
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = Json.DATA;

    private RunHomes() {}

    /**
     * Writes {@code runs} runs under the staging root, the newest started at {@code newest}, one every 7 seconds before.
     *
     * @return the dead letters written
     */
    public static long write(Path stagingRoot, int runs, long seed, Instant newest, IntConsumer progress) throws IOException {
        Random random = new Random(seed);
        long letters = 0;
        for (int i = 0; i < runs; i++) {
            Instant started = newest.minusSeconds(7L * i).plusMillis(random.nextInt(1000));
            String runId = ID_TIME.format(started) + "-" + String.format("%08x", i);
            Path dir = Files.createDirectories(stagingRoot.resolve(runId).resolve("evidence"));
            // every run ended: a RUNNING one would be recovered (and changed) by the first serve on the home
            int roll = random.nextInt(100);
            String status = roll < 86 ? "COMPLETED" : roll < 91 ? "REJECTED" : roll < 95 ? "FAILED" : "INTERRUPTED";
            int dead = status.equals("COMPLETED") || status.equals("FAILED") ? random.nextInt(4) : 0;
            int scanned = 5 + random.nextInt(500);
            ObjectNode m = JSON.createObjectNode();
            m.put("marker", "STAGING");
            m.put("run_id", runId);
            m.put("status", status);
            m.put("reason", status.equals("COMPLETED") ? null : "synthetic " + status.toLowerCase(Locale.ROOT));
            m.put("started_at", started.toString());
            m.put("finished_at", started.plusMillis(200 + random.nextInt(5000)).toString());
            m.putObject("input").put("file", (random.nextInt(3) == 0 ? "fauna-" : "batch-") + (i % 500) + ".jsonl")
                    .put("sha256", "0".repeat(64)).put("bytes", scanned * 300L).put("format", "jsonl");
            boolean second = random.nextInt(4) == 0;
            m.putObject("ruleset").put("id", second ? "dieu-1x" : "dieu-0g").put("version", second ? "2026.11" : "2026.06-demo");
            ObjectNode counts = m.putObject("counts");
            counts.put("scanned", scanned).put("admitted", scanned - dead).put("rejected", 0).put("skipped", 0)
                    .put("candidates", scanned - dead).put("dead_letters", dead);
            ObjectNode production = m.putObject("production");
            int proof = random.nextInt(100);
            production.put("configured", proof >= 20);
            production.put("pending", false);
            if (proof >= 20) {
                if (proof < 22) {
                    production.put("untouched", false);
                } else if (proof < 25) {
                    production.putNull("untouched");
                } else {
                    production.put("untouched", true);
                }
            }
            m.putObject("owner").put("pid", 1000 + i % 7).put("host", "host-" + (i % 3)).put("node", "node-" + "abc".charAt(i % 3));
            if (random.nextInt(10) < 3) {
                String verdict = !status.equals("COMPLETED") ? null
                        : new String[] {"CONFORMS", "CONFORMS", "DIVERGES", "BREAKS_CONTRACT"}[random.nextInt(4)];
                m.putObject("producer").put("kind", random.nextBoolean() ? "sql" : "exec").put("source", "producers/p.sql")
                        .put("verdict", verdict);
            }
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("manifest.json").toFile(), m);
            if (dead > 0) {
                Path letterDir = Files.createDirectories(stagingRoot.resolve(runId).resolve("dead-letter"));
                try (Writer out = Files.newBufferedWriter(letterDir.resolve("gate.jsonl"), StandardCharsets.UTF_8)) {
                    for (int k = 0; k < dead; k++) {
                        int row = 1 + random.nextInt(scanned);
                        String code = random.nextBoolean() ? "SPECIES_NOT_FIT" : "DOT_ORIGIN_NOT_ALLOWED";
                        ObjectNode letter = JSON.createObjectNode();
                        letter.put("marker", "STAGING").put("run_id", runId).put("stage", "gate").put("row", row);
                        letter.putArray("checks").addObject().put("code", code).put("field", "species_code").put("message", "synthetic");
                        letter.putObject("row_data").put("entity_code", String.format("FAUNA-%06d", random.nextInt(ENTITIES)))
                                .put("collection_name", "fauna");
                        letter.put("at", started.plusMillis(100).toString());
                        out.write(JSON.writeValueAsString(letter));
                        out.write('\n');
                        letters++;
                    }
                }
            }
            progress.accept(i + 1);
        }
        return letters;
    }
}
