package cafesim.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The harness itself, on pages of its own: an empty {@code consoleErrors()} means no errors. */
class BrowserTest {

  private static String page(String html) {
    return "data:text/html," + URLEncoder.encode(html, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  void consoleErrorsSeesErrorsAndUncaughtExceptionsAndKeepsThem() {
    try (Browser browser = Browser.desktop()) {
      browser.open(page("<script>console.log('fine'); console.error('boom');"
          + " setTimeout(() => { throw new Error('late') }, 10);</script>"));
      browser.waitFor(Duration.ofSeconds(5), driver -> browser.consoleErrors().size() == 2);
      List<String> errors = browser.consoleErrors();
      assertTrue(errors.get(0).contains("boom") && errors.get(1).contains("late"), errors.toString());
      assertEquals(3, browser.console().size(), "console.log is kept too");
    }
  }

  @Test
  void aPhoneIs390CssPixelsWide() {
    try (Browser browser = Browser.phone()) {
      browser.open(page("<meta name='viewport' content='width=device-width'><title>phone</title>"));
      browser.waitFor(Duration.ofSeconds(5), ExpectedConditions.titleIs("phone"));
      assertEquals(List.of(390L, 844L), ((JavascriptExecutor) browser.driver())
          .executeScript("return [innerWidth, innerHeight]"));
    }
  }
}
