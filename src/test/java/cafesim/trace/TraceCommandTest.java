package cafesim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.http.Json;
import cafesim.testing.CafesimProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cafesim trace} on a log that someone else wrote: names that would forge lines or drive
 * the terminal print escaped, and an unknown run is said in one line.
 */
class TraceCommandTest {

  private static final String RUN = "run-\u001b[2Jx";

  @TempDir
  Path dir;

  private Path log;

  @BeforeEach
  void writeAForgedLog() throws Exception {
    log = dir.resolve("old.jsonl");
    Files.writeString(log, String.join("\n",
        line(0, "event", Map.of("type", "RUN_STARTED", "scenario", "five\njobs", "mode", "async")),
        line(0, "event", Map.of("type", "ORDER_PLACED", "customer", PrintableTest.KIM,
            "drink", "latte", "customerNo", 1, "drinkNo", 1)),
        line(1, "event", Map.of("type", "RUN_COMPLETED", "status", "COMPLETED\u001b[0m",
            "elapsedSeconds", 1.0)),
        ""));
  }

  @Test
  void theListPrintsIdsAndNamesEscaped() throws Exception {
    var list = CafesimProcess.run(Map.of(), "trace", log.toString());
    assertEquals(0, list.exit(), list.err());
    assertEquals(List.of(
        "RUN                  SCENARIO         MODE   STATUS      MAKESPAN  EVENTS",
        "run-\\u001b[2Jx       five\\njobs       async  COMPLETED\\u001b[0m   1.000 s       3"),
        list.out().lines().toList());
  }

  @Test
  void theTextTraceHasNoControlCharacters() throws Exception {
    var text = CafesimProcess.run(Map.of(), "trace", log.toString(), "--run", RUN);
    assertEquals(0, text.exit(), text.err());
    assertEquals(4, text.out().lines().count(), text.out());
    assertTrue(text.out().contains("ORDER_PLACED    kim\\n11:30:00.000 ERROR"), text.out());
    assertFalse(text.out().chars().anyMatch(c -> c != '\n' && Printable.isControl(c)), text.out());
  }

  @Test
  void anUnknownRunIsSaidInOneLine() throws Exception {
    var missing = CafesimProcess.run(Map.of(), "trace", log.toString(), "--run", "run-nope\u001b");
    assertNotEquals(0, missing.exit());
    assertEquals("", missing.out());
    assertEquals("cafesim trace: no run 'run-nope\\u001b' in " + log
        + " (1 run there; without --run, trace lists them)\n", missing.err());
  }

  @Test
  void aLogWithNoRunLinesIsSaidInOneLineNotAnEmptyTable() throws Exception {
    Path text = Files.writeString(dir.resolve("text.log"), "12:00:00.000 INFO  CafeServer"
        + "  cafesim serving on http://127.0.0.1:8080\n{\"message\":\"warm-up done\"}\n");
    var none = CafesimProcess.run(Map.of(), "trace", text.toString());
    assertEquals(2, none.exit(), none.err());
    assertEquals("", none.out());
    assertEquals("cafesim trace: no runs in " + text + " (2 line(s), none a cafesim run line;"
        + " trace reads the JSON lines of CAFESIM_LOG_FILE, or of stdout with"
        + " CAFESIM_LOG_FORMAT=json)\n", none.err());
  }

  private static String line(double at, String kind, Map<String, Object> fields)
      throws Exception {
    Map<String, Object> line = new LinkedHashMap<>(Map.of("logger_name", "cafesim.events",
        "runId", RUN, "kind", kind, "atSeconds", at));
    line.putAll(fields);
    return Json.MAPPER.writeValueAsString(line);
  }
}
