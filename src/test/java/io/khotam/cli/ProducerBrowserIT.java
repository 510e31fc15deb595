package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.khotam.Browser;
import io.khotam.KhotamProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * A producer under test from the console, in real headless Chromium against a real `serve` with
 * its embedded workspace: rerun a finished run under a producer of the producers folder, and read
 * on the new run's page where it disagrees with the reference.
 */
class ProducerBrowserIT {

    @TempDir
    Path home;

    @Test
    void rerunUnderAProducerFromTheConsoleAndSeeWhereItDisagrees() throws Exception {
        int port = ConsoleApiIT.freePort();
        String base = "http://127.0.0.1:" + port;
        Files.createDirectories(home.resolve("producers"));
        Files.copy(Path.of("examples/producers/lenient-gate.sql"), home.resolve("producers/lenient-gate.sql"));
        Files.createDirectories(home.resolve("inbox"));
        Files.copy(Path.of("examples/flora-sample.json"), home.resolve("inbox/flora-sample.json"));
        try (KhotamProcess serve = KhotamProcess.start("ProducerBrowserIT", "--home", home.toString(), "--no-registry", "serve",
                "--http-port", String.valueOf(port));
             Browser browser = Browser.start()) {
            var driver = browser.driver;
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                driver.get(base + "/");
                return driver.findElements(By.cssSelector("tr.run-COMPLETED")).size() == 1;
            });
            browser.follow(driver.findElement(By.cssSelector("tr.run-COMPLETED a")));
            String first = driver.findElement(By.tagName("body")).getAttribute("data-run");
            assertThat(driver.findElements(By.id("producer"))).as("a run of the built-in inspectors has no producer section")
                    .isEmpty();
            Select producers = new Select(driver.findElement(By.id("rerun-producer")));
            assertThat(producers.getOptions()).extracting(o -> o.getText()).contains("lenient-gate.sql");
            producers.selectByVisibleText("lenient-gate.sql");
            driver.findElement(By.id("rerun")).click();

            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                driver.navigate().refresh();
                return !driver.findElement(By.tagName("body")).getAttribute("data-run").equals(first)
                        && driver.findElement(By.id("status")).getText().equals("COMPLETED");
            });
            assertThat(driver.findElement(By.id("producer-verdict")).getText()).isEqualTo("DIVERGES");
            assertThat(driver.findElement(By.cssSelector("[data-code='producer.FALSE_PASS']")).getText()).isEqualTo("1");
            assertThat(driver.findElement(By.cssSelector("[data-count='producer.rows_given']")).getText()).isEqualTo("5");
            assertThat(driver.findElements(By.cssSelector("#producer-agreement tr.bad"))).as("only GATE's failed row disagrees")
                    .singleElement().satisfies(row -> assertThat(row.getText()).startsWith("gate failed 1"));
            var example = driver.findElement(By.cssSelector("#producer details summary"));
            assertThat(example.getText()).contains("FLORA-000105").contains("FALSE_PASS");
            example.click();
            assertThat(driver.findElement(By.cssSelector("#producer details pre")).getText()).contains("SPECIES_NOT_FIT");
            browser.screenshot("console-producer");
        }
    }
}
