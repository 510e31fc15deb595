package io.khotam;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs), with a
 * fresh profile and every background network feature off. Missing, the test fails and says what
 * to install; it never skips.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    public final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Browser start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            fail("this test drives a real browser and needs %s and %s: apt-get install chromium chromium-driver "
                    + "(.ci/run does)", CHROMIUM, DRIVER);
        }
        Path profile = Files.createTempDirectory("khotam-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1200,1400",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), profile);
    }

    /**
     * Clicks a link or a form's button and waits for the page it leads to: a click returns before
     * the next page has loaded, and what is read at once would be the page left behind.
     */
    public void follow(WebElement linkOrButton) {
        WebElement leaving = driver.findElement(By.tagName("html"));
        linkOrButton.click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> left(leaving));
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "complete".equals(
                driver.executeScript("return document.readyState")));
    }

    /**
     * The page's old root has left the document. Selenium's stalenessOf knows only the stale-element
     * error; mid-navigation ChromeDriver may answer "Node with given id does not belong to the
     * document" as an unknown error instead, which says the same.
     */
    private static boolean left(WebElement root) {
        try {
            root.isEnabled();
            return false;
        } catch (StaleElementReferenceException gone) {
            return true;
        } catch (WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /** Saves what the browser shows under target/screenshots/, to look at. */
    public Path screenshot(String name) throws IOException {
        Path file = Files.createDirectories(Path.of("target", "screenshots")).resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var paths = Files.walk(profile)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
