package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.KhotamProcess;
import io.khotam.bench.RunHomes;
import io.khotam.catalogue.ManifestsOnDisk;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /api/runs and /api/dead-letters on a home of thousands of runs, over real HTTP against a real
 * `serve` (docs/contract.md "HTTP API"): pages by Link header and X-Total-Count equal to the
 * manifests, and every bad parameter a 400 with its reason and nothing of the request echoed.
 */
class RunsApiAtScaleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Every page by its Link header, from the first; each page's X-Total-Count the same. */
    private List<JsonNode> walk(String first) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        String path = first;
        long total = -1;
        while (path != null) {
            HttpResponse<String> page = get(path);
            assertThat(page.statusCode()).as(path + ": " + page.body()).isEqualTo(200);
            long said = Long.parseLong(page.headers().firstValue("X-Total-Count").orElseThrow());
            assertThat(total == -1 || said == total).as("X-Total-Count the same on every page").isTrue();
            total = said;
            JSON.readTree(page.body()).forEach(items::add);
            Matcher next = NEXT.matcher(page.headers().firstValue("Link").orElse(""));
            path = next.find() ? next.group(1) : null;
        }
        assertThat(items).hasSize((int) total);
        return items;
    }

    @Test
    void pagesFiltersAndSearchesEqualTheFilesAndBadParametersAreRefused() throws Exception {
        Path staging = Files.createDirectories(home.resolve("staging"));
        RunHomes.write(staging, 3000, 17, Instant.parse("2026-12-07T00:00:00Z"), n -> { });
        List<ManifestsOnDisk.Run> onDisk = ManifestsOnDisk.newestFirst(staging);
        base = "http://127.0.0.1:" + ConsoleApiIT.freePort();
        try (KhotamProcess serve = KhotamProcess.start("RunsApiAtScaleIT", "--home", home.toString(), "--no-registry", "serve",
                "--http-port", base.substring(base.lastIndexOf(':') + 1))) {
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                    .until(() -> JSON.readTree(get("/api/counts").body()).path("all").asLong() == 3000);

            assertThat(walk("/api/runs?limit=700").stream().map(r -> r.path("run_id").asText()).toList())
                    .isEqualTo(onDisk.stream().map(ManifestsOnDisk.Run::id).toList());
            assertThat(walk("/api/runs?status=FAILED&limit=50").stream().map(r -> r.path("run_id").asText()).toList())
                    .isEqualTo(onDisk.stream().filter(r -> r.status().equals("FAILED")).map(ManifestsOnDisk.Run::id).toList());
            assertThat(walk("/api/runs?attention=true&node=node-c&limit=1000").stream().map(r -> r.path("run_id").asText()).toList())
                    .isEqualTo(onDisk.stream().filter(r -> r.attention() && r.node().equals("node-c")).map(ManifestsOnDisk.Run::id).toList());
            JsonNode firstPage = JSON.readTree(get("/api/runs").body());
            assertThat(firstPage).as("100 by default").hasSize(100);

            JsonNode aLetter = walk("/api/dead-letters?limit=1000").get(0);
            String entity = aLetter.path("entity_code").asText();
            List<JsonNode> ofEntity = walk("/api/dead-letters?entity_code=" + entity + "&limit=3");
            long expected = 0;
            for (ManifestsOnDisk.Run run : onDisk) {
                Path gate = staging.resolve(run.id()).resolve("dead-letter/gate.jsonl");
                if (Files.isRegularFile(gate)) {
                    for (String line : Files.readAllLines(gate)) {
                        expected += JSON.readTree(line).path("row_data").path("entity_code").asText().equals(entity) ? 1 : 0;
                    }
                }
            }
            assertThat(ofEntity).hasSize((int) expected);
            assertThat(ofEntity).allSatisfy(l -> assertThat(l.path("letter").path("row_data").path("entity_code").asText()).isEqualTo(entity));

            for (String[] bad : new String[][] {{"/api/runs?limit=0", "limit is a whole number"},
                    {"/api/runs?limit=100000", "limit is a whole number"},
                    {"/api/runs?after=bm90LWEtY3Vyc29y", "after is not a cursor"},
                    {"/api/runs?before=%3Cscript%3E", "before is not a cursor"},
                    {"/api/runs?status=DONE%3Cb%3E", "status is one or more of"},
                    {"/api/runs?since=last%20week", "since is a date"},
                    {"/api/runs?input=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "input is a part of a file name"},
                    {"/api/dead-letters?stage=..%2F..%2Fetc", "stage is one of"},
                    {"/api/dead-letters?limit=-1", "limit is a whole number"},
                    {"/api/dead-letters?after=MXwuLi8uLnwwfDA", "after is not a cursor"},
                    {"/api/changes?since=yesterday", "since is the next value"}}) {
                HttpResponse<String> refused = get(bad[0]);
                assertThat(refused.statusCode()).as(bad[0]).isEqualTo(400);
                assertThat(JSON.readTree(refused.body()).path("message").asText()).as(bad[0]).contains(bad[1]);
                assertThat(refused.body()).as("nothing of the request echoed").doesNotContain("<").doesNotContain("last week");
                assertThat(refused.headers().map().keySet()).as("no request parameter sent back as a header")
                        .allMatch(name -> List.of("content-type", "transfer-encoding", "content-length", ":status")
                                .contains(name.toLowerCase()));
            }
        }
    }
}
