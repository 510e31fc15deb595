package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Browser;
import io.khotam.KhotamProcess;
import io.khotam.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The console as an operator uses it, in real headless Chromium against a real `serve`. */
class ConsoleBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void seeBothRunsOpenOneFollowTheEvidenceDeleteIt() throws Exception {
        int port = ConsoleApiIT.freePort();
        String base = "http://127.0.0.1:" + port;
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Map<String, Object> hostile = Rows.with("status", "<script>window.pwned = 1</script>");
        hostile.put("entity_code", "FLORA-000002");
        hostile.put("name", "\"><img src=x onerror=\"window.pwned = 2\">");
        Files.writeString(inbox.resolve("sample.jsonl"), JSON.writeValueAsString(Rows.valid()) + "\n"
                + JSON.writeValueAsString(hostile) + "\n" + JSON.writeValueAsString(Rows.with("entity_code", 42)) + "\n");
        Files.writeString(inbox.resolve("empty.json"), "");
        try (KhotamProcess serve = KhotamProcess.start("ConsoleBrowserIT", "--home", home.toString(), "--no-registry", "serve",
                "--http-port", String.valueOf(port));
             Browser browser = Browser.start()) {
            var driver = browser.driver;
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                driver.get(base + "/");
                return driver.findElements(By.cssSelector("tr[data-run]")).size() == 2
                        && driver.findElements(By.cssSelector("tr.run-RUNNING")).isEmpty();
            });
            assertThat(driver.findElements(By.cssSelector("tr[data-run] .status"))).extracting(e -> e.getText())
                    .containsExactlyInAnyOrder("COMPLETED", "REJECTED");
            browser.screenshot("console-runs");

            browser.follow(driver.findElement(By.cssSelector("tr.run-COMPLETED a")));
            String runId = driver.findElement(By.tagName("body")).getAttribute("data-run");
            assertThat(driver.findElements(By.cssSelector("#funnel svg rect"))).hasSize(10);
            assertThat(driver.findElement(By.cssSelector("[data-code='stamp.STATUS_UNKNOWN']")).getText()).isEqualTo("1");
            assertThat(driver.findElement(By.cssSelector("[data-code='admission.WRONG_TYPE']")).getText()).isEqualTo("1");
            driver.findElement(By.cssSelector("#dead-letters details[data-row='2'] summary")).click();
            var evidence = driver.findElement(By.cssSelector("#dead-letters details[data-row='2'] pre"));
            assertThat(evidence.isDisplayed()).isTrue();
            assertThat(evidence.getText()).contains("<script>window.pwned = 1</script>").contains("onerror=");
            assertThat(driver.executeScript("return typeof window.pwned")).as("row data never runs").isEqualTo("undefined");
            assertThat(driver.findElements(By.cssSelector("main img"))).isEmpty();
            browser.screenshot("console-run");

            driver.findElement(By.id("delete")).click();
            Alert confirm = new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent());
            assertThat(confirm.getText()).contains("Delete run " + runId);
            confirm.dismiss(); // thinking better of it changes nothing
            assertThat(home.resolve("staging").resolve(runId)).exists();
            driver.findElement(By.id("delete")).click();
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent()).accept();
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.urlToBe(base + "/"));
            assertThat(driver.findElements(By.cssSelector("tr[data-run]"))).hasSize(1);
            assertThat(driver.findElements(By.cssSelector("tr[data-run='" + runId + "']"))).isEmpty();
            assertThat(home.resolve("staging").resolve(runId)).doesNotExist();
            browser.screenshot("console-after-delete");
        }
    }

    @Test
    void aRunningRunShowsItsProgressWithoutAReload() throws Exception {
        int port = ConsoleApiIT.freePort();
        String base = "http://127.0.0.1:" + port;
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Path part = inbox.resolve("long.jsonl.part");
        Rows.writeJsonl(part, 300_000);
        try (KhotamProcess serve = KhotamProcess.start("ConsoleBrowserIT-progress", "--home", home.toString(), "--no-registry",
                "serve", "--http-port", String.valueOf(port));
             Browser browser = Browser.start()) {
            var driver = browser.driver;
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                driver.get(base + "/");
                return true;
            });
            Files.move(part, inbox.resolve("long.jsonl"));
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                driver.get(base + "/");
                return !driver.findElements(By.cssSelector("tr.run-RUNNING [data-field=scanned]")).isEmpty();
            });
            driver.executeScript("window.sameDocument = true");
            String first = driver.findElement(By.cssSelector("tr.run-RUNNING [data-field=scanned]")).getText();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                String now = driver.findElement(By.cssSelector("tr.run-RUNNING [data-field=scanned]")).getText();
                return now.endsWith(" of 300000") && !now.equals(first);
            });
            assertThat(driver.executeScript("return window.sameDocument")).as("updated in place, not reloaded").isEqualTo(true);
            browser.screenshot("console-progress");
            await().atMost(Duration.ofSeconds(180)).ignoreExceptions()
                    .until(() -> !driver.findElements(By.cssSelector("tr.run-COMPLETED")).isEmpty());
        }
    }
}
