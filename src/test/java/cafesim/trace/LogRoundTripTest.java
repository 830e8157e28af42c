package cafesim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.http.Json;
import cafesim.testing.CafesimProcess;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as deployed: runs over HTTP, the JSON log written by the real logging setup
 * (CAFESIM_LOG_FILE), SIGTERM, then the log read back: every run and every event is there.
 */
class LogRoundTripTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theLogAloneRebuildsEveryRunAsTheApiReportedIt() throws Exception {
    Path log = dir.resolve("cafesim.jsonl");
    var server = serveLoggingTo(log);
    JsonNode async;
    JsonNode sync;
    HttpResponse<String> traced;
    try {
      traced = post(server.port(), "{\"scenario\":\"americano-latte\",\"mode\":\"async\",\"speed\":100}",
          "00-" + TRACE + "-00f067aa0ba902b7-01");
      async = get(server.port(), "/runs/" + Json.MAPPER.readTree(traced.body()).get("runId").asText());
      var plain = post(server.port(), "{\"scenario\":\"americano-latte\",\"mode\":\"sync\",\"speed\":100}", null);
      sync = get(server.port(), "/runs/" + Json.MAPPER.readTree(plain.body()).get("runId").asText());
    } finally {
      server.process().destroy();
      assertTrue(server.process().waitFor(15, TimeUnit.SECONDS), "exits after SIGTERM");
    }
    assertEquals(143, server.process().exitValue(), "the exit code of a SIGTERM'd JVM");

    assertEquals(TRACE, async.get("traceId").asText());
    assertTrue(traced.headers().firstValue("traceparent").orElseThrow()
        .matches("00-" + TRACE + "-[0-9a-f]{16}-01"));

    TraceLog.Contents contents = TraceLog.read(Files.readString(log));
    assertEquals(List.of(async.get("runId").asText(), sync.get("runId").asText()),
        contents.runs().stream().map(RunTrace::runId).toList());
    for (JsonNode report : List.of(async, sync)) {
      RunTrace run = contents.runs().stream()
          .filter(r -> r.runId().equals(report.get("runId").asText())).findFirst().orElseThrow();
      assertEquals(report.get("events"), Json.MAPPER.valueToTree(run.events()),
          "the log's events are the report's");
      assertEquals(report.get("traceId").asText(), run.traceId());
      assertEquals("americano-latte", run.scenario());
      assertEquals(report.get("mode").asText(), run.mode().label());
      assertEquals("COMPLETED", run.status());
      assertEquals(report.get("makespanSeconds").asDouble(), run.makespanSeconds());
      assertEquals(report.get("expectedSeconds").asDouble(), run.expectedSeconds());
      assertTrue(run.messages().size() >= 10, "the messages between the actors are there too");
    }

    String stdout = Files.readString(server.stdout());
    String runId = async.get("runId").asText();
    List<String> runLines = stdout.lines().filter(l -> l.contains(runId)).toList();
    assertEquals(contents.runs().get(0).events().size() + contents.runs().get(0).messages().size(),
        runLines.size(), "one text line per event and per message:\n" + String.join("\n", runLines));
    assertTrue(runLines.stream().allMatch(l -> l.contains(TRACE)), "each carries the trace id");
    assertTrue(stdout.contains("DRINK_READY     main         americano    by barista-1"), stdout);
  }

  @Test
  void theTraceCommandListsRunsAndRendersOne() throws Exception {
    Path log = dir.resolve("cafesim.jsonl");
    var server = serveLoggingTo(log);
    String runId;
    try {
      runId = Json.MAPPER.readTree(post(server.port(),
          "{\"scenario\":\"three-calls\",\"mode\":\"async\",\"speed\":1000}", null).body())
          .get("runId").asText();
    } finally {
      server.process().destroy();
      server.process().waitFor(15, TimeUnit.SECONDS);
    }
    // The last line counts how the runs ended, in fields of its own as well as in words.
    JsonNode stopping = null;
    for (String line : Files.readAllLines(log)) {
      JsonNode json = Json.MAPPER.readTree(line);
      if (json.path("message").asText().startsWith("cafesim stopping")) {
        stopping = json;
      }
    }
    assertTrue(stopping != null, "a stopping line in " + log);
    assertEquals(1, stopping.get("runsCompleted").asInt(), stopping.toString());
    assertEquals(0, stopping.get("runsFailed").asInt(), stopping.toString());
    assertEquals(0, stopping.get("runsCancelled").asInt(), stopping.toString());
    assertEquals(0, stopping.get("runsLeftToResume").asInt(), stopping.toString());

    var list = CafesimProcess.run(Map.of(), "trace", log.toString());
    assertEquals(0, list.exit(), list.err());
    assertTrue(list.out().lines().anyMatch(l -> l.startsWith(runId)
        && l.contains("three-calls") && l.contains("async") && l.contains("COMPLETED")
        && l.strip().endsWith("12")), list.out());
    assertTrue(list.err().contains("skipped"), "the non-run lines are counted: " + list.err());

    var mermaid = CafesimProcess.run(Map.of(), "trace", log.toString(), "--run", runId,
        "--format", "mermaid");
    assertTrue(mermaid.out().startsWith("sequenceDiagram"), mermaid.out());

    Path svg = dir.resolve("timeline.svg");
    var svgRun = CafesimProcess.run(Map.of(), "trace", log.toString(), "--run", runId,
        "--format", "svg", "--out", svg.toString());
    assertEquals(0, svgRun.exit(), svgRun.err());
    assertTrue(Files.readString(svg).contains("data-drink=\"espresso\""));

    var missing = CafesimProcess.run(Map.of(), "trace", log.toString(), "--run", "run-nope");
    assertTrue(missing.exit() != 0 && missing.err().contains("run-nope"), missing.err());
  }

  /** The service on a free port, logging JSON lines to {@code log}, without the warm-up. */
  private CafesimProcess.Server serveLoggingTo(Path log) throws Exception {
    return CafesimProcess.serve(Map.of("CAFESIM_LOG_FILE", log.toString(),
        "CAFESIM_HTTP_PORT", "0"), dir.resolve("stdout.txt"), "-Dcafesim.warmup-runs=0");
  }

  private HttpResponse<String> post(int port, String body, String traceparent) throws Exception {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/runs?wait=true"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (traceparent != null) {
      request.header("traceparent", traceparent);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return response;
  }

  private JsonNode get(int port, String path) throws Exception {
    var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    return Json.MAPPER.readTree(response.body());
  }
}
