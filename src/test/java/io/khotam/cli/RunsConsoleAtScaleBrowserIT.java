package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Browser;
import io.khotam.KhotamProcess;
import io.khotam.Rows;
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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The console on a home of thousands of runs in a real Chromium: the counts and what needs
 * attention at the top, pages of 100 with next and previous, the filter form, the entity search,
 * and a live view that fetches only what changed (the bytes counted by the browser itself).
 */
class RunsConsoleAtScaleBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    /** The runs listed, read in one step in the page: the live view may redraw the table between two element reads. */
    @SuppressWarnings("unchecked")
    private static List<String> rows(ChromeDriver driver) {
        return (List<String>) driver.executeScript(
                "return Array.from(document.querySelectorAll('#runs tbody tr'), row => row.getAttribute('data-run'))");
    }

    private static long count(ChromeDriver driver, String id) {
        return Long.parseLong(driver.findElement(By.cssSelector("#" + id + " [data-count]")).getText());
    }

    @Test
    void countsAttentionPagingFiltersSearchAndALiveViewThatFetchesOnlyChanges() throws Exception {
        Path staging = Files.createDirectories(home.resolve("staging"));
        RunHomes.write(staging, 2500, 23, Instant.parse("2026-12-07T00:00:00Z"), n -> { });
        List<ManifestsOnDisk.Run> onDisk = ManifestsOnDisk.newestFirst(staging);
        List<String> ids = onDisk.stream().map(ManifestsOnDisk.Run::id).toList();
        int port = ConsoleApiIT.freePort();
        String base = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newHttpClient();
        try (KhotamProcess serve = KhotamProcess.start("RunsConsoleAtScaleBrowserIT", "--home", home.toString(), "--no-registry",
                "serve", "--http-port", String.valueOf(port)); Browser browser = Browser.start()) {
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> JSON.readTree(http.send(HttpRequest.newBuilder(
                    URI.create(base + "/api/counts")).build(), HttpResponse.BodyHandlers.ofString()).body()).path("all").asLong() == 2500);
            ChromeDriver driver = browser.driver;
            driver.get(base + "/");
            assertThat(count(driver, "count-all-runs")).isEqualTo(2500);
            assertThat(count(driver, "count-need-attention")).isEqualTo(onDisk.stream().filter(ManifestsOnDisk.Run::attention).count());
            assertThat(count(driver, "count-FAILED")).isEqualTo(onDisk.stream().filter(r -> r.status().equals("FAILED")).count());
            assertThat(count(driver, "count-BREAKS_CONTRACT")).isEqualTo(onDisk.stream().filter(r -> "BREAKS_CONTRACT".equals(r.verdict())).count());
            assertThat(rows(driver)).isEqualTo(ids.subList(0, 100));
            browser.screenshot("console-at-scale-first-page");

            browser.follow(driver.findElement(By.id("next")));
            assertThat(rows(driver)).isEqualTo(ids.subList(100, 200));
            browser.follow(driver.findElement(By.id("next")));
            assertThat(rows(driver)).isEqualTo(ids.subList(200, 300));
            browser.follow(driver.findElement(By.id("previous")));
            assertThat(rows(driver)).isEqualTo(ids.subList(100, 200));
            browser.follow(driver.findElement(By.id("previous")));
            assertThat(rows(driver)).isEqualTo(ids.subList(0, 100));
            assertThat(driver.findElements(By.id("previous"))).as("the first page has none newer").isEmpty();

            browser.follow(driver.findElement(By.id("count-need-attention")));
            List<String> attention = onDisk.stream().filter(ManifestsOnDisk.Run::attention).map(ManifestsOnDisk.Run::id).toList();
            assertThat(rows(driver)).isEqualTo(attention.subList(0, Math.min(100, attention.size())));
            assertThat(driver.findElements(By.cssSelector("#runs tbody tr"))).allMatch(r -> r.getAttribute("class").contains("attention"));
            assertThat(driver.findElement(By.id("total")).getText()).startsWith(attention.size() + " run(s)");

            driver.get(base + "/");
            new Select(driver.findElement(By.name("status"))).selectByVisibleText("FAILED");
            new Select(driver.findElement(By.name("verdict"))).selectByValue("none");
            driver.findElement(By.name("ruleset")).sendKeys("dieu-1x");
            browser.follow(driver.findElement(By.cssSelector("#filters button")));
            List<String> failed = onDisk.stream().filter(r -> r.status().equals("FAILED") && r.verdict() == null
                    && r.ruleset().equals("dieu-1x")).map(ManifestsOnDisk.Run::id).toList();
            assertThat(failed).isNotEmpty();
            assertThat(rows(driver)).isEqualTo(failed.subList(0, Math.min(100, failed.size())));
            assertThat(new Select(driver.findElement(By.name("status"))).getFirstSelectedOption().getText())
                    .as("the form keeps what was asked").isEqualTo("FAILED");
            browser.screenshot("console-at-scale-filtered");

            driver.get(base + "/?since=next%20tuesday");
            assertThat(driver.findElement(By.id("refused")).getText()).contains("since is a date");

            String entity = null;
            long letters = 0;
            for (ManifestsOnDisk.Run run : onDisk) {
                Path gate = staging.resolve(run.id()).resolve("dead-letter/gate.jsonl");
                if (Files.isRegularFile(gate)) {
                    for (String line : Files.readAllLines(gate)) {
                        String code = JSON.readTree(line).path("row_data").path("entity_code").asText();
                        if (entity == null) {
                            entity = code;
                        }
                        letters += code.equals(entity) ? 1 : 0;
                    }
                }
            }
            driver.get(base + "/");
            driver.findElement(By.name("entity_code")).sendKeys(entity);
            browser.follow(driver.findElement(By.cssSelector("#entity-search button")));
            assertThat(driver.findElements(By.cssSelector("#letters tbody tr"))).hasSize((int) letters);
            assertThat(driver.findElements(By.cssSelector("#letters tbody tr code"))).extracting(WebElement::getText)
                    .filteredOn(t -> t.startsWith("FAUNA-")).containsOnly(entity);
            browser.screenshot("console-at-scale-entity-search");

            // the live view: a quiet home costs a few hundred bytes a look; a new run comes in with its row alone
            driver.get(base + "/");
            long page = (Long) driver.executeScript("return performance.getEntriesByType('navigation')[0].encodedBodySize");
            await().atMost(Duration.ofSeconds(20)).until(() -> changeLooks(driver).size() >= 3);
            Path inbox = Files.createDirectories(home.resolve("inbox"));
            Files.writeString(inbox.resolve("live.jsonl"), JSON.writeValueAsString(Rows.valid()) + "\n");
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                WebElement first = driver.findElement(By.cssSelector("#runs tbody tr"));
                return !first.getAttribute("data-run").equals(ids.get(0)) && first.getText().contains("COMPLETED");
            });
            assertThat(rows(driver)).hasSize(100).doesNotContain(ids.get(99));
            assertThat(count(driver, "count-all-runs")).isEqualTo(2501);
            List<Long> looks = changeLooks(driver);
            assertThat(page).as("the first page itself").isGreaterThan(20_000);
            assertThat(looks).as("each look costs bytes in proportion to what changed, never the list")
                    .allMatch(bytes -> bytes < 4_000);
            assertThat((Long) driver.executeScript("return performance.getEntriesByType('resource')"
                    + ".filter(e => e.name.includes('/api/runs')).length")).as("the whole list is never fetched again").isZero();
            browser.screenshot("console-at-scale-live");
        }
    }

    /** The bytes of each answer the live view fetched, as the browser counted them. */
    @SuppressWarnings("unchecked")
    private static List<Long> changeLooks(ChromeDriver driver) {
        return (List<Long>) driver.executeScript("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/api/changes')).map(e => e.encodedBodySize)");
    }
}
