package dev.portcullis.it.console;

import dev.portcullis.testkit.RequiredTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.openqa.selenium.Dimension;
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

    /**
     * A screenshot of the whole page (not only the viewport) as {@code <name>.png}, kept as a test artifact.
     * Chromium's DevTools command is passed through chromedriver, so no version-specific Selenium module is needed.
     */
    Path screenshot(String name) {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        double width = Math.max(1024, ((Number) size.get("width")).doubleValue());
        double height = Math.min(8000, ((Number) size.get("height")).doubleValue());
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        try {
            Path file = screenshots.resolve(name + ".png");
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
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
