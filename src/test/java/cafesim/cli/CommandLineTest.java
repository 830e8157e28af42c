package cafesim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.testing.CafesimProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line as a user runs it: a JVM of its own, its output and exit code. */
class CommandLineTest {

  @Test
  void runPrintsEachEventThenTheSummary() throws Exception {
    CafesimProcess.Result r = cafesim("run", "americano-latte", "--mode", "both", "--speed", "100");
    assertEquals(0, r.exit(), r.err());
    List<String> lines = r.out().lines().map(String::strip).toList();
    assertTrue(lines.contains("3.000s  DRINK_READY     main         americano    by barista-1"),
        r.out());
    int syncHeader = lines.indexOf("== americano-latte, sync, speed 100 ==");
    int asyncHeader = lines.indexOf("== americano-latte, async, speed 100 ==");
    assertTrue(syncHeader >= 0 && asyncHeader > syncHeader, r.out());
    assertTrue(lines.get(asyncHeader - 2).startsWith("8.000s  RUN_COMPLETED"), r.out());
    assertTrue(r.out().contains("async is 1.60x faster than sync (5.000 s against 8.000 s)"),
        r.out());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith(
        "sync  americano-latte  COMPLETED in 8.000 s (expected 8.000 s)")), r.out());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("measured ")), r.out());
    // Live lines never go back in simulated time.
    double last = 0;
    for (String line : lines.subList(asyncHeader + 1, lines.size())) {
      if (line.matches("\\d+\\.\\d{3}s .*")) {
        double at = Double.parseDouble(line.substring(0, line.indexOf('s')));
        assertTrue(at >= last, "back in time: " + line);
        last = at;
      }
    }
  }

  @Test
  void jsonPrintsTheReport() throws Exception {
    CafesimProcess.Result r = cafesim("run", "three-calls", "--speed", "1000", "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode report = new ObjectMapper().readTree(r.out());
    assertEquals("three-calls", report.get("scenario").asText());
    assertEquals("COMPLETED", report.get("status").asText());
    assertEquals("[\"Latte\",\"Americano\",\"Espresso\"]",
        report.get("customers").get(0).get("results").toString());
    assertEquals(12, report.get("events").size());
    assertEquals(5.0, report.get("makespanSeconds").asDouble());
    assertTrue(report.has("lagMillis") && report.has("timing"), r.out());
  }

  @Test
  void badArgumentsExitNonZeroWithAClearMessage() throws Exception {
    CafesimProcess.Result unknown = cafesim("run", "mocha-party");
    assertNotEquals(0, unknown.exit());
    assertTrue(unknown.err().contains("unknown scenario 'mocha-party'"), unknown.err());
    CafesimProcess.Result mode = cafesim("run", "americano-latte", "--mode", "fast");
    assertNotEquals(0, mode.exit());
    assertTrue(mode.err().contains("--mode"), mode.err());
    CafesimProcess.Result speed = cafesim("run", "americano-latte", "--speed", "0");
    assertNotEquals(0, speed.exit());
    assertTrue(speed.err().contains("--speed is 0.0"), speed.err());
  }

  @Test
  void helpWorksEverywhere() throws Exception {
    CafesimProcess.Result top = cafesim("--help");
    assertEquals(0, top.exit());
    assertTrue(top.out().contains("serve") && top.out().contains("run"), top.out());
    CafesimProcess.Result run = cafesim("run", "--help");
    assertEquals(0, run.exit());
    assertTrue(run.out().contains("--speed"), run.out());
  }

  private static CafesimProcess.Result cafesim(String... args) throws IOException, InterruptedException {
    return CafesimProcess.run(Map.of(), args);
  }
}
