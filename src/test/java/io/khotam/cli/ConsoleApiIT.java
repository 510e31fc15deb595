package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.KhotamProcess;
import io.khotam.Rows;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API over real HTTP against a real `serve` on a free port (docs/contract.md "HTTP API"). */
public class ConsoleApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOKEN = Pattern.compile("<meta name=\"khotam-token\" content=\"([0-9a-f]+)\">");

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    public static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("X-Khotam-Token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void shapesPagingFiltersRefusalsAndActions() throws Exception {
        int port = freePort();
        base = "http://127.0.0.1:" + port;
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        StringBuilder mixed = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            Map<String, Object> row = i % 3 == 0 ? Rows.with("status", "unknown-" + i) : Rows.valid();
            row.put("entity_code", String.format("FLORA-%06d", i));
            mixed.append(JSON.writeValueAsString(row)).append('\n');
        }
        Files.writeString(inbox.resolve("mixed.jsonl"), mixed);
        Files.writeString(inbox.resolve("broken.json"), "{\"not\": \"a list\"");
        try (KhotamProcess serve = KhotamProcess.start("ConsoleApiIT", "--home", home.toString(), "--no-registry", "serve",
                "--http-port", String.valueOf(port))) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                JsonNode runs = json("/api/runs");
                return runs.size() == 2 && !runs.findValuesAsText("status").contains("RUNNING");
            });
            JsonNode runs = json("/api/runs");
            assertThat(Instant.parse(runs.get(0).path("started_at").asText()))
                    .as("newest first").isAfterOrEqualTo(Instant.parse(runs.get(1).path("started_at").asText()));
            JsonNode completed = find(runs, "COMPLETED");
            JsonNode rejected = find(runs, "REJECTED");
            String id = completed.path("run_id").asText();
            assertThat(completed.path("input").path("file").asText()).isEqualTo("mixed.jsonl");
            assertThat(completed.path("ruleset").path("id").asText()).isEqualTo("dieu-0g");
            assertThat(completed.path("counts").path("scanned").asLong()).isEqualTo(30);
            assertThat(completed.path("node").asText()).as("the node that ran it: host name and pid by default")
                    .endsWith("-" + serve.pid());
            assertThat(completed.has("rerun_of") && completed.get("rerun_of").isNull())
                    .as("a dropped file's run reruns nothing: rerun_of is there, null: %s", completed).isTrue();
            assertThat(rejected.path("reason").asText()).isEqualTo("UNPARSABLE_DOCUMENT");

            assertThat(json("/api/runs/" + id).path("run_id").asText()).isEqualTo(id);

            JsonNode page = json("/api/runs/" + id + "/dead-letters?stage=stamp&code=STATUS_UNKNOWN&offset=3&limit=4");
            assertThat(page.path("total").asLong()).isEqualTo(10);
            assertThat(page.path("items")).hasSize(4);
            assertThat(page.path("items").get(0).path("row").asLong()).isEqualTo(12);
            assertThat(json("/api/runs/" + id + "/dead-letters?offset=8").path("items")).hasSize(2);
            assertThat(json("/api/runs/" + id + "/dead-letters?code=MISSING_FIELD").path("total").asLong()).isZero();
            JsonNode candidates = json("/api/runs/" + id + "/candidates?limit=5");
            assertThat(candidates.path("total").asLong()).isEqualTo(30);
            assertThat(candidates.path("items")).hasSize(5);
            assertThat(candidates.path("items").get(0).has("packet_hash")).isTrue();
            assertThat(json("/api/runs/" + id + "/skipped").path("total").asLong()).isZero();
            assertThat(json("/api/runs/" + id + "/verify").path("ok").asBoolean()).isTrue();
            assertThat(json("/api/runs/" + id + "/check").path("summary").path("conforms").asBoolean()).isTrue();
            JsonNode diff = json("/api/diff?a=" + id + "&b=" + rejected.path("run_id").asText());
            assertThat(diff.path("same_input").asBoolean()).isFalse();
            assertThat(diff.path("changed_rows").asLong()).isEqualTo(30);

            assertThat(get("/api/runs/20260101-000000-deadbeef").statusCode()).isEqualTo(404);
            assertThat(get("/api/runs/not-a-run").statusCode()).isEqualTo(400);
            // %2F stays part of the id (no route matches a decoded path), so the guard refuses it
            assertThat(get("/api/runs/..%2F..%2Fetc/verify").statusCode()).isEqualTo(400);
            assertThat(get("/api/diff?b=" + id).statusCode()).as("a diff names both runs").isEqualTo(400);
            assertThat(get("/api/diff?a=" + id + "&b=..%2F" + id).statusCode()).isEqualTo(400);
            assertThat(get("/api/runs/" + id + "/dead-letters?stage=../x").statusCode()).isEqualTo(400);
            HttpResponse<String> refused = post("/api/runs/" + id + "/delete", null);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(refused.body()).path("message").asText()).contains("X-Khotam-Token");
            assertThat(post("/api/runs/" + id + "/delete", "0000").statusCode()).isEqualTo(403);
            assertThat(home.resolve("staging").resolve(id)).exists();

            HttpResponse<String> diffPage = get("/diff?a=" + id + "&b=" + rejected.path("run_id").asText());
            assertThat(diffPage.statusCode()).isEqualTo(200);
            assertThat(diffPage.body()).contains("DIFFERENT INPUTS").contains("<span id=\"changed\">30</span>");
            assertThat(get("/runs/" + id).body()).contains("data-count=\"scanned\">30<");

            HttpResponse<String> console = get("/");
            assertThat(console.statusCode()).isEqualTo(200);
            assertThat(console.body()).contains(id);
            Matcher token = TOKEN.matcher(console.body());
            assertThat(token.find()).isTrue();

            HttpResponse<String> rerun = post("/api/runs/" + id + "/rerun", token.group(1));
            assertThat(rerun.statusCode()).as(rerun.body()).isEqualTo(200);
            String rerunId = JSON.readTree(rerun.body()).path("run_id").asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(json("/api/runs/" + rerunId).path("status").asText()));
            assertThat(json("/api/runs/" + rerunId).path("rerun_of").asText()).isEqualTo(id);
            assertThat(json("/api/diff?a=" + id + "&b=" + rerunId).path("changed_rows").asLong()).isZero();
            assertThat(post("/api/runs/" + id + "/rerun?ruleset=..%2Fetc%2Fpasswd", token.group(1)).statusCode()).isEqualTo(400);

            HttpResponse<String> deleted = post("/api/runs/" + id + "/delete", token.group(1));
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
            assertThat(JSON.readTree(deleted.body()).path("outcome").asText()).isEqualTo("DELETED");
            assertThat(home.resolve("staging").resolve(id)).doesNotExist();
            assertThat(get("/api/runs/" + id).statusCode()).isEqualTo(404);
            assertThat(get("/observe/health").statusCode()).as("health on the same port").isEqualTo(200);
        }
    }

    @Test
    void offLoopbackTheConsoleNeedsItsToken() throws Exception {
        int port = freePort();
        try (KhotamProcess refused = KhotamProcess.start("ConsoleApiIT-no-token", "--home", home.toString(), "--no-registry",
                "serve", "--http-port", String.valueOf(port), "--http-host", "0.0.0.0")) {
            assertThat(refused.waitFor(60)).isEqualTo(ExitCode.CONFIG);
            assertThat(refused.log()).contains("KHOTAM_CONSOLE_TOKEN");
        }
        base = "http://127.0.0.1:" + port;
        try (KhotamProcess serve = KhotamProcess.start("ConsoleApiIT-token", List.of("env", "KHOTAM_CONSOLE_TOKEN=s3cret-console"),
                List.of(), "--home", home.toString(), "--no-registry", "serve", "--http-port", String.valueOf(port),
                "--http-host", "0.0.0.0")) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> get("/api/runs", "Authorization", "Bearer s3cret-console").statusCode() == 200);
            assertThat(get("/api/runs").statusCode()).isEqualTo(403);
            assertThat(get("/", "Authorization", "Bearer wrong").statusCode()).isEqualTo(403);
            assertThat(serve.log()).doesNotContain("s3cret-console");
        }
    }

    private static JsonNode find(JsonNode runs, String status) {
        for (JsonNode run : runs) {
            if (status.equals(run.path("status").asText())) {
                return run;
            }
        }
        throw new AssertionError("no " + status + " run in " + runs);
    }
}
