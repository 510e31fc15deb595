package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.khotam.registry.ProductionProof;
import io.khotam.registry.RegistrySettings;
import io.khotam.store.DeleteReceipt;
import io.khotam.store.RunDeleter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile inputs through the real routes. After each: the service is still up, the file is in
 * exactly one run with the expected status and codes, production is proven untouched, and the
 * run deletes completely.
 */
class HostileInputTest extends StagingRouteTestSupport {

    /**
     * @param codes every code the run reported, exactly: dead-letter codes, then skip codes
     * @param verdicts each candidate's pen/stamp/gate verdicts, in row order
     */
    record Case(String what, String file, byte[] content, String status, String reason, List<String> codes,
                List<String> verdicts) {
        @Override
        public String toString() {
            return what;
        }
    }

    private static final String ALL_PASSED = "PASSED/PASSED/PASSED";
    private static final String PEN_FAILED = "FAILED/NOT_RUN/NOT_RUN";

    private static Case completed(String what, String file, String content, List<String> codes, String... verdicts) {
        return new Case(what, file, content.getBytes(StandardCharsets.UTF_8), "COMPLETED", null, codes, List.of(verdicts));
    }

    private static Case rejected(String what, String file, byte[] content, CheckCode code) {
        return new Case(what, file, content, "REJECTED", code.name(), List.of(code.name()), List.of());
    }

    private static Case rejected(String what, String file, String content, CheckCode code) {
        return rejected(what, file, content.getBytes(StandardCharsets.UTF_8), code);
    }

    static Stream<Case> corpus() {
        String valid = write(Rows.valid());
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        String longNumber = "1".repeat(10_000);
        Map<String, Object> allNull = new LinkedHashMap<>();
        Rows.valid().keySet().forEach(k -> allNull.put(k, null));
        byte[] utf16 = ("[" + valid + "]").getBytes(StandardCharsets.UTF_16); // with a byte-order mark
        return Stream.of(
                rejected("a document nested 100,000 levels deep", "deep.json", deep, CheckCode.UNPARSABLE_DOCUMENT),
                completed("a row nested 100,000 levels deep", "deep.jsonl", deep + "\n", List.of("UNPARSABLE_ROW")),
                rejected("a number of 10,000 digits", "number.json", "[{\"entity_code\": " + longNumber + "}]",
                        CheckCode.UNPARSABLE_DOCUMENT),
                completed("a number of 10,000 digits in one line", "number.jsonl",
                        "{\"entity_code\": " + longNumber + "}\n" + valid + "\n", List.of("UNPARSABLE_ROW"), ALL_PASSED),
                rejected("a raw NUL byte inside a string", "nul.json", "[{\"name\": \"a\u0000b\"}]", CheckCode.UNPARSABLE_DOCUMENT),
                completed("an escaped NUL inside a string", "nul-escaped.jsonl",
                        write(Rows.with("name", "a\u0000b")) + "\n", List.of(), ALL_PASSED),
                rejected("a bare number as the document", "number-doc.json", "42", CheckCode.NOT_A_ROW_LIST),
                rejected("null as the document", "null.json", "null", CheckCode.NOT_A_ROW_LIST),
                completed("rows that are arrays", "arrays.json", "[[1, 2], " + valid + "]", List.of("NOT_AN_OBJECT"), ALL_PASSED),
                completed("null in every field", "nulls.jsonl", write(allNull) + "\n", List.of("OUT_OF_SCOPE")),
                completed("an entity code with a control character", "bell.jsonl",
                        write(Rows.with("entity_code", "FLORA-\u0007001")) + "\n", List.of("ENTITY_CODE_MALFORMED"), PEN_FAILED),
                completed("an entity code with a right-to-left override", "rtl.jsonl",
                        write(Rows.with("entity_code", "\u202EFLORA-000001")) + "\n", List.of("ENTITY_CODE_MALFORMED"), PEN_FAILED),
                completed("an entity code with a slash", "slash.jsonl",
                        write(Rows.with("entity_code", "FLORA/000001")) + "\n", List.of("ENTITY_CODE_MALFORMED"), PEN_FAILED),
                completed("an instant without an offset", "no-offset.jsonl",
                        write(Rows.with("born_at", "2026-05-01 08:00")) + "\n", List.of("WRONG_TYPE")),
                new Case("UTF-16 with a byte-order mark", "utf16.json", utf16, "COMPLETED", null, List.of(), List.of(ALL_PASSED)),
                completed("a file name with spaces", "with spaces.json", "[" + valid + "]", List.of(), ALL_PASSED),
                completed("a file name in unicode", "sổ khai sinh 行.json", "[" + valid + "]", List.of(), ALL_PASSED),
                completed("a file name with a leading dash", "-rf.json", "[" + valid + "]", List.of(), ALL_PASSED),
                completed("a file name with a newline", "new\nline.json", "[" + valid + "]", List.of(), ALL_PASSED),
                rejected("only whitespace", "space.json", " \n\t ", CheckCode.EMPTY_INPUT),
                rejected("an object whose rows is null", "rows-null.json", "{\"rows\": null}", CheckCode.NOT_A_ROW_LIST));
    }

    @Test
    void aDirectoryDroppedInTheInboxIsNeverTakenForAnInput() throws Exception {
        Path dir = Files.createDirectories(inbox().resolve("looks-like.json"));
        Files.writeString(dir.resolve("inner.json"), "[" + write(Rows.valid()) + "]");
        drop("next-to-it.jsonl", jsonl(Rows.valid()));

        assertThat(awaitRunFor("next-to-it.jsonl").status()).isEqualTo("COMPLETED");
        assertThat(runs()).as("the directory made no run").hasSize(1);
        assertThat(dir.resolve("inner.json")).as("nor was anything taken out of it").exists();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void hostileInputEndsInOneRunAndDeletesCompletely(Case c) throws Exception {
        drop(c.file(), c.content());
        RunDir run = awaitRunFor(c.file());

        assertThat(context.getRouteController().getRouteStatus("inbox")).as("still serving").isEqualTo(ServiceStatus.Started);
        assertThat(run.status()).isEqualTo(c.status());
        if (c.reason() != null) {
            assertThat(run.manifest().path("reason").asText()).isEqualTo(c.reason());
        }
        List<String> codes = new ArrayList<>();
        for (String stage : List.of("file", "admission", "pen", "stamp", "gate")) {
            for (JsonNode letter : run.deadLetters(stage)) {
                codes.addAll(letter.path("checks").findValuesAsText("code"));
            }
        }
        for (JsonNode skip : run.lines("evidence/skipped.jsonl")) {
            codes.add(skip.path("code").asText());
        }
        assertThat(codes).as("every code reported").containsExactlyElementsOf(c.codes());
        assertThat(run.candidates()).extracting(candidate -> candidate.path("verdicts").path("pen").asText() + "/"
                + candidate.path("verdicts").path("stamp").asText() + "/" + candidate.path("verdicts").path("gate").asText())
                .as("each candidate's verdicts").containsExactlyElementsOf(c.verdicts());
        assertThat(run.manifest().path("production").path("untouched").asBoolean()).as("production untouched").isTrue();
        assertThat(inbox().resolve(c.file())).as("not left in the inbox").doesNotExist();

        try (ProductionProof proof = new ProductionProof(RegistrySettings.of("demo", home.resolve("demo-registry"), Map.of()))) {
            DeleteReceipt receipt = new RunDeleter(staging(), Clock.systemUTC(), proof).delete(run.id(), false);
            assertThat(receipt.complete()).as(receipt.message()).isTrue();
            assertThat(receipt.production().untouched()).isTrue();
        }
        assertThat(run.dir).doesNotExist();
    }
}
