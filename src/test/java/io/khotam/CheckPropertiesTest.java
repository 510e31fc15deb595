package io.khotam;

import static io.khotam.Gens.oneOf;
import static io.khotam.Gens.pick;
import static io.khotam.Gens.qt;
import static io.khotam.Gens.text;
import static io.khotam.Gens.unchecked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khotam.check.RunChecker;
import io.khotam.cli.KhotamCli;
import io.khotam.evidence.CandidatePacket;
import io.khotam.store.RunCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Any single-field change to a valid packet is caught by the checker, whether or not the forger
 * recomputes the packet hash (the rest of the files made consistent as a forger would).
 */
class CheckPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path home;
    private static Path run;
    private static byte[] candidates;
    private static List<String> paths;

    @BeforeAll
    static void oneRunOfTheExamples() throws Exception {
        home = Files.createTempDirectory("khotam-check-property");
        assertThat(KhotamCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true),
                "--home", home.toString(), "--no-registry", "run", "--once", "--examples")).isZero();
        run = new RunCatalog(home.resolve("staging")).list().stream()
                .filter(r -> r.manifest().input().file().equals("flora-sample.json")).findFirst().orElseThrow().dir();
        candidates = Files.readAllBytes(run.resolve("candidates/candidates.jsonl"));
        paths = new ArrayList<>();
        JsonNode first = JSON.readTree(new String(candidates).lines().findFirst().orElseThrow());
        collect(first, "", paths);
        paths.remove(CandidatePacket.HASH);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try (var files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void collect(JsonNode node, String prefix, List<String> into) {
        node.fields().forEachRemaining(f -> {
            String path = prefix.isEmpty() ? f.getKey() : prefix + "/" + f.getKey();
            if (f.getValue().isObject()) {
                collect(f.getValue(), path, into);
            } else {
                into.add(path);
            }
        });
    }

    @Test
    void anySingleFieldChangeIsCaught() {
        qt(60).forAll(Generate.pick(paths), values(), booleans().all(), integers().between(0, 100))
                .checkAssert((field, value, rehash, line) -> unchecked((Void none) -> changeAndCheck(field, value, rehash, line))
                        .accept(null));
    }

    private static void changeAndCheck(String field, String value, boolean rehash, int line) throws Exception {
        List<String> lines = new String(candidates).lines().toList();
        ObjectNode packet = (ObjectNode) JSON.readTree(lines.get(line % lines.size()));
        String[] steps = field.split("/");
        ObjectNode parent = packet;
        for (int i = 0; i < steps.length - 1; i++) {
            parent = (ObjectNode) parent.path(steps[i]);
        }
        JsonNode before = parent.get(steps[steps.length - 1]);
        if (before != null && value.equals(before.asText())) {
            value = value + "x"; // a change, always
        }
        parent.put(steps[steps.length - 1], value);
        if (rehash) {
            packet.remove(CandidatePacket.HASH);
            packet.put(CandidatePacket.HASH, CandidatePacket.hash(packet));
        }
        List<String> forged = new ArrayList<>(lines);
        forged.set(line % lines.size(), JSON.writeValueAsString(packet));
        Files.writeString(run.resolve("candidates/candidates.jsonl"), String.join("\n", forged) + "\n");
        try {
            long[] violations = {0};
            RunChecker.check(new RunCatalog(run.getParent()).find(run.getFileName().toString()), v -> violations[0]++);
            assertThat(violations[0]).as("changing %s to '%s' (rehash %s)", field, value, rehash).isPositive();
        } finally {
            Files.write(run.resolve("candidates/candidates.jsonl"), candidates);
        }
    }

    private static Gen<String> values() {
        return oneOf(pick("PASSED", "FAILED", "NOT_RUN", "ALREADY_STAMPED", "2026-11-22T00:00:00.000001Z",
                "STAGING", "candidate", ""), oneOf(text('a', 'z', "", 1, 12), text('A', 'Z', "", 1, 12)));
    }
}
