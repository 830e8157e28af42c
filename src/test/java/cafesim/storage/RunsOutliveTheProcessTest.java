package cafesim.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.testing.CafesimProcess;
import cafesim.testing.ServiceClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as a user runs it, in real processes on its embedded H2 database: runs survive a
 * clean stop, a {@code kill -9} mid-run and a {@code kill -9} right after the {@code 202}, and
 * every run accepted ends exactly once. {@link PostgresRunsTest} runs the same on PostgreSQL.
 */
class RunsOutliveTheProcessTest {

  @TempDir
  Path dir;

  /** Where the service keeps its data; subclasses point it at another database. */
  protected Map<String, String> storage() {
    return Map.of("CAFESIM_DATA_DIR", dir.resolve("data").toString());
  }

  private int starts;

  private CafesimProcess.Server start(String... javaOptions) throws Exception {
    // No warm-up unless asked for: of two -D settings, the JVM keeps the last.
    List<String> options = new ArrayList<>(List.of("-Dcafesim.warmup-runs=0"));
    options.addAll(List.of(javaOptions));
    return CafesimProcess.serve(storage(), dir.resolve("stdout-" + ++starts + ".log"),
        options.toArray(String[]::new));
  }

  private static void killHard(CafesimProcess.Server server) throws Exception {
    server.process().destroyForcibly();
    assertTrue(server.process().waitFor(15, TimeUnit.SECONDS));
  }

  private static void stop(CafesimProcess.Server server) throws Exception {
    server.process().destroy();
    assertTrue(server.process().waitFor(30, TimeUnit.SECONDS), "exits after SIGTERM");
    assertEquals(143, server.process().exitValue());
  }

  /** Lines of every start's output that say the run ended, however it ended. */
  private long endLines(String runId) throws Exception {
    long ends = 0;
    for (int i = 1; i <= starts; i++) {
      ends += Files.readString(dir.resolve("stdout-" + i + ".log")).lines()
          .filter(line -> line.contains(runId))
          .filter(line -> line.contains("RUN_COMPLETED") || line.contains("RUN_FAILED")
              || line.contains("RUN_CANCELLED"))
          .count();
    }
    return ends;
  }

  @Test
  void finishedRunsReadBackExactlyAfterACleanStop() throws Exception {
    var server = start();
    var client = new ServiceClient(server.port());
    List<String> ids = new ArrayList<>();
    Map<String, JsonNode> reports = new HashMap<>();
    Map<String, byte[]> timelines = new HashMap<>();
    Map<String, String> traces = new HashMap<>();
    for (String scenario : List.of("americano-latte", "three-calls", "find-users")) {
      JsonNode report = client.post("/runs?wait=true", "{\"scenario\":\"" + scenario
          + "\",\"mode\":\"async\",\"speed\":100}").json();
      assertEquals("COMPLETED", report.get("status").asText());
      String id = report.get("runId").asText();
      ids.add(0, id);
      reports.put(id, client.get("/runs/" + id).json());
      timelines.put(id, client.bytes("/runs/" + id + "/timeline.svg"));
      traces.put(id, client.get("/runs/" + id + "/trace?format=text").body());
    }
    JsonNode listed = client.get("/runs").json();
    stop(server);

    server = start();
    client = new ServiceClient(server.port());
    try {
      JsonNode relisted = client.get("/runs").json();
      assertEquals(listed, relisted, "the list reads back as it was");
      assertEquals(ids, relisted.get("runs").findValuesAsText("runId"));
      for (String id : ids) {
        assertEquals(reports.get(id), client.get("/runs/" + id).json(), "report of " + id);
        assertArrayEquals(timelines.get(id), client.bytes("/runs/" + id + "/timeline.svg"));
        assertEquals(traces.get(id), client.get("/runs/" + id + "/trace?format=text").body());
        assertEquals(1, reports.get(id).get("attempts").asInt());
      }
    } finally {
      stop(server);
    }
  }

  @Test
  void aRunKilledMidwayIsResumedAndEndsOnce() throws Exception {
    var server = start();
    var client = new ServiceClient(server.port());
    // Six lattes one after another at speed 10: 3 s by the wall clock.
    JsonNode accepted = client.post("/runs", "{\"customers\":[{\"name\":\"ann\",\"drinks\":"
        + "[\"latte\",\"latte\",\"latte\",\"latte\",\"latte\",\"latte\"]}],"
        + "\"mode\":\"sync\",\"speed\":10,\"seed\":42}").json();
    String id = accepted.get("runId").asText();
    client.awaitEvent(id, "DRINK_READY");
    killHard(server);

    server = start();
    client = new ServiceClient(server.port());
    try {
      // A client that saw the first play's first events hears the run started over.
      // (SSE fields, "name:value", one per line, without the optional space.)
      List<String> stream = client.events(id, "1-2").lines()
          .map(line -> line.replaceFirst("^(\\w+): ", "$1:")).toList();
      String all = String.join("\n", stream);
      assertTrue(all.startsWith("data:{\"attempt\":2}\nevent:restarted\n")
          || all.startsWith("event:restarted\ndata:{\"attempt\":2}\n"), all);
      assertTrue(stream.contains("id:2-1"), all);
      assertTrue(stream.stream().noneMatch(line -> line.startsWith("id:1-")), all);
      assertTrue(stream.contains("event:report"), all);
      JsonNode report = client.awaitEnd(id);
      assertEquals("COMPLETED", report.get("status").asText());
      assertEquals(2, report.get("attempts").asInt(), "played twice: cut short once");
      assertEquals(accepted.get("traceId"), report.get("traceId"));
      assertEquals("42", report.get("seed").asText());
      assertEquals(30.0, report.get("makespanSeconds").asDouble());
      assertEquals(1, endLines(id), "the run ended once, in all the logs together");
      assertEquals(1, client.get("/runs").json().get("runs").findValuesAsText("runId").stream()
          .filter(id::equals).count(), "listed once");
      List<String> metrics = client.get("/metrics").body().lines().toList();
      assertTrue(metrics.contains("cafesim_runs_resumed_total 1.0"), metrics::toString);
      assertTrue(metrics.contains("cafesim_runs_ended_total{status=\"completed\"} 1.0"),
          metrics::toString);
    } finally {
      stop(server);
    }
  }

  @Test
  void aRunKilledRightAfterItsAcceptanceExistsAndCompletes() throws Exception {
    var server = start();
    var client = new ServiceClient(server.port());
    var answer = client.post("/runs",
        "{\"scenario\":\"americano-latte\",\"mode\":\"async\",\"speed\":10}");
    killHard(server);
    assertEquals(202, answer.status());
    String id = answer.json().get("runId").asText();

    server = start();
    client = new ServiceClient(server.port());
    try {
      JsonNode report = client.awaitEnd(id);
      assertEquals("COMPLETED", report.get("status").asText());
      assertEquals(5.0, report.get("makespanSeconds").asDouble());
      assertTrue(report.get("attempts").asInt() <= 2, report.toString());
      assertEquals(1, endLines(id));
    } finally {
      stop(server);
    }
  }

  @Test
  void aStopDuringTheWarmUpLetsItsRunEndAndStartsNoOtherAfterIt() throws Exception {
    // At top speed 4 the first warm-up run (americano-latte, sync) takes 2 s, so the stop
    // comes while it is in flight.
    var server = start("-Dcafesim.warmup-runs=1000000", "-Dcafesim.runs.max-speed=4");
    stop(server);
    String out = Files.readString(server.stdout());
    assertTrue(out.contains("warm-up cut short by the stop: 1 of 1000000 runs"), out);
    assertFalse(out.contains("warm-up stopped early"), out);
  }

  @Test
  void aRunTheDrainCutsOffIsResumedAtTheNextStart() throws Exception {
    var server = start("-Dcafesim.shutdown.drain-deadline=200ms");
    var client = new ServiceClient(server.port());
    String id = client.post("/runs", "{\"scenario\":\"americano-latte\",\"mode\":\"sync\","
        + "\"speed\":1}").json().get("runId").asText();
    client.awaitEvent(id, "DRINK_STARTED");
    stop(server);
    assertTrue(Files.readString(dir.resolve("stdout-1.log")).contains(
        "cafesim stopping; runs: 0 completed, 0 failed, 0 cancelled, 1 left to resume"));
    assertEquals(0, endLines(id), "not ended by the stop");

    server = start();
    client = new ServiceClient(server.port());
    try {
      JsonNode report = client.awaitEnd(id);
      assertEquals("COMPLETED", report.get("status").asText());
      assertEquals(2, report.get("attempts").asInt());
      assertEquals(8.0, report.get("makespanSeconds").asDouble());
      assertEquals(1, endLines(id));
    } finally {
      stop(server);
    }
  }
}
