package cafesim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.testing.CafesimProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void aRunTooSlowForMaxDurationIsRefusedAsTheApiRefusesIt() throws Exception {
    CafesimProcess.Result slow = cafesim("run", "americano-latte", "--speed", "0.0001");
    assertEquals(2, slow.exit(), slow.err());
    assertTrue(slow.err().contains("--speed is 1.0E-4; 'americano-latte' may take up to 80000 s"
        + " by the wall clock at that speed, and a run at most 600 s"
        + " (cafesim.runs.max-duration); allowed: 0.014 to 1000.0"), slow.err());
  }

  @Test
  void benchOptionsThatMeasureNothingAreRefusedByName() throws Exception {
    CafesimProcess.Result callers = cafesim("bench", "runs", "--callers", "0");
    assertEquals(1, callers.exit(), callers.err());
    assertTrue(callers.err().contains("cafesim: --callers is 0; allowed: 1 or more"),
        callers.err());
    CafesimProcess.Result speed = cafesim("bench", "fidelity", "--speed", "-1");
    assertEquals(1, speed.exit(), speed.err());
    assertTrue(speed.err().contains("cafesim: --speed is -1.0; allowed: 0 < speed <= 1000"),
        speed.err());
    CafesimProcess.Result rings = cafesim("bench", "alarms", "--runs", "0");
    assertEquals(1, rings.exit(), rings.err());
    assertTrue(rings.err().contains("cafesim: --runs is 0; allowed: 1 or more"), rings.err());
  }

  @Test
  void aBadLogLevelLogFileOrConfigFileStopsTheStartByName(@TempDir Path dir) throws Exception {
    CafesimProcess.Result level = CafesimProcess.run(Map.of("CAFESIM_LOG_LEVEL", "bogus"),
        "serve");
    assertEquals(2, level.exit(), level.err());
    assertTrue(level.err().contains("CAFESIM_LOG_LEVEL is 'bogus'; allowed: TRACE, DEBUG, INFO,"
        + " WARN, ERROR, OFF"), level.err());
    // Under a regular file: no directory can be made there.
    Path underAFile = Files.writeString(dir.resolve("a-file"), "").resolve("logs/cafesim.jsonl");
    CafesimProcess.Result file = CafesimProcess.run(Map.of("CAFESIM_LOG_FILE",
        underAFile.toString()), "serve");
    assertEquals(2, file.exit(), file.err());
    assertTrue(file.err().contains("CAFESIM_LOG_FILE is '" + underAFile + "', which cannot be"
        + " written"), file.err());
    CafesimProcess.Result config = CafesimProcess.run(Map.of("CAFESIM_CONFIG",
        "/nonexistent-dir/cafesim.conf"), "serve");
    assertEquals(1, config.exit(), config.err());
    assertTrue(config.err().contains("CAFESIM_CONFIG is '/nonexistent-dir/cafesim.conf', which"
        + " is not a file"), config.err());
  }

  @Test
  void aDataDirectoryThatCannotBeOneStopsTheStartNamingTheDatabase(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "");
    CafesimProcess.Result r = CafesimProcess.run(Map.of("CAFESIM_DATA_DIR",
        file.resolve("data").toString(), "CAFESIM_HTTP_PORT", "0"), "serve");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("cafesim: cannot open the runs' database, jdbc:h2:file:"
        + file.resolve("data") + "/cafesim: NotDirectoryException"), r.err());
    assertTrue(r.err().contains("it is CAFESIM_DATA_DIR (an H2 file there) or CAFESIM_DB_URL"),
        r.err());
    // The system ends through its coordinated shutdown, with nothing left waiting: it used to
    // exit from one of Pekko's threads and sit out a 10 s shutdown timeout.
    String all = r.out() + r.err();
    assertFalse(all.contains("timed out"), all);
    assertFalse(all.contains("had already been terminated"), all);
  }

  @Test
  void aTraceOfADirectoryOrOfBytesThatAreNotTextAndADemoOfNoUrlSayWhich(@TempDir Path dir)
      throws Exception {
    CafesimProcess.Result directory = cafesim("trace", dir.toString());
    assertEquals(2, directory.exit(), directory.err());
    assertTrue(directory.err().contains("cannot read " + dir + ": it is a directory"),
        directory.err());
    Path binary = Files.write(dir.resolve("app.jsonl"), new byte[] {(byte) 0xff, (byte) 0xfe});
    CafesimProcess.Result bytes = cafesim("trace", binary.toString());
    assertEquals(2, bytes.exit(), bytes.err());
    assertTrue(bytes.err().contains(binary + " is not UTF-8 text"), bytes.err());
    for (String command : new String[] {"demo", "health"}) {
      CafesimProcess.Result url = cafesim(command, "--url", "notaurl");
      assertEquals(1, url.exit(), url.err());
      assertTrue(url.err().contains("cafesim: --url is 'notaurl'; allowed: an http:// or"
          + " https:// URL with a host"), url.err());
    }
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
