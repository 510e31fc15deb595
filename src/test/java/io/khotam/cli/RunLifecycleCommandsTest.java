package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.Requires;
import io.khotam.store.RunCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** delete, verify and export on real runs made by `run --once --examples`. */
class RunLifecycleCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @TempDir
    Path elsewhere;

    private List<String> ids;

    record Result(int exit, String out, String err) {
        List<JsonNode> receipts() throws Exception {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : out.strip().split("\n")) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
            return lines;
        }
    }

    private Result kt(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        int exit = KhotamCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    @BeforeEach
    void threeRuns() throws Exception {
        assertThat(kt("run", "--once", "--examples").exit()).isZero();
        ids = new RunCatalog(home.resolve("staging")).list().stream().map(RunCatalog.Entry::runId).toList();
        assertThat(ids).hasSize(3);
    }

    private Path run(String id) {
        return home.resolve("staging").resolve(id);
    }

    private static long sizeOf(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void deleteRemovesTheWholeRunAndPrintsAReceipt() throws Exception {
        String id = ids.get(0);
        long bytes = sizeOf(run(id));

        Result r = kt("delete", id);

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode receipt = r.receipts().get(0);
        assertThat(receipt.path("run_id").asText()).isEqualTo(id);
        assertThat(receipt.path("outcome").asText()).isEqualTo("DELETED");
        assertThat(receipt.path("left_behind").asInt()).isZero();
        assertThat(receipt.path("entries_removed").asInt()).isGreaterThan(5);
        assertThat(receipt.path("bytes_removed").asLong()).isEqualTo(bytes);
        JsonNode production = receipt.path("production");
        assertThat(production.path("configured").asBoolean()).as("the DEMO registry by default").isTrue();
        assertThat(production.path("fingerprint_before").asText()).as("recorded at the run's start")
                .isEqualTo(production.path("fingerprint_after").asText()).matches("\\d+:[0-9a-f]{64}");
        assertThat(production.path("untouched").asBoolean()).isTrue();
        assertThat(run(id)).doesNotExist();
        assertThat(home.resolve("staging/.trash").resolve(id)).doesNotExist();
        assertThat(run(ids.get(1))).as("other runs untouched").isDirectory();
        assertThat(kt("list").out()).doesNotContain(id);
    }

    @Test
    void deleteRefusesAnythingThatIsNotARunDirectoryDirectlyUnderStaging() throws Exception {
        Path outside = Files.createDirectories(elsewhere.resolve("precious"));
        Files.writeString(outside.resolve("keep.txt"), "keep");
        Files.createSymbolicLink(home.resolve("staging/20260101-000000-deadbeef"), outside);

        for (String bad : List.of("../inbox", "/tmp", "staging", ".", "..", ids.get(0) + "/..", ids.get(0) + "/input",
                "20991231-235959-00000000")) {
            Result r = kt("delete", bad, ids.get(0));
            assertThat(r.exit()).as("not a run: a usage error, as for show, verify and export: " + bad).isEqualTo(ExitCode.USAGE);
            assertThat(r.err()).as(bad).containsAnyOf("is not a run id", "no run 20991231-235959-00000000");
            assertThat(r.out()).as("nothing deleted, not even the good id").isEmpty();
        }
        Result link = kt("delete", "20260101-000000-deadbeef");
        assertThat(link.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(link.receipts().get(0).path("outcome").asText()).isEqualTo("REFUSED");
        assertThat(link.err()).contains("is not a run directory (a link or a file)");
        assertThat(outside.resolve("keep.txt")).hasContent("keep");
        for (String id : ids) {
            assertThat(run(id)).isDirectory();
        }
    }

    @Test
    void aLinkInsideARunIsRemovedAsALinkAndItsTargetIsNeverTouched() throws Exception {
        Path secretFile = Files.writeString(elsewhere.resolve("secret.txt"), "do not delete");
        Path secretDir = Files.createDirectories(elsewhere.resolve("dir"));
        Files.writeString(secretDir.resolve("inner.txt"), "inner");
        Files.createSymbolicLink(run(ids.get(0)).resolve("evidence/link-to-file"), secretFile);
        Files.createSymbolicLink(run(ids.get(0)).resolve("candidates/link-to-dir"), secretDir);

        Result r = kt("delete", ids.get(0));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(run(ids.get(0))).doesNotExist();
        assertThat(secretFile).hasContent("do not delete");
        assertThat(secretDir.resolve("inner.txt")).hasContent("inner");
    }

    private void markRunning(String id, long pid, Instant processStarted) throws Exception {
        ObjectNode manifest = (ObjectNode) JSON.readTree(run(id).resolve("evidence/manifest.json").toFile());
        manifest.put("status", "RUNNING");
        ObjectNode owner = manifest.putObject("owner");
        owner.put("pid", pid);
        owner.put("host", InetAddress.getLocalHost().getHostName());
        owner.put("process_started", processStarted.toString());
        JSON.writeValue(run(id).resolve("evidence/manifest.json").toFile(), manifest);
    }

    @Test
    void aRunningRunIsNeverDeletedForceIncluded() throws Exception {
        String id = ids.get(0);
        markRunning(id, ProcessHandle.current().pid(), ProcessHandle.current().info().startInstant().orElseThrow());

        for (Result refused : List.of(kt("delete", id), kt("delete", "--force", id), kt("delete", "--all", "--force"))) {
            assertThat(refused.exit()).isEqualTo(ExitCode.REFUSED);
            assertThat(refused.err()).contains("is RUNNING in process " + ProcessHandle.current().pid(),
                    "a running run is never deleted");
            assertThat(run(id).resolve("input")).isNotEmptyDirectory();
        }
    }

    @Test
    void aRunLeftRunningByADeadProcessIsRefusedUntilRecoveryHasReturnedItsInput() throws Exception {
        String id = ids.get(0);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        markRunning(id, gone.pid(), Instant.now().minusSeconds(5));

        Result refused = kt("delete", id);
        assertThat(refused.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(refused.err()).contains("which is gone", "marks it INTERRUPTED and returns its input to the inbox");
        assertThat(run(id).resolve("input")).isNotEmptyDirectory();
    }

    @Test
    void aDamagedRunWithoutAManifestNeedsForce() throws Exception {
        String id = ids.get(0);
        Files.delete(run(id).resolve("evidence/manifest.json"));

        Result refused = kt("delete", id);
        assertThat(refused.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(refused.err()).contains("has no readable manifest", "delete --force " + id);
        assertThat(run(id)).isDirectory();

        Result forced = kt("delete", "--force", id);
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(run(id)).doesNotExist();
    }

    @Test
    void concurrentDeletesGiveOneHonestReceiptPerRunAndNoStackTrace() throws Exception {
        var pool = Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> kt("delete", "--all"));
            var second = pool.submit(() -> kt("delete", "--all"));
            List<Result> results = List.of(first.get(), second.get());
            List<JsonNode> deleted = new ArrayList<>();
            for (Result result : results) {
                assertThat(result.exit()).as(result.err()).isZero();
                assertThat(result.err()).doesNotContain("Exception", "internal error");
                for (JsonNode receipt : result.receipts()) {
                    assertThat(receipt.path("outcome").asText()).isIn("DELETED", "ALREADY_DELETED");
                    if (receipt.path("outcome").asText().equals("DELETED")) {
                        assertThat(receipt.path("status").asText()).isEqualTo("COMPLETED");
                        deleted.add(receipt);
                    }
                }
            }
            assertThat(deleted).extracting(r -> r.path("run_id").asText()).as("each run deleted exactly once")
                    .containsExactlyInAnyOrderElementsOf(ids);
        } finally {
            pool.shutdown();
        }
        assertThat(new RunCatalog(home.resolve("staging")).list()).isEmpty();
    }

    @Test
    void aRemovalThatCannotCompleteSaysWhatIsLeftAndTheNextDeleteFinishes() throws Exception {
        String id = ids.get(0);
        Path stuck = run(id).resolve("candidates/candidates.jsonl");
        chattr("+i", stuck); // immutable: not even root can remove it, a real failure
        try {
            Result first = kt("delete", id);

            assertThat(first.exit()).isEqualTo(ExitCode.REFUSED);
            JsonNode receipt = first.receipts().get(0);
            assertThat(receipt.path("outcome").asText()).isEqualTo("INCOMPLETE");
            assertThat(receipt.path("left_behind").asInt()).isGreaterThan(0);
            assertThat(receipt.path("left").toString()).contains("candidates.jsonl");
            assertThat(first.err()).contains("INCOMPLETE", "candidates.jsonl");
            assertThat(run(id)).as("out of sight at once").doesNotExist();
            assertThat(kt("list").out()).contains(id, "DELETE_INCOMPLETE");
        } finally {
            chattr("-i", home.resolve("staging/.trash").resolve(id).resolve("candidates/candidates.jsonl"));
        }
        Result second = kt("delete", id);
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.receipts().get(0).path("left_behind").asInt()).isZero();
        assertThat(home.resolve("staging/.trash").resolve(id)).doesNotExist();
    }

    @Test
    void olderThanDeletesOnlyOldFinishedRunsAndAllDeletesTheRest() throws Exception {
        String old = ids.get(1);
        ObjectNode manifest = (ObjectNode) JSON.readTree(run(old).resolve("evidence/manifest.json").toFile());
        manifest.put("started_at", "2026-01-01T00:00:00Z");
        JSON.writeValue(run(old).resolve("evidence/manifest.json").toFile(), manifest);

        Result r = kt("delete", "--older-than", "7d");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.receipts()).extracting(n -> n.path("run_id").asText()).containsExactly(old);
        assertThat(run(old)).doesNotExist();
        assertThat(run(ids.get(0))).isDirectory();

        Result all = kt("delete", "--all");
        assertThat(all.exit()).as(all.err()).isZero();
        assertThat(all.receipts()).hasSize(2);
        assertThat(new RunCatalog(home.resolve("staging")).list()).isEmpty();

        assertThat(kt("delete", "--older-than", "soon").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(kt("delete").exit()).as("nothing selected").isEqualTo(ExitCode.USAGE);
    }

    @Test
    void verifyFindsChangedMissingAndExtraFiles() throws Exception {
        // a run that skipped a row (not every example file has one; the three run at once, in no set order)
        String id = ids.stream().filter(run -> Files.exists(run(run).resolve("evidence/skipped.jsonl"))).findFirst().orElseThrow();
        Result clean = kt("verify", id);
        assertThat(clean.exit()).as(clean.out()).isZero();
        assertThat(clean.out()).contains("OK       candidates/candidates.jsonl", "verified");

        Files.writeString(run(id).resolve("candidates/candidates.jsonl"), "{}\n", StandardOpenOption.APPEND);
        Files.delete(run(id).resolve("evidence/skipped.jsonl"));
        Files.writeString(run(id).resolve("dead-letter/smuggled.jsonl"), "{}");

        Result dirty = kt("verify", id, "--json");
        assertThat(dirty.exit()).isEqualTo(ExitCode.VERIFY_MISMATCH);
        JsonNode report = JSON.readTree(dirty.out());
        assertThat(report.path("ok").asBoolean()).isFalse();
        List<String> states = new ArrayList<>();
        report.path("files").forEach(f -> states.add(f.path("state").asText() + " " + f.path("path").asText()));
        assertThat(states).contains("CHANGED candidates/candidates.jsonl", "MISSING evidence/skipped.jsonl",
                "EXTRA dead-letter/smuggled.jsonl", "OK input/flora-sample.json".replace("flora-sample.json",
                        JSON.readTree(run(id).resolve("evidence/manifest.json").toFile()).path("input").path("file").asText()));
    }

    @Test
    void exportWritesOneStagingArchiveAndNothingElse() throws Exception {
        String id = ids.get(0);
        Result r = kt("export", id, "--to", elsewhere.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        Path archive = elsewhere.resolve("STAGING-" + id + ".zip");
        assertThat(r.out().strip()).isEqualTo(archive.toString());
        try (var files = Files.list(elsewhere)) {
            assertThat(files).containsExactly(archive);
        }
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertThat(names).contains("STAGING-" + id + "/evidence/manifest.json", "STAGING-" + id + "/candidates/candidates.jsonl")
                    .allMatch(n -> !n.contains("/input/"));
            assertThat(new String(zip.getInputStream(zip.getEntry("STAGING-" + id + "/candidates/candidates.jsonl")).readAllBytes()))
                    .isEqualTo(Files.readString(run(id).resolve("candidates/candidates.jsonl")));
            String check = new String(zip.getInputStream(zip.getEntry("STAGING-" + id + "/evidence/check.jsonl")).readAllBytes());
            assertThat(JSON.readTree(check.strip()).path("conforms").asBoolean()).as("the check result travels with it").isTrue();
        }
        assertThat(kt("verify", id).exit()).as("export wrote nothing into the run").isZero();

        Result again = kt("export", id, "--to", elsewhere.toString());
        assertThat(again.exit()).as("an export is never replaced: refused").isEqualTo(ExitCode.REFUSED);
        assertThat(again.err()).contains("never replaces an export");
        Result inside = kt("export", id, "--to", home.resolve("staging").toString());
        assertThat(inside.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(inside.err()).contains("inside the staging folder");
        Path missing = elsewhere.resolve("not/yet");
        Result made = kt("export", id, "--to", missing.toString());
        assertThat(made.exit()).as(made.err()).isZero();
        assertThat(missing.resolve("STAGING-" + id + ".zip")).isRegularFile();
    }

    private static void chattr(String flag, Path file) throws Exception {
        Requires.root("makes a file immutable with chattr +i, which not even root can remove");
        Process p = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("chattr %s %s (needs root and a filesystem with attributes): %s", flag, file, output)
                .isZero();
    }
}
