package cafesim.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through its chromedriver, for tests of what a person sees.
 *
 * <pre>{@code
 * Browser.assumeAvailable();                 // before starting anything costly
 * try (Browser browser = Browser.desktop()) {
 *   browser.open("http://127.0.0.1:" + port + "/");
 *   browser.waitFor(Duration.ofSeconds(5), ExpectedConditions.titleContains("cafesim"));
 *   browser.screenshot("home");              // target/screenshots/home.png
 *   assertEquals(List.of(), browser.consoleErrors());
 * }
 * }</pre>
 *
 * <p>Offline by construction: the driver executable is given to the {@link ChromeDriverService},
 * so Selenium's {@code DriverFinder} returns it without running Selenium Manager (the binary that
 * would download a driver or a browser). Should it ever run, the {@code SE_OFFLINE=true} system
 * property set here reaches it: Selenium hands every {@code SE_*} property to it as environment.
 * The console is read from the {@code goog:loggingPrefs} browser log, never through DevTools
 * (Selenium 4.38 has CDP bindings up to 142; Debian's Chromium is 156).
 *
 * <p>A page that names no icon makes Chromium fetch {@code /favicon.ico} by itself; a 404 there
 * is a console error (logged at times after {@link #open} returns).
 */
public final class Browser implements AutoCloseable {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private static final String MISSING =
      "browser tests need Debian's chromium and chromium-driver: "
          + "apt-get install chromium chromium-driver";

  /**
   * ChromeDriver's constructor looks for Selenium's CDP bindings matching the browser's version,
   * and warns that a {@code selenium-devtools-vNNN} dependency is missing when Debian's Chromium
   * is newer than Selenium (156 against 142 here). These tests use no CDP: drop that advice.
   * Held here because java.util.logging keeps its loggers only weakly.
   */
  private static final List<Logger> CDP_ADVICE = List.of(
      Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
      Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"));

  static {
    CDP_ADVICE.forEach(logger -> logger.setFilter(
        record -> record.getMessage() == null || !record.getMessage().contains("CDP")));
  }

  private final ChromeDriver driver;
  private final List<LogEntry> console = new ArrayList<>();

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /**
   * Skips the calling test when {@link #CHROMIUM} or {@link #CHROMEDRIVER} is missing; with
   * {@code CI=true} fails it instead, so CI never passes by skipping the browser tests.
   */
  public static void assumeAvailable() {
    if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI=true and " + MISSING + " (.ci/run installs them)");
    }
    Assumptions.abort(MISSING);
  }

  /** A desktop window of 1280 x 800 (its page area is smaller: see {@link #window}). */
  public static Browser desktop() {
    return window(1280, 800);
  }

  /**
   * A phone: a 390 x 844 CSS-pixel viewport (an iPhone 12 to 15), touch, mobile layout rules
   * (a page without {@code <meta name="viewport">} is laid out 980 px wide and shrunk, as on a
   * real phone). See {@link #mobile}.
   */
  public static Browser phone() {
    return mobile(390, 844);
  }

  /**
   * A browser window of this outer size ({@code --window-size}). The page gets what the
   * window's frame leaves: 1280 x 800 gives a 1280 x 657 viewport with Chromium 156. Chromium
   * makes no window narrower than 500 px: for anything narrower use {@link #mobile}.
   */
  public static Browser window(int width, int height) {
    return start(width, height, options -> {});
  }

  /**
   * A mobile viewport of exactly this many CSS pixels, device pixel ratio 1 (a screenshot is
   * {@code width} x {@code height} pixels), through chromedriver's {@code mobileEmulation}.
   */
  public static Browser mobile(int width, int height) {
    return start(width, height, options -> options.setExperimentalOption("mobileEmulation",
        Map.of("deviceMetrics", Map.of("width", width, "height", height, "pixelRatio", 1.0,
            "mobile", true, "touch", true))));
  }

  /** Starts the browser; skips (or in CI fails) when it is not installed. */
  private static Browser start(int width, int height, Consumer<ChromeOptions> more) {
    assumeAvailable();
    System.setProperty("SE_OFFLINE", "true");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort()
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--window-size=" + width + "," + height);
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
    more.accept(options);
    return new Browser(new ChromeDriver(service, options));
  }

  public WebDriver driver() {
    return driver;
  }

  /** Loads {@code url} and returns when the page has loaded. */
  public Browser open(String url) {
    driver.get(url);
    return this;
  }

  /** Waits until {@code condition} holds (is neither null nor false) and returns its value. */
  public <T> T waitFor(Duration timeout, ExpectedCondition<T> condition) {
    return new WebDriverWait(driver, timeout).until(condition);
  }

  /**
   * Every console message and browser-reported error since the browser started, oldest first.
   * Reading the log in Chromium empties it, so entries are kept here.
   */
  public List<LogEntry> console() {
    console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
    return List.copyOf(console);
  }

  /**
   * The SEVERE entries of {@link #console()}: {@code console.error}, uncaught exceptions, failed
   * loads. A page without errors gives an empty list, which prints well in an assertion.
   */
  public List<String> consoleErrors() {
    return console().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  /** Saves the viewport as {@code target/screenshots/<name>.png} and returns that path. */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path png = SCREENSHOTS.resolve(name + ".png").toAbsolutePath();
      Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
      return png;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Quits the browser and its chromedriver. */
  @Override
  public void close() {
    driver.quit();
  }
}
