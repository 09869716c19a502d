package org.shoptide.server.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium driven through Debian's chromedriver by Selenium. Nothing is downloaded: the driver and
 * browser paths are given explicitly, so Selenium Manager never runs.
 * <p>
 * When the browser is missing the test is skipped with the install command, except under {@code CI=true}, where
 * {@code bin/test} has installed it and a missing browser is a failure.
 * <p>
 * Screenshots go to {@code shoptide-server/target/e2e-screenshots/<name>.png} and are kept as test artifacts.
 */
public final class E2eBrowser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("SHOPTIDE_CHROMIUM", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path
            .of(System.getenv().getOrDefault("SHOPTIDE_CHROMEDRIVER", "/usr/bin/chromedriver"));
    public static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots");

    private final ChromeDriver driver;
    private final Path profile;

    private E2eBrowser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the calling test (fails it under CI) when chromium or chromedriver is not installed. */
    public static void assumeInstalled() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: bin/test installs them with apt-get install chromium chromium-driver");
        }
        Assumptions.assumeTrue(present,
                "headless Chromium tests need Debian's browser: apt-get install chromium chromium-driver");
    }

    /** Starts a fresh browser with an empty profile (no cookies, no storage). */
    public static E2eBrowser start() {
        assumeInstalled();
        try {
            Path profile = Files.createTempDirectory("shoptide-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            // The flags keep Chromium off the network (this machine has none) and out of the GPU and sandbox
            // (tests may run as root).
            options.addArguments(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-default-apps", "--mute-audio", "--window-size=1280,900",
                    "--user-data-dir=" + profile));
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            return new E2eBrowser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public E2eBrowser open(String url) {
        driver.get(url);
        return this;
    }

    /** Runs a script in the page and returns its result (Selenium's JSON-to-Java mapping). */
    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Waits (polling, no fixed sleep) until {@code condition} returns non-null/true, for at most {@code seconds}. */
    public <T> T waitUntil(int seconds, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(50)).until(condition);
    }

    /** Saves a PNG of the viewport under {@link #SCREENSHOTS} and returns its path. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp profile is harmless
        }
    }
}
