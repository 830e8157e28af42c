package cafesim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.junit.jupiter.api.Test;

/** Overload, expiry, shutdown and the API token, each on a server configured for it. */
class ReliabilityTest {

  private static final String LONG_RUN = "{\"scenario\":\"americano-latte\",\"speed\":1}";

  @Test
  void beyondTheBoundsARunIsRefusedWith429AndWhatWasAcceptedStillCompletes() {
    try (var api = new ApiClient(Map.of("cafesim.runs.max-in-flight", 1))) {
      String first = api.post("/runs", "{\"scenario\":\"americano-latte\",\"speed\":5}")
          .json().get("runId").asText();
      var refused = api.post("/runs", LONG_RUN);
      assertEquals(429, refused.status());
      assertEquals("application/json", refused.contentType());
      assertEquals("1", refused.raw().headers().firstValue("Retry-After").orElseThrow());
      assertTrue(refused.json().get("message").asText().contains("busy"));
      JsonNode report = waitFor(api, first);
      assertEquals("COMPLETED", report.get("status").asText(), "the accepted run completes");
      assertEquals(1, api.get("/runs").json().get("runs").size(), "the refused one was not created");
    }
  }

  @Test
  void aComparisonStartsBothSidesOrNeither() {
    try (var api = new ApiClient(Map.of("cafesim.runs.max-in-flight", 1))) {
      var refused = api.post("/runs/compare", "{\"scenario\":\"five-jobs\",\"speed\":1000}");
      assertEquals(503, refused.status());
      assertTrue(refused.json().get("message").asText().contains("it can never fit"));
      assertEquals(0, api.get("/runs").json().get("runs").size(), "neither side was started");
    }
    try (var api = new ApiClient(Map.of("cafesim.runs.max-in-flight", 2))) {
      api.post("/runs", "{\"scenario\":\"americano-latte\",\"speed\":1}");
      var refused = api.post("/runs/compare", "{\"scenario\":\"five-jobs\",\"speed\":1000}");
      assertEquals(429, refused.status(), "one slot is taken: both sides do not fit now");
      assertEquals(1, api.get("/runs").json().get("runs").size(), "neither side was started");
    }
    try (var api = new ApiClient(Map.of("cafesim.runs.max-in-flight", 2))) {
      var compared = api.post("/runs/compare", "{\"scenario\":\"five-jobs\",\"speed\":1000}");
      assertEquals(200, compared.status());
      assertEquals(2, api.get("/runs").json().get("runs").size());
    }
  }

  @Test
  void drinksInFlightAreBoundedToo() {
    try (var api = new ApiClient(Map.of("cafesim.runs.max-drinks-in-flight", 4))) {
      var refused = api.post("/runs", "{\"scenario\":\"five-jobs\",\"speed\":1}");
      assertEquals(429, refused.status());
      assertTrue(refused.json().get("message").asText().contains("drinks in flight 0 (+5) of at most 4"),
          refused.raw().body());
    }
  }

  @Test
  void whatRunsInFlightMayKeepIsBoundedTogether() {
    try (var api = new ApiClient(Map.of("cafesim.runs.max-kept-events-in-flight", 1000,
        "cafesim.runs.max-kept-events", 500))) {
      // Baristas that may slip make remakes: such a run reserves all it may keep, 500.
      String slipping = "{\"scenario\":\"americano-latte\",\"speed\":5,\"failureRate\":0.01}";
      assertEquals(202, api.post("/runs", slipping).status());
      assertEquals(202, api.post("/runs", slipping).status());
      var refused = api.post("/runs", slipping);
      assertEquals(429, refused.status());
      assertTrue(refused.json().get("message").asText()
          .contains("may keep 1000 events (+500) of at most 1000"), refused.raw().body());
      assertEquals(2, api.get("/runs").json().get("runs").size(), "the refused one was not made");
    }
  }

  @Test
  void runsAreListedInPagesNewestFirstAndFiltered() {
    try (var api = new ApiClient(Map.of())) {
      List<String> ids = new java.util.ArrayList<>();
      for (String body : List.of("{\"scenario\":\"five-jobs\",\"speed\":1000}",
          "{\"scenario\":\"five-jobs\",\"mode\":\"sync\",\"speed\":1000}",
          "{\"customers\":[{\"drinks\":[\"espresso\"]}],\"speed\":1000}",
          "{\"scenario\":\"three-calls\",\"speed\":1000}",
          "{\"scenario\":\"hands-on\",\"mode\":\"sync\",\"speed\":1000}")) {
        ids.add(0, api.post("/runs?wait=true", body).json().get("runId").asText());
      }
      List<String> seen = new java.util.ArrayList<>();
      String next = null;
      int pages = 0;
      do {
        JsonNode page = api.get("/runs?limit=2" + (next == null ? "" : "&before=" + next)).json();
        page.get("runs").forEach(run -> seen.add(run.get("runId").asText()));
        next = page.get("next").isNull() ? null : page.get("next").asText();
        pages++;
      } while (next != null && pages < 10);
      assertEquals(ids, seen, "every run once, newest first, over the pages");
      assertEquals(3, pages);

      assertEquals(List.of(ids.get(0), ids.get(3)), runIds(api.get("/runs?mode=sync").json()));
      assertEquals(List.of(ids.get(2)), runIds(api.get("/runs?scenario=custom").json()));
      assertEquals(List.of(ids.get(3), ids.get(4)),
          runIds(api.get("/runs?scenario=five-jobs").json()));
      assertEquals(5, runIds(api.get("/runs?status=COMPLETED").json()).size());
      assertEquals(0, runIds(api.get("/runs?status=CANCELLED").json()).size());
      for (String bad : List.of("before=abc", "mode=fast", "status=done", "scenario=nope")) {
        var answer = api.get("/runs?" + bad);
        assertEquals(400, answer.status(), bad);
        assertEquals(bad.split("=")[0], answer.json().get("field").asText());
      }
    }
  }

  private static List<String> runIds(JsonNode page) {
    List<String> ids = new java.util.ArrayList<>();
    page.get("runs").forEach(run -> ids.add(run.get("runId").asText()));
    return ids;
  }

  @Test
  void anEvictedReportAnswers404SayingItExpired() {
    try (var api = new ApiClient(Map.of("cafesim.runs.keep", 1))) {
      String first = api.post("/runs?wait=true", "{\"scenario\":\"five-jobs\",\"speed\":1000}")
          .json().get("runId").asText();
      api.post("/runs?wait=true", "{\"scenario\":\"five-jobs\",\"speed\":1000}");
      var gone = api.get("/runs/" + first);
      assertEquals(404, gone.status());
      assertTrue(gone.json().get("message").asText().contains("has expired"), gone.raw().body());
      assertTrue(api.get("/runs/run-12345678").json().get("message").asText()
          .contains("does not exist"));
    }
  }

  @Test
  void storedReportsAreBoundedByTheirTotalSizeToo() {
    try (var api = new ApiClient(Map.of("cafesim.runs.keep-events", 60,
        "cafesim.runs.max-kept-events", 60))) {
      String first = api.post("/runs?wait=true", "{\"scenario\":\"five-jobs\",\"speed\":1000}")
          .json().get("runId").asText();
      JsonNode second = api.post("/runs?wait=true",
          "{\"scenario\":\"five-jobs\",\"speed\":1000}").json();
      int size = second.get("detail").get("kept").asInt();
      assertTrue(size > 30 && size <= 60, "one report fits, two do not: " + size);
      assertEquals(404, api.get("/runs/" + first).status(), "the older one made room");
      assertEquals(200, api.get("/runs/" + second.get("runId").asText()).status());
    }
  }

  /**
   * Draining: no new runs, and a caller still waiting is answered with the run as it stands
   * (202, RUNNING) when the deadline comes; the run is not ended by the stop: it is resumed at
   * the next start (RunsOutliveTheProcessTest plays that part, across real processes).
   */
  @Test
  void onShutdownTheServiceDrainsAndLeavesWhatCannotFinishToBeResumed() throws Exception {
    var api = new ApiClient(Map.of("cafesim.shutdown.drain-deadline", "1s"));
    try {
      CompletableFuture<ApiClient.Answer> waiting = CompletableFuture.supplyAsync(() ->
          api.post("/runs?wait=true", LONG_RUN));
      waitUntil(() -> api.get("/runs").json().get("runs").size() == 1);
      var shutdown = CoordinatedShutdown.get(api.server.system())
          .runAll(CoordinatedShutdown.unknownReason());

      waitUntil(() -> api.get("/health").status() == 503);
      assertEquals("DRAINING", api.get("/health").json().get("status").asText());
      var refused = api.post("/runs", LONG_RUN);
      assertEquals(503, refused.status());
      assertTrue(refused.json().get("message").asText().contains("shutting down"));

      ApiClient.Answer answer = waiting.get(10, TimeUnit.SECONDS);
      assertEquals(202, answer.status(), answer.raw().body());
      assertEquals("RUNNING", answer.json().get("status").asText());
      shutdown.toCompletableFuture().get(20, TimeUnit.SECONDS);
    } finally {
      api.close();
    }
  }

  @Test
  void withAnApiTokenEveryPostNeedsItAndGetsStayOpen() {
    try (var api = new ApiClient(Map.of("cafesim.http.api-token", "s3cret"))) {
      var anonymous = api.post("/runs", LONG_RUN);
      assertEquals(401, anonymous.status());
      assertEquals("application/json", anonymous.contentType());
      assertTrue(anonymous.raw().headers().firstValue("WWW-Authenticate").orElseThrow()
          .startsWith("Bearer"));
      assertTrue(anonymous.json().get("message").asText().contains("Authorization: Bearer"));
      var wrong = api.send(HttpRequest.newBuilder(api.uri("/runs"))
          .header("Content-Type", "application/json").header("Authorization", "Bearer guess")
          .POST(HttpRequest.BodyPublishers.ofString(LONG_RUN)).build());
      assertEquals(401, wrong.status());
      var right = api.send(HttpRequest.newBuilder(api.uri("/runs?wait=true"))
          .header("Content-Type", "application/json").header("Authorization", "Bearer s3cret")
          .POST(HttpRequest.BodyPublishers.ofString("{\"scenario\":\"five-jobs\",\"speed\":1000}"))
          .build());
      assertEquals(200, right.status());
      assertEquals(200, api.get("/runs").status());
      assertEquals(200, api.get("/health").status());
      assertEquals(1, api.get("/runs").json().get("runs").size(), "only the authorized run");
    }
  }

  @Test
  void aWaitLongerThanMaxWaitAnswers202WithTheRunWhichStillCompletes() {
    try (var api = new ApiClient(Map.of("cafesim.http.max-wait", "1s"))) {
      var answer = api.post("/runs?wait=true", "{\"scenario\":\"americano-latte\",\"speed\":2}");
      assertEquals(202, answer.status(), answer.raw().body());
      assertEquals("application/json", answer.contentType());
      String runId = answer.json().get("runId").asText();
      assertEquals("RUNNING", answer.json().get("status").asText());
      assertEquals("/runs/" + runId, answer.raw().headers().firstValue("Location").orElseThrow());
      JsonNode report = waitFor(api, runId);
      assertEquals("COMPLETED", report.get("status").asText());
      assertEquals(5.0, report.get("makespanSeconds").asDouble());

      var compare = api.post("/runs/compare", "{\"scenario\":\"americano-latte\",\"speed\":2}");
      assertEquals(202, compare.status(), compare.raw().body());
      for (String mode : new String[] {"sync", "async"}) {
        String id = compare.json().get(mode).get("runId").asText();
        assertEquals("RUNNING", compare.json().get(mode).get("status").asText());
        assertEquals(mode, api.get("/runs/" + id).json().get("mode").asText());
      }
    }
  }

  @Test
  void aRunInFlightCanBeCancelledAndItsSlotIsFreeAtOnce() {
    try (var api = new ApiClient(Map.of("cafesim.runs.max-in-flight", 1,
        "cafesim.http.api-token", "s3cret"))) {
      String runId = authorized(api, "POST", "/runs", LONG_RUN).json().get("runId").asText();
      assertEquals(401, api.send(HttpRequest.newBuilder(api.uri("/runs/" + runId)).DELETE()
          .build()).status(), "cancelling needs the token like every change");

      var cancelled = authorized(api, "DELETE", "/runs/" + runId, null);
      assertEquals(200, cancelled.status(), cancelled.raw().body());
      assertEquals("CANCELLED", cancelled.json().get("status").asText());
      JsonNode events = cancelled.json().get("events");
      assertEquals("RUN_CANCELLED", events.get(events.size() - 1).get("type").asText());
      assertEquals("CANCELLED", api.get("/runs/" + runId).json().get("status").asText());
      assertEquals(202, authorized(api, "POST", "/runs", LONG_RUN).status(),
          "the only slot is free again");

      var again = authorized(api, "DELETE", "/runs/" + runId, null);
      assertEquals(409, again.status());
      assertTrue(again.json().get("message").asText().contains("CANCELLED"));
      assertEquals(404, authorized(api, "DELETE", "/runs/run-00000000", null).status());
    }
  }

  private static ApiClient.Answer authorized(ApiClient api, String method, String path,
      String body) {
    return api.send(HttpRequest.newBuilder(api.uri(path))
        .header("Content-Type", "application/json").header("Authorization", "Bearer s3cret")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static JsonNode waitFor(ApiClient api, String runId) {
    JsonNode report = api.get("/runs/" + runId).json();
    assertTrue(report.has("status"), report.toString());
    for (int i = 0; i < 200 && report.get("status").asText().equals("RUNNING"); i++) {
      pause();
      report = api.get("/runs/" + runId).json();
    }
    return report;
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) {
    for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
      pause();
    }
    assertTrue(condition.getAsBoolean(), "condition not met in time");
  }

  private static void pause() {
    try {
      Thread.sleep(25);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
