package cafesim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.testing.Browser;
import cafesim.testing.CafesimProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** The service as a browser meets it: headless Chromium reads /health from a real server. */
class BrowserSmokeTest {

  @TempDir
  Path dir;

  @Test
  void chromiumReadsTheHealthOfARealServer() throws Exception {
    Browser.assumeAvailable();
    var server = CafesimProcess.serve(
        Map.of("CAFESIM_HTTP_PORT", "0", "CAFESIM_DATA_DIR", dir.resolve("data").toString()),
        dir.resolve("stdout.txt"), "-Dcafesim.warmup-runs=0");
    try {
      long start = System.nanoTime();
      try (Browser browser = Browser.desktop()) {
        System.out.printf("chromium started in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        browser.open("http://127.0.0.1:" + server.port() + "/health");
        String text = browser.driver().findElement(By.tagName("body")).getText();
        assertTrue(text.contains("\"status\":\"UP\""), text);
        assertTrue(Files.size(browser.screenshot("health")) > 0);
        // A JSON response names no icon, so Chromium asks for /favicon.ico on its own and logs
        // the 404 (sometimes after open() returns): that one is not the service's error.
        assertEquals(List.of(), browser.consoleErrors().stream()
            .filter(error -> !error.contains("/favicon.ico ")).toList());
      }
    } finally {
      server.process().destroy();
      assertTrue(server.process().waitFor(15, TimeUnit.SECONDS), "exits after SIGTERM");
    }
  }
}
