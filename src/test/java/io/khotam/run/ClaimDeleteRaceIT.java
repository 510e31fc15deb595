package io.khotam.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.KhotamProcess;
import io.khotam.store.RunCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Claims race deletes in real processes: a `serve` claims 1,000 drops while two loops of
 * `delete --all` (real CLI processes, their renames slowed down by strace)
 * delete whatever they see. Every dropped file must end in exactly one place: still in the inbox,
 * in a finished run, or in a DELETED receipt of a finished run. Nothing RUNNING is ever deleted.
 */
class ClaimDeleteRaceIT {

    private static final int DROPS = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private static final Path STRACE = Path.of("/usr/bin/strace");

    @Test
    void noDropIsLostWhileDeletesRaceTheClaims() throws Exception {
        if (!Files.isExecutable(STRACE)) {
            fail("this test slows the deletes' renames with strace, which is missing: apt-get install strace (.ci/run does)");
        }
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Path staging = home.resolve("staging");
        List<JsonNode> receipts = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean dropping = new AtomicBoolean(true);
        List<Thread> deleters = new ArrayList<>();
        try (KhotamProcess serve = KhotamProcess.start("ClaimDeleteRaceIT-serve", List.of(),
                List.of("-Dkhotam.inbox.delay=20", "-Dkhotam.inbox.read-lock-min-age=0"), "--home", home.toString(),
                "--no-registry", "serve")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> serve.log().contains("is watching the inbox"));
            for (int d = 0; d < 2; d++) {
                int n = d;
                Thread deleter = new Thread(() -> deleteLoop(n, dropping, receipts));
                deleter.start();
                deleters.add(deleter);
            }
            for (int i = 1; i <= DROPS; i++) {
                String name = String.format("drop-%04d.jsonl", i);
                Path part = inbox.resolve(name + ".part");
                Files.writeString(part, "{\"entity_code\":\"FLORA-" + String.format("%06d", i) + "\"}\n", StandardCharsets.UTF_8);
                Files.move(part, inbox.resolve(name));
                if (i % 50 == 0) {
                    Thread.sleep(100); // let the deletes get a turn at fresh claims
                }
            }
            await().atMost(Duration.ofMinutes(5)).until(() -> inboxEmpty(inbox) && noneRunning(staging));
            dropping.set(false);
            for (Thread deleter : deleters) {
                deleter.join(120_000);
            }
            assertThat(serve.alive()).as(serve.log()).isTrue();
        }

        Map<String, Integer> places = new HashMap<>();
        for (JsonNode receipt : receipts) {
            String outcome = receipt.path("outcome").asText();
            assertThat(outcome).as(receipt.toString()).isIn("DELETED", "ALREADY_DELETED", "REFUSED");
            if (outcome.equals("DELETED")) {
                assertThat(receipt.path("status").asText()).as("only a finished run is deleted: " + receipt)
                        .isIn("COMPLETED", "REJECTED", "FAILED", "INTERRUPTED");
                places.merge(receipt.path("input").asText(), 1, Integer::sum);
            } else if (outcome.equals("REFUSED")) {
                assertThat(receipt.path("message").asText()).as(receipt.toString()).contains("is RUNNING in process");
            }
        }
        for (RunCatalog.Entry run : new RunCatalog(staging).list()) {
            assertThat(run.status()).isIn("COMPLETED", "REJECTED");
            places.merge(run.manifest().input().file(), 1, Integer::sum);
        }
        for (int i = 1; i <= DROPS; i++) {
            String name = String.format("drop-%04d.jsonl", i);
            assertThat(places.getOrDefault(name, 0)).as("%s is in exactly one place", name).isEqualTo(1);
        }
        assertThat(places).hasSize(DROPS);
        assertThat(receipts.stream().filter(r -> r.path("outcome").asText().equals("DELETED")).count())
                .as("the deletes really raced the claims").isPositive();
    }

    private void deleteLoop(int n, AtomicBoolean dropping, List<JsonNode> receipts) {
        try {
            int round = 0;
            while (dropping.get()) {
                List<String> wrapper = List.of(STRACE.toString(), "-f", "-qq", "-o", "/dev/null", "-e",
                        "trace=rename,renameat,renameat2", "-e", "inject=rename,renameat,renameat2:delay_enter=20000");
                try (KhotamProcess delete = KhotamProcess.start("ClaimDeleteRaceIT-delete-" + n + "-" + (round++ % 3), wrapper,
                        List.of(), "--home", home.toString(), "--no-registry", "delete", "--all")) {
                    int exit = delete.waitFor(120);
                    String log = delete.log();
                    assertThat(log).as("no stack trace").doesNotContain("Exception", "internal error");
                    assertThat(exit).as(log).isIn(0, 6);
                    for (String line : log.split("\n")) {
                        if (line.startsWith("{")) {
                            receipts.add(JSON.readTree(line));
                        }
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean inboxEmpty(Path inbox) throws Exception {
        try (var files = Files.list(inbox)) {
            return files.findAny().isEmpty();
        }
    }

    private static boolean noneRunning(Path staging) throws Exception {
        return new RunCatalog(staging).list().stream().noneMatch(r -> "RUNNING".equals(r.status()));
    }
}
