package dev.stride.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium, as Debian ships it, driven through its chromedriver (no driver download: both
 * come from apt, installed by {@code bin/stride test}). Screenshots go to target/screenshots.
 */
final class Browser implements AutoCloseable {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  static Browser open() {
    String binary = firstExisting("/usr/lib/chromium/chromium", "/usr/bin/chromium");
    String chromedriver = firstExisting("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    if (binary == null || chromedriver == null) {
      throw new IllegalStateException(
          "the browser tests need Debian's chromium and chromium-driver: run bin/stride test, or"
              + " apt-get install chromium chromium-driver");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(binary);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of(chromedriver).toFile())
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return new Browser(driver);
  }

  /** Waits until {@code condition} holds (not null, not false), or fails after {@code timeout}. */
  <T> T await(Duration timeout, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(200)).until(condition::apply);
  }

  /** Saves what the page shows as target/screenshots/{name}.png. */
  Path screenshot(String name) {
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
    driver.quit();
  }

  private static String firstExisting(String... paths) {
    for (String path : paths) {
      if (Files.isExecutable(Path.of(path))) {
        return path;
      }
    }
    return null;
  }
}
