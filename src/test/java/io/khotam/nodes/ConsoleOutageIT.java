package io.khotam.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Browser;
import io.khotam.KhotamProcess;
import io.khotam.Rows;
import io.khotam.cli.ConsoleApiIT;
import io.khotam.producer.TestWorkspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The workspace PostgreSQL (where a shared home keeps its run catalogue) goes out of reach while
 * the console's live view is open in a real Chromium: packets to it are dropped, not refused, so
 * nothing fails fast by itself. Every page and API answer still comes within a second, saying why
 * it has no runs to show; the live view says it is paused and keeps what it showed; when the
 * database is back, everything goes on.
 */
class ConsoleOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATABASE = "khotam_console_outage_it";

    @TempDir
    Path home;

    @Test
    void everyPageAnswersWithinASecondWhileTheCatalogueIsOutOfReach() throws Exception {
        TestWorkspace.freshDatabase(DATABASE);
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        for (int n = 1; n <= 3; n++) {
            Rows.writeJsonl(inbox.resolve("before-" + n + ".jsonl"), 2);
        }
        int port = ConsoleApiIT.freePort();
        String base = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (TcpRelay relay = new TcpRelay(5432);
             KhotamProcess serve = KhotamProcess.start("ConsoleOutageIT", "--home", home.toString(), "--no-registry",
                     "--node-id", "a", "--lease", "5s", "--workspace-url",
                     "jdbc:postgresql://127.0.0.1:" + relay.port() + "/" + DATABASE + "?user=postgres",
                     "serve", "--http-port", String.valueOf(port));
             Browser browser = Browser.start()) {
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> JSON.readTree(
                    get(http, base + "/api/counts").body()).path("status.COMPLETED").asLong() == 3);
            browser.driver.get(base + "/");
            assertThat(browser.driver.findElements(By.cssSelector("#runs tbody tr"))).hasSize(3);

            relay.stall();
            List<String> measured = new ArrayList<>();
            for (String path : List.of("/", "/api/runs", "/api/counts", "/api/changes?since=1", "/dead-letters?entity_code=X", "/")) {
                long started = System.nanoTime();
                HttpResponse<String> answer = get(http, base + path);
                long millis = (System.nanoTime() - started) / 1_000_000;
                measured.add(path + " " + answer.statusCode() + " in " + millis + " ms");
                assertThat(millis).as("%s answered within a second", path).isLessThan(1_000);
                if (path.startsWith("/api/")) {
                    assertThat(answer.statusCode()).isEqualTo(503);
                    assertThat(JSON.readTree(answer.body()).path("message").asText()).contains("the run catalogue");
                } else {
                    assertThat(answer.statusCode()).isEqualTo(200);
                    assertThat(answer.body()).contains("id=\"unavailable\"").contains("out of reach");
                }
            }
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
                    browser.driver.findElement(By.id("live-state")).getText().contains("live view paused"));
            assertThat(browser.driver.findElements(By.cssSelector("#runs tbody tr"))).as("what it showed stays").hasSize(3);
            browser.screenshot("console-outage-live-view");

            relay.restore();
            Rows.writeJsonl(inbox.resolve("after.jsonl"), 2);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                    browser.driver.findElements(By.cssSelector("#runs tbody tr")).size() == 4
                            && browser.driver.findElements(By.id("live-state")).isEmpty());
            assertThat(get(http, base + "/api/runs").statusCode()).isEqualTo(200);
            System.out.println("ConsoleOutageIT: while the workspace was out of reach: " + String.join("; ", measured));
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
