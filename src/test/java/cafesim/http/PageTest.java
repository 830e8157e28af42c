package cafesim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.testing.Browser;
import cafesim.testing.CafesimProcess;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The page at / in headless Chromium against the real service (a process of its own on a
 * free port): what a visitor does, and what they see.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PageTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private CafesimProcess.Server server;
  private Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void serve() throws Exception {
    Browser.assumeAvailable();
    dir = Files.createTempDirectory("cafesim-page");
    server = CafesimProcess.serve(Map.of("CAFESIM_HTTP_PORT", "0",
        "CAFESIM_DATA_DIR", dir.resolve("data").toString()), dir.resolve("stdout.txt"),
        "-Dcafesim.warmup-runs=0");
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.process().destroy();
      server.process().waitFor(15, TimeUnit.SECONDS);
    }
  }

  private String page(String query) {
    return "http://127.0.0.1:" + server.port() + "/" + query;
  }

  /** The page, loaded and ready (scenarios and past runs fetched). */
  private Browser open(Browser browser, String query) {
    browser.open(page(query));
    browser.waitFor(WAIT, ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    return browser;
  }

  private static String text(Browser browser, String css) {
    return browser.driver().findElement(By.cssSelector(css)).getText();
  }

  private static void type(Browser browser, String css, String value) {
    WebElement input = browser.driver().findElement(By.cssSelector(css));
    input.clear();
    input.sendKeys(value);
  }

  private static void assertNoConsoleErrors(Browser browser) {
    List<String> errors = browser.consoleErrors();
    assertTrue(errors.isEmpty(), "console errors: " + errors);
  }

  @Test
  void thePageLoadsWithTheScenariosAndTheirLessons() {
    try (Browser browser = open(Browser.desktop(), "")) {
      Select scenario = new Select(browser.driver().findElement(By.id("scenario")));
      List<String> names = scenario.getOptions().stream().map(WebElement::getText).toList();
      assertTrue(names.containsAll(List.of("americano-latte", "morning-rush")), names.toString());
      assertTrue(text(browser, "#lesson").contains("5 s, not 8"), text(browser, "#lesson"));
      scenario.selectByVisibleText("morning-rush");
      assertTrue(text(browser, "#lesson").contains("morning rush"), text(browser, "#lesson"));
      browser.screenshot("page");
      assertNoConsoleErrors(browser);
    }
  }

  @Test
  void comparingAmericanoLatteShowsEightFiveAndTheSpeedup() {
    try (Browser browser = open(Browser.desktop(), "")) {
      new Select(browser.driver().findElement(By.id("scenario")))
          .selectByVisibleText("americano-latte");
      type(browser, "#speed", "100");
      browser.driver().findElement(By.id("compare")).click();
      browser.waitFor(WAIT, ExpectedConditions.textToBe(By.id("speedup"), "1.6x"));
      assertEquals("8 s", text(browser, "#total-sync"));
      assertEquals("5 s", text(browser, "#total-async"));
      List<WebElement> pictures = browser.driver().findElements(By.cssSelector("#timelines svg"));
      assertEquals(2, pictures.size(), "sync above async");
      // One axis for both: the last tick of each is the same second at the same place.
      assertEquals(lastTick(pictures.get(0)), lastTick(pictures.get(1)));
      assertTrue(browser.driver().findElement(By.id("comparison-svg")).getAttribute("href")
          .contains("/comparison.svg?sync=run-"));
      browser.screenshot("compare");
      assertNoConsoleErrors(browser);
    }
  }

  private static String lastTick(WebElement svg) {
    List<WebElement> ticks = svg.findElements(By.cssSelector(".axis text.tick"));
    WebElement last = ticks.get(ticks.size() - 2); // the very last is the unit, "s"
    return last.getText() + "@" + last.getAttribute("x");
  }

  @Test
  void aLiveRunsLaneGrowsWhileItRuns() throws Exception {
    try (Browser browser = open(Browser.desktop(), "")) {
      new Select(browser.driver().findElement(By.id("scenario")))
          .selectByVisibleText("americano-latte");
      type(browser, "#speed", "1");
      browser.driver().findElement(By.id("run")).click();
      browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(
          By.cssSelector("#timelines g.drink[data-drink='latte'] rect")));
      double first = width(browser, "latte");
      Thread.sleep(1500); // the test's own thread: a second and a half of a 5 s run
      double later = width(browser, "latte");
      assertTrue(later > first, "the latte's bar grows: " + first + " then " + later);
      assertTrue(browser.driver().getCurrentUrl().contains("?run=run-"), "a deep link");
      browser.screenshot("live");
      browser.waitFor(WAIT, ExpectedConditions.textToBe(By.id("run-status"), "COMPLETED"));
      assertEquals("5.0", text(browser, "#clock-now"));
      assertNoConsoleErrors(browser);
    }
  }

  /** The drawn width of the drink's bar, read in one go (the page redraws ten times a second). */
  private static double width(Browser browser, String drink) {
    return ((Number) ((JavascriptExecutor) browser.driver()).executeScript(
        "return [...document.querySelectorAll(`#timelines g.drink[data-drink='${arguments[0]}'] rect`)]"
            + ".reduce((sum, r) => sum + Number(r.getAttribute('width')), 0);", drink))
        .doubleValue();
  }

  @Test
  void aBadFieldGetsTheApisMessageBesideIt() {
    try (Browser browser = open(Browser.desktop(), "")) {
      type(browser, "#speed", "5000");
      browser.driver().findElement(By.id("run")).click();
      browser.waitFor(WAIT, ExpectedConditions.textToBePresentInElementLocated(
          By.cssSelector("[data-error-for='speed']"), "'speed'"));
      assertTrue(text(browser, "[data-error-for='speed']").contains("1000"),
          "says what is allowed: " + text(browser, "[data-error-for='speed']"));
      WebElement speed = browser.driver().findElement(By.id("speed"));
      assertEquals("true", speed.getAttribute("aria-invalid"));
      assertEquals(speed, browser.driver().switchTo().activeElement(), "focus on the field");
      assertEquals(text(browser, "[data-error-for='speed']"), browser.driver().findElement(
          By.id(speed.getAttribute("aria-describedby"))).getText(), "read with the field");
      assertTrue(!browser.driver().getCurrentUrl().contains("run="), "no run was started");
      browser.screenshot("bad-field");
    }
  }

  @Test
  void aFinishedRunReplaysEveryDrink() throws Exception {
    // Poisson guests on the virtual clock: instants with every digit, not whole seconds.
    JsonNode report = post("/runs?wait=true", "{\"clock\":\"virtual\",\"seed\":\"11\","
        + "\"arrivals\":{\"count\":40,\"perSecond\":0.5,\"drinks\":[\"espresso\",\"latte\"]}}");
    String runId = report.get("runId").asText();
    assertEquals(40, report.get("stats").get("served").asInt());
    try (Browser browser = open(Browser.desktop(), "")) {
      // Opened from the list of past runs, as a visitor would.
      browser.waitFor(WAIT, ExpectedConditions.elementToBeClickable(By.linkText(runId))).click();
      browser.waitFor(WAIT, ExpectedConditions.textToBe(By.id("run-status"), "COMPLETED"));
      assertEquals("40", drinksDrawn(browser));
      new Select(browser.driver().findElement(By.id("replay-speed"))).selectByVisibleText("20x");
      browser.driver().findElement(By.id("replay")).click();
      double makespan = report.get("makespanSeconds").asDouble();
      double midway = Double.parseDouble(browser.driver().findElement(
          By.cssSelector("#timelines svg")).getAttribute("data-now"));
      assertTrue(midway < makespan, "it animates: at " + midway + " of " + makespan);
      browser.waitFor(Duration.ofSeconds(60), ExpectedConditions.textToBePresentInElementLocated(
          By.id("message"), "Replayed " + runId));
      assertEquals("40", drinksDrawn(browser));
      assertNoConsoleErrors(browser);
    }
  }

  private static String drinksDrawn(Browser browser) {
    return browser.driver().findElement(By.cssSelector("#timelines svg")).getAttribute("data-drinks");
  }

  @Test
  void cancelEndsARunInFlight() throws Exception {
    try (Browser browser = open(Browser.desktop(), "")) {
      new Select(browser.driver().findElement(By.id("scenario"))).selectByVisibleText("morning-rush");
      type(browser, "#speed", "20"); // half an hour of cafe in 90 s: still going
      browser.driver().findElement(By.id("run")).click();
      browser.waitFor(WAIT, ExpectedConditions.elementToBeClickable(By.id("cancel")));
      browser.waitFor(WAIT, ExpectedConditions.numberOfElementsToBeMoreThan(
          By.cssSelector("#timelines g.drink"), 5));
      browser.screenshot("morning-rush");
      String runId = browser.driver().getCurrentUrl().replaceAll(".*run=", "");
      browser.driver().findElement(By.id("cancel")).click();
      browser.waitFor(WAIT, ExpectedConditions.textToBe(By.id("run-status"), "CANCELLED"));
      assertEquals("CANCELLED", get("/runs/" + runId).get("status").asText());
      assertNoConsoleErrors(browser);
    }
  }

  @Test
  void slipsAreMarkedWhereTheyHappened() throws Exception {
    JsonNode report = post("/runs?wait=true",
        "{\"scenario\":\"five-jobs\",\"speed\":1000,\"failureRate\":0.3,\"seed\":\"3\"}");
    long slips = 0;
    for (JsonNode event : report.get("events")) {
      slips += event.get("type").asText().equals("BARISTA_FAILED") ? 1 : 0;
    }
    assertTrue(slips > 0, "seed 3 slips at rate 0.3: " + report);
    try (Browser browser = open(Browser.desktop(), "?run=" + report.get("runId").asText())) {
      browser.waitFor(WAIT, ExpectedConditions.textToBe(By.id("run-status"), "COMPLETED"));
      WebElement svg = browser.driver().findElement(By.cssSelector("#timelines svg"));
      assertEquals(String.valueOf(slips), svg.getAttribute("data-slips"));
      assertEquals(slips, svg.findElements(By.cssSelector("text.slip")).size());
      assertTrue(svg.findElements(By.cssSelector("g.drink.retry")).size() > 0, "remakes marked");
      assertEquals(0, svg.findElements(By.cssSelector("g.drink.making")).size(),
          "every try ended: ready, or lost to a slip");
      browser.screenshot("slips");
      assertNoConsoleErrors(browser);
    }
  }

  @Test
  void withAnApiTokenThePageAsksForItOnce() throws Exception {
    Path tokenDir = Files.createTempDirectory("cafesim-token");
    var guarded = CafesimProcess.serve(Map.of("CAFESIM_HTTP_PORT", "0",
        "CAFESIM_DATA_DIR", tokenDir.resolve("data").toString(), "CAFESIM_API_TOKEN", "s3cret"),
        tokenDir.resolve("stdout.txt"), "-Dcafesim.warmup-runs=0");
    try (Browser browser = Browser.desktop()) {
      browser.open("http://127.0.0.1:" + guarded.port() + "/");
      browser.waitFor(WAIT, ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
      type(browser, "#speed", "100");
      browser.driver().findElement(By.id("run")).click();
      Alert ask = browser.waitFor(WAIT, ExpectedConditions.alertIsPresent());
      assertTrue(ask.getText().contains("API token"), ask.getText());
      ask.sendKeys("s3cret");
      ask.accept();
      browser.waitFor(WAIT, ExpectedConditions.textToBe(By.id("run-status"), "COMPLETED"));
      String first = browser.driver().getCurrentUrl();
      browser.driver().findElement(By.id("run")).click(); // asked once: no second prompt
      browser.waitFor(WAIT, driver -> !driver.getCurrentUrl().equals(first));
      browser.waitFor(WAIT, ExpectedConditions.textToBe(By.id("run-status"), "COMPLETED"));
    } finally {
      guarded.process().destroy();
      guarded.process().waitFor(15, TimeUnit.SECONDS);
    }
  }

  @Test
  void atPhoneWidthNothingSpillsSideways() {
    try (Browser browser = open(Browser.phone(), "")) {
      type(browser, "#speed", "1000");
      browser.driver().findElement(By.id("compare")).click();
      browser.waitFor(WAIT, ExpectedConditions.textToBe(By.id("speedup"), "1.6x"));
      assertTrue(browser.driver().findElement(By.cssSelector("#timelines svg")).getSize()
          .getWidth() >= 640, "the picture keeps a readable size and scrolls in its frame");
      long overflow = (Long) ((JavascriptExecutor) browser.driver()).executeScript(
          "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
      assertEquals(0L, overflow);
      browser.screenshot("phone");
      assertNoConsoleErrors(browser);
    }
  }

  private JsonNode post(String path, String body) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    return Json.MAPPER.readTree(answer.body());
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return Json.MAPPER.readTree(answer.body());
  }
}
