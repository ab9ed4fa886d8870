package dev.portcullis.it.console;

import dev.portcullis.testkit.RequiredTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium driven by Debian's chromedriver through Selenium. The driver and browser are
 * named explicitly, so Selenium Manager never runs and nothing is downloaded; Chromium's own background
 * traffic (updates, sync, field trials) is switched off; the profile is fresh per run.
 */
final class Browser implements AutoCloseable {
    final ChromeDriver driver;
    private final Path screenshots;

    private Browser(ChromeDriver driver, Path screenshots) {
        this.driver = driver;
        this.screenshots = screenshots;
    }

    static Browser start(Path workDir, Path screenshots) throws IOException {
        Path chromium = RequiredTool.require("chromium", "chromium chromium-driver");
        Path chromedriver = RequiredTool.require("chromedriver", "chromium chromium-driver");
        Path profile = Files.createTempDirectory(Files.createDirectories(workDir), "chromium-profile-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withLogFile(workDir.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-default-apps", "--disable-extensions", "--metrics-recording-only",
                "--user-data-dir=" + profile, "--window-size=1600,1400");
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().window().setSize(new Dimension(1600, 1400));
        return new Browser(driver, Files.createDirectories(screenshots));
    }

    void open(String url) {
        driver.get(url);
    }

    /** A screenshot of the whole page as {@code <name>.png}, kept as a test artifact. */
    Path screenshot(String name) {
        Object height = driver.executeScript("return Math.max(document.body.scrollHeight, 800)");
        driver.manage().window().setSize(new Dimension(1600, Math.min(6000, ((Number) height).intValue() + 120)));
        try {
            Path file = screenshots.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
