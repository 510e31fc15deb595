package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Browser;
import io.khotam.KhotamProcess;
import io.khotam.Rows;
import io.khotam.evidence.RunLayout;
import io.khotam.store.RunCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The page every run leaves in evidence/report.html, opened from disk in real headless Chromium:
 * nothing is fetched, it shows the manifest's counts, the evidence is one click away, and hostile
 * row data is text.
 */
class ReportBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void theRunsOwnPageOpensOfflineShowsItsCountsAndNeverRunsRowData() throws Exception {
        Map<String, Object> script = Rows.with("status", "<script>window.pwned = 1</script>");
        script.put("entity_code", "FLORA-000002");
        Map<String, Object> image = Rows.with("name", "\"><img src=x onerror=\"window.pwned = 2\">");
        image.put("entity_code", "FLORA-000003");
        image.put("status", "gone");
        Files.createDirectories(home.resolve("inbox"));
        Files.writeString(home.resolve("inbox/hostile.jsonl"), JSON.writeValueAsString(Rows.valid()) + "\n"
                + JSON.writeValueAsString(script) + "\n" + JSON.writeValueAsString(image) + "\n" + "{not json\n");
        try (KhotamProcess run = KhotamProcess.start("ReportBrowserIT", "--home", home.toString(), "--no-registry", "run", "--once")) {
            assertThat(run.waitFor(120)).as(run.log()).isZero();
        }
        RunCatalog.Entry entry = new RunCatalog(home.resolve("staging")).list().get(0);
        Path page = entry.dir().resolve(RunLayout.REPORT);
        assertThat(entry.manifest().outputs()).extracting(o -> o.path()).contains(RunLayout.REPORT);
        assertThat(Files.readString(page)).doesNotContain("http://", "https://", "<script>window");
        JsonNode counts = JSON.valueToTree(entry.manifest().counts());

        try (Browser browser = Browser.start()) {
            browser.driver.get(page.toUri().toString());
            assertThat(browser.driver.getTitle()).contains(entry.runId()).contains("COMPLETED");
            for (String count : List.of("scanned", "admitted", "rejected", "skipped", "candidates", "dead_letters")) {
                assertThat(browser.driver.findElement(By.cssSelector("[data-count='" + count + "']")).getText())
                        .as(count).isEqualTo(counts.path(count).asText());
            }
            for (String stage : List.of("pen", "stamp", "gate")) {
                for (String kind : List.of("passed", "already_stamped", "failed")) {
                    assertThat(browser.driver.findElement(By.cssSelector("[data-count='" + stage + "." + kind + "']")).getText())
                            .isEqualTo(counts.path(stage).path(kind).asText());
                }
            }
            assertThat(browser.driver.findElement(By.cssSelector("[data-code='stamp.STATUS_UNKNOWN']")).getText()).isEqualTo("2");
            assertThat(browser.driver.findElement(By.cssSelector("[data-code='admission.UNPARSABLE_ROW']")).getText()).isEqualTo("1");

            WebElement evidence = browser.driver.findElement(By.cssSelector("#dead-letters details[data-row='2']"));
            WebElement rowData = evidence.findElement(By.tagName("pre"));
            assertThat(rowData.isDisplayed()).as("folded until asked").isFalse();
            evidence.findElement(By.tagName("summary")).click();
            assertThat(rowData.isDisplayed()).isTrue();
            assertThat(rowData.getText()).contains("<script>window.pwned = 1</script>");
            browser.driver.findElement(By.cssSelector("#dead-letters details[data-row='3'] summary")).click();
            assertThat(browser.driver.findElement(By.cssSelector("#dead-letters details[data-row='3'] pre")).getText())
                    .contains("\"><img src=x onerror=");

            assertThat(browser.driver.executeScript("return typeof window.pwned")).as("no row data ran").isEqualTo("undefined");
            assertThat(browser.driver.findElements(By.tagName("img"))).as("no element came from row data").isEmpty();
            assertThat((Long) browser.driver.executeScript("return performance.getEntriesByType('resource').length"))
                    .as("nothing fetched").isZero();
            browser.screenshot("report-page");
        }
    }
}
