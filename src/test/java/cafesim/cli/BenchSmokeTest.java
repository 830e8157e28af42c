package cafesim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.testing.CafesimProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each benchmark, small, so the benchmarks never rot: they run and say what they measured.
 * No timing is asserted here; the numbers are docs/performance.md's business.
 */
class BenchSmokeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void fidelityReportsMeasuredAgainstExpectedForBothModes() throws Exception {
    List<JsonNode> lines = bench("fidelity", "--runs", "1", "--speed", "1000");
    assertEquals(2, lines.size());
    assertEquals("sync", lines.get(0).get("mode").asText());
    assertEquals(8.0, lines.get(0).get("expectedSeconds").asDouble());
    assertEquals(5.0, lines.get(1).get("expectedSeconds").asDouble());
    assertTrue(lines.get(1).get("measuredSeconds").asDouble() >= 5.0);
    assertTrue(lines.get(1).has("errorPercent"));
    // What else had the cores during each run.
    for (JsonNode run : lines) {
      assertTrue(run.get("collections").asLong() >= 0, run.toString());
      assertTrue(run.get("gcPauseSeconds").asDouble() >= 0, run.toString());
      assertTrue(run.get("jitMillis").asLong() >= 0, run.toString());
    }
  }

  @Test
  void theAlarmsFloorRingsBothModesNeverBeforeTheirExactTotals() throws Exception {
    List<JsonNode> rings = bench("alarms", "--runs", "2", "--speed", "100", "--warmup", "5");
    assertEquals(4, rings.size(), "the warm-up's rings are not reported");
    for (int i = 0; i < rings.size(); i++) {
      JsonNode ring = rings.get(i);
      boolean sync = i % 2 == 0;
      assertEquals(sync ? "sync" : "async", ring.get("mode").asText());
      assertEquals(100.0, ring.get("speed").asDouble());
      double expected = sync ? 8.0 : 5.0;
      assertEquals(expected, ring.get("expectedSeconds").asDouble());
      assertTrue(ring.get("measuredSeconds").asDouble() >= expected, ring.toString());
      assertEquals((ring.get("measuredSeconds").asDouble() / expected - 1) * 100,
          ring.get("errorPercent").asDouble(), 1e-3);
    }
  }

  @Test
  void crowdServesEveryCustomerAndReportsTimeAndMemory() throws Exception {
    List<JsonNode> runs = bench(PARALLEL_GC, "crowd", "--customers", "2000", "--wait", "0.05",
        "--runs", "1", "--warmup", "1");
    assertEquals(1, runs.size(), "the warm-up run is not reported");
    JsonNode crowd = runs.get(0);
    assertEquals(2000, crowd.get("served").asInt());
    assertEquals(0.05, crowd.get("makespanSeconds").asDouble(), "a crowd's exact makespan is its wait");
    assertTrue(crowd.get("wallSeconds").asDouble() >= 0.05);
    for (String field : List.of("overheadSeconds", "setupSeconds", "heapAfterGcPeakMb", "peakRssMb")) {
      assertTrue(crowd.has(field), field);
    }
    assertCollector("Parallel", crowd);
  }

  @Test
  void theFloorWakesEveryBareActorOnce() throws Exception {
    List<JsonNode> runs = bench(Map.of("JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC"), "floor",
        "--customers", "2000", "--wait", "0.05", "--runs", "2");
    assertEquals(2, runs.size());
    for (JsonNode floor : runs) {
      assertEquals(2000, floor.get("customers").asInt());
      assertEquals("each", floor.get("timers").asText());
      assertTrue(floor.get("wallSeconds").asDouble() >= 0.05, floor.toString());
      assertTrue(floor.get("spawnSeconds").asDouble() <= floor.get("wallSeconds").asDouble());
      assertCollector("Serial", floor);
    }
  }

  @Test
  void theFloorWithOneTimerAParentWakesEveryActorAfterTheWait() throws Exception {
    JsonNode floor = bench("floor", "--customers", "2000", "--wait", "0.05", "--runs", "1",
        "--timers", "parent").get(0);
    assertEquals("parent", floor.get("timers").asText());
    assertEquals(2000, floor.get("customers").asInt());
    // Woken only by their parents' timers: no earlier than the wait.
    assertTrue(floor.get("wallSeconds").asDouble() >= 0.05, floor.toString());
  }

  @Test
  void runsCountsTheRunsAcceptedWhileCounting() throws Exception {
    JsonNode runs = bench("runs", "--callers", "4", "--warmup", "1", "--seconds", "2",
        "--runs", "1").get(0);
    assertEquals(4, runs.get("callers").asInt());
    assertEquals(2.0, runs.get("seconds").asDouble());
    long accepted = runs.get("accepted").asLong();
    assertTrue(accepted > 0, runs.toString());
    assertEquals(0, runs.get("refused").asLong(), "4 at a time are within the service's limits");
    assertEquals(Math.round(accepted / 2.0), runs.get("runsPerSecond").asLong());
  }

  /** The line says which collector the JVM ran, and how long its pauses took meanwhile. */
  private static void assertCollector(String expected, JsonNode line) {
    assertEquals(expected, line.get("collector").asText(), line.toString());
    double pauses = line.get("gcPauseSeconds").asDouble();
    assertTrue(pauses >= 0 && pauses <= line.get("wallSeconds").asDouble() + 1, line.toString());
  }

  @Test
  void poolComparesTheMakespanWithTheIdeal() throws Exception {
    JsonNode pool = bench("pool", "--customers", "200", "--baristas", "4", "--wait", "0.01",
        "--runs", "1").get(0);
    assertEquals(200, pool.get("served").asInt());
    assertEquals(0.5, pool.get("idealSeconds").asDouble(), 1e-9);
    assertTrue(pool.get("makespanOverIdeal").asDouble() >= 1.0);
  }

  @Test
  void theJournalAloneCountsWhatItWroteInAFreshDatabase() throws Exception {
    JsonNode journal = bench("journal", "--writers", "2", "--seconds", "1", "--warmup", "0",
        "--runs", "1").get(0);
    assertEquals(2, journal.get("writers").asInt());
    assertTrue(journal.get("database").asText().startsWith("jdbc:h2:file:"), journal.toString());
    assertTrue(journal.get("events").asLong() > 0, journal.toString());
    assertEquals(journal.get("events").asDouble() / journal.get("seconds").asDouble(),
        journal.get("eventsPerSecond").asDouble(), 1.0);
  }

  @Test
  void theJournalAsRunsUseItReplacesEachWriterAfterItsEvents() throws Exception {
    JsonNode journal = bench("journal", "--writers", "2", "--events-per-entity", "4",
        "--seconds", "1", "--warmup", "0", "--runs", "1").get(0);
    assertEquals(4, journal.get("eventsPerEntity").asInt());
    long events = journal.get("events").asLong();
    long entities = journal.get("entities").asLong();
    assertTrue(entities > 0, journal.toString());
    // Each entity writes 4 events; those at the window's edges are partly counted.
    assertTrue(Math.abs(events - 4 * entities) <= 4 * 2 + 4, journal.toString());
  }

  private static final Map<String, String> PARALLEL_GC =
      Map.of("JAVA_TOOL_OPTIONS", "-XX:+UseParallelGC");

  private static List<JsonNode> bench(String... args) throws Exception {
    return bench(Map.of(), args);
  }

  private static List<JsonNode> bench(Map<String, String> env, String... args) throws Exception {
    // The service's warm-up is thousands of runs; a smoke test needs its path, not its length.
    Map<String, String> withWarmup = new HashMap<>(env);
    withWarmup.merge("JAVA_TOOL_OPTIONS", "-Dcafesim.warmup-runs=20", (a, b) -> a + " " + b);
    String[] command = new String[args.length + 1];
    command[0] = "bench";
    System.arraycopy(args, 0, command, 1, args.length);
    var result = CafesimProcess.run(withWarmup, command);
    assertEquals(0, result.exit(), result.err());
    assertTrue(result.err().contains("median"), "a summary on stderr: " + result.err());
    return result.out().lines().map(line -> {
      try {
        return JSON.readTree(line);
      } catch (Exception e) {
        throw new AssertionError("not a JSON line: " + line, e);
      }
    }).toList();
  }
}
