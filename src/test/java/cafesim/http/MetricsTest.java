package cafesim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics}: what a node counts, in Prometheus's text format, on the real server. */
class MetricsTest {

  private static final String RUN = "{\"scenario\":\"americano-latte\",\"mode\":\"async\",";

  @Test
  void runsAndRequestsAreCountedByRouteTemplateNeverByPath() {
    try (var api = new ApiClient()) {
      var ran = api.post("/runs?wait=true", RUN + "\"speed\":10}");
      assertEquals(200, ran.status());
      String runId = ran.json().get("runId").asText();
      assertEquals(200, api.post("/runs?wait=true", RUN + "\"clock\":\"virtual\"}").status());
      assertEquals(400, api.post("/runs", RUN + "\"speed\":-1}").status());
      assertEquals(200, api.get("/runs/" + runId + "/stats").status());
      assertEquals(404, api.get("/runs/run-0000000000000000").status());
      assertEquals(404, api.get("/no/such/" + runId).status());

      var metrics = api.get("/metrics");
      assertEquals(200, metrics.status());
      assertEquals("text/plain; version=0.0.4; charset=UTF-8", metrics.contentType());
      List<String> lines = metrics.raw().body().lines().toList();
      for (String expected : List.of(
          "cafesim_runs_accepted_total 2.0",
          "cafesim_runs_ended_total{status=\"completed\"} 2.0",
          "cafesim_runs_ended_total{status=\"failed\"} 0.0",
          "cafesim_runs_refused_total{reason=\"busy\"} 0.0",
          "cafesim_runs_in_flight 0.0",
          "cafesim_drinks_in_flight 0.0",
          // The realtime run only: a virtual run has no timeline to fall behind.
          "cafesim_run_lag_seconds_count 1",
          "cafesim_cluster_members 1.0",
          "cafesim_cluster_unreachable 0.0",
          "http_server_requests_seconds_count{method=\"POST\",route=\"/runs\",status=\"200\"} 2",
          "http_server_requests_seconds_count{method=\"POST\",route=\"/runs\",status=\"400\"} 1",
          "http_server_requests_seconds_count{method=\"GET\",route=\"/runs/{id}/stats\",status=\"200\"} 1",
          "http_server_requests_seconds_count{method=\"GET\",route=\"/runs/{id}\",status=\"404\"} 1",
          "http_server_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"} 1")) {
        assertTrue(lines.contains(expected), () -> "no line '" + expected + "' in\n"
            + String.join("\n", lines));
      }
      assertTrue(lines.stream().anyMatch(line -> line.startsWith("cafesim_run_shards ")));
      assertTrue(lines.stream().anyMatch(line -> line.startsWith("jvm_memory_used_bytes{")));
      assertFalse(lines.stream().anyMatch(line -> line.contains(runId)),
          "a run id never becomes a label");
    }
  }

  @Test
  void refusalsAndWhatIsInFlightAreCountedAndACancelledRunEndsOnce() throws Exception {
    try (var api = new ApiClient(Map.of("cafesim.runs.max-in-flight", 1))) {
      var accepted = api.post("/runs", RUN + "\"speed\":0.1}");
      assertEquals(202, accepted.status());
      assertEquals(429, api.post("/runs", RUN + "\"speed\":1}").status());
      List<String> during = api.get("/metrics").raw().body().lines().toList();
      assertTrue(during.contains("cafesim_runs_refused_total{reason=\"busy\"} 1.0"), during::toString);
      assertTrue(during.contains("cafesim_runs_in_flight 1.0"), during::toString);
      assertTrue(during.contains("cafesim_drinks_in_flight 2.0"), during::toString);

      String runId = accepted.json().get("runId").asText();
      assertEquals(200, api.send(HttpRequest.newBuilder(api.uri("/runs/" + runId)).DELETE()
          .build()).status());
      // The end reaches the door as a message of its own: a moment after the answer. A scrape
      // reads meter after meter, so one taken as the door counts the end may see half of it.
      String cancelled = "cafesim_runs_ended_total{status=\"cancelled\"} 1.0";
      String noneInFlight = "cafesim_runs_in_flight 0.0";
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      List<String> after = List.of();
      while (System.nanoTime() < until
          && !(after.contains(cancelled) && after.contains(noneInFlight))) {
        after = api.get("/metrics").raw().body().lines().toList();
        Thread.sleep(50);
      }
      assertTrue(after.contains(cancelled), after::toString);
      assertTrue(after.contains(noneInFlight), after::toString);
      assertTrue(after.contains("cafesim_runs_ended_total{status=\"completed\"} 0.0"),
          after::toString);
      assertTrue(after.contains("cafesim_runs_accepted_total 1.0"), after::toString);
    }
  }
}
