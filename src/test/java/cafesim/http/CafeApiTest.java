package cafesim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every endpoint on the real server, bound to a free port; runs go at high speed factors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CafeApiTest {

  private final ApiClient api = new ApiClient();

  @AfterAll
  void stop() {
    api.close();
  }

  @Test
  void aRunWithArrivalsMakesUpItsGuestsAndSaysWhoLeftUnserved() {
    String body = "{\"customers\":[{\"name\":\"kim\",\"drinks\":[\"latte\"]}],"
        + "\"arrivals\":{\"count\":6,\"process\":\"uniform\",\"perSecond\":2,"
        + "\"drinks\":[\"espresso\"],\"patienceSeconds\":1.2},"
        + "\"mode\":\"sync\",\"speed\":20,\"seed\":5}";
    JsonNode report = api.post("/runs?wait=true", body).json();
    assertEquals("COMPLETED", report.get("status").asText());
    List<String> names = new ArrayList<>();
    report.get("customers").forEach(c -> names.add(c.get("name").asText()));
    assertEquals(List.of("kim", "guest-2", "guest-3", "guest-4", "guest-5", "guest-6",
        "guest-7"), names, "listed customers first, guests numbered after them");
    // kim's latte keeps the one barista until 5 s; guests come at 0.5, 1, ... 3 s and wait at
    // most 1.2 s for a start: none of them gets one.
    List<String> reneged = new ArrayList<>();
    report.get("events").forEach(e -> {
      if (e.get("type").asText().equals("CUSTOMER_RENEGED")) {
        reneged.add(e.get("customer").asText() + "@" + e.get("atSeconds").asDouble());
      }
    });
    assertEquals(List.of("guest-2@1.7", "guest-3@2.2", "guest-4@2.7", "guest-5@3.2",
        "guest-6@3.7", "guest-7@4.2"), reneged);
    assertEquals(1, report.get("customersServed").asInt());
    assertEquals(5.0, report.get("makespanSeconds").asDouble());

    String runId = report.get("runId").asText();
    var answer = api.get("/runs/" + runId + "/stats");
    assertEquals(200, answer.status());
    List<String> fields = new ArrayList<>();
    answer.json().fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("runId", "status", "stats"), fields, "the statistics, not the events");
    JsonNode stats = answer.json().get("stats");
    assertEquals(7, stats.get("customers").asInt());
    assertEquals(1, stats.get("served").asInt());
    assertEquals(6, stats.get("reneged").asInt());
    assertEquals(5.0, stats.get("waitSeconds").get("mean").asDouble(), "kim's: 0 to 5 s");
    assertEquals(1.0, stats.get("utilisation").get("mean").asDouble(), "sync: busy all along");
    assertEquals(List.of(1.0), List.of(stats.get("utilisation").get("baristas").get(0)
        .asDouble()));
    JsonNode listed = api.get("/runs?limit=1").json().get("runs").get(0);
    assertEquals(runId, listed.get("runId").asText());
    assertEquals("{\"served\":1,\"reneged\":6,\"meanWaitSeconds\":5.0,\"utilisation\":1.0}",
        listed.get("figures").toString(), "the list shows the figures that matter");
  }

  @Test
  void aRunMayBringDrinksOfItsOwnThatVaryFromOneMakingToTheNext() {
    String body = "{\"menu\":[{\"name\":\"pour-over\",\"handsOnSeconds\":1,"
        + "\"brewSeconds\":4,\"variability\":\"exponential\"},{\"name\":\"mocha\","
        + "\"brewSeconds\":2}],\"customers\":[{\"name\":\"kim\","
        + "\"drinks\":[\"pour-over\",\"mocha\"]}],\"mode\":\"sync\",\"speed\":50,"
        + "\"seed\":3}";
    JsonNode first = api.post("/runs?wait=true", body).json();
    JsonNode again = api.post("/runs?wait=true", body).json();
    assertEquals("COMPLETED", first.get("status").asText());
    assertEquals(List.of("Pour-over", "Mocha"), List.of(
        first.get("customers").get(0).get("results").get(0).asText(),
        first.get("customers").get(0).get("results").get(1).asText()));
    double makespan = first.get("makespanSeconds").asDouble();
    assertEquals(makespan, again.get("makespanSeconds").asDouble(), "one seed, the same draws");
    assertTrue(makespan != 7.0, "the pour-over's 5 s are drawn, the mocha's 2 s are not");
    assertEquals(first.get("events").toString(), again.get("events").toString());
  }

  @Test
  void theMorningRushShowsWhatBlockingCostsInWaitsAndWalkOuts() {
    JsonNode comparison = api.post("/runs/compare",
        "{\"scenario\":\"morning-rush\",\"speed\":1000,\"seed\":1}").json();
    JsonNode sync = comparison.get("sync").get("stats");
    JsonNode async = comparison.get("async").get("stats");
    for (JsonNode stats : List.of(sync, async)) {
      assertEquals(1440, stats.get("customers").asInt());
      assertEquals(1440, stats.get("served").asInt() + stats.get("reneged").asInt(),
          "everyone is served or walks out, once");
      assertEquals(2, stats.get("utilisation").get("baristas").size());
    }
    assertTrue(sync.get("reneged").asInt() > async.get("reneged").asInt(), comparison.toString());
    assertTrue(sync.get("utilisation").get("mean").asDouble() > 0.5,
        "standing by the machine keeps a sync barista busy");
    assertTrue(async.get("utilisation").get("mean").asDouble() < 0.1,
        "only the pour-over's hands-on second keeps an async barista busy");
    assertTrue(comparison.get("waitRatio").asDouble() > 1.5, comparison.get("waitRatio").toString());
  }

  @Test
  void aVirtualRunAnswersADayOfArrivalsAtOnceAndTheSameEachTime() {
    String body = "{\"clock\":\"virtual\",\"baristas\":2,\"mode\":\"async\","
        + "\"menu\":[{\"name\":\"flat-white\",\"handsOnSeconds\":1.5,"
        + "\"variability\":\"exponential\"}],\"arrivals\":{\"count\":50000,"
        + "\"perSecond\":1,\"drinks\":[\"flat-white\"]},\"warmupSeconds\":1000,"
        + "\"seed\":\"12345678901234567\"}";
    JsonNode first = api.post("/runs?wait=true", body).json();
    assertEquals("COMPLETED", first.get("status").asText(), first.toString());
    assertEquals("virtual", first.get("timing").asText());
    assertTrue(first.get("makespanSeconds").asDouble() > 45_000, "about 50,000 s of cafe");
    JsonNode stats = first.get("stats");
    assertEquals(50_000, stats.get("served").asInt());
    // M/M/2 at rho = 0.75: Erlang C gives Wq = 1.93 s; one run of 50,000 is near it.
    double queueWait = stats.get("queueWaitSeconds").get("mean").asDouble();
    assertTrue(queueWait > 1.5 && queueWait < 2.4, String.valueOf(queueWait));
    JsonNode again = api.post("/runs?wait=true", body).json();
    assertEquals(first.get("stats").toString(), again.get("stats").toString(),
        "one seed, the same run");
    assertEquals(first.get("makespanSeconds").asDouble(), again.get("makespanSeconds").asDouble());

    // The same run traced in summary: the same statistics, without 20,000 lines of log.
    JsonNode summary = api.post("/runs?wait=true",
        body.replace("\"clock\"", "\"trace\":\"summary\",\"clock\"")).json();
    assertEquals(first.get("stats").toString(), summary.get("stats").toString());
    assertEquals(List.of("RUN_STARTED", "RUN_COMPLETED"),
        summary.get("events").findValuesAsText("type"), summary.get("events").toString());
    assertEquals(0, summary.get("customers").size());
    assertTrue(first.get("events").size() > 1000);
  }

  @Test
  void healthIsUp() {
    var answer = api.get("/health");
    assertEquals(200, answer.status());
    assertEquals("application/json", answer.contentType());
    assertEquals("UP", answer.json().get("status").asText());
  }

  @Test
  void menuListsTheDrinksWithTheirTimes() {
    JsonNode drinks = api.get("/menu").json().get("drinks");
    JsonNode americano = drinks.get(0);
    assertEquals("americano", americano.get("name").asText());
    assertEquals(3.0, americano.get("brewSeconds").asDouble());
    assertEquals(0.0, americano.get("handsOnSeconds").asDouble());
    assertEquals("latte", drinks.get(1).get("name").asText());
    assertEquals(5.0, drinks.get(1).get("brewSeconds").asDouble());
  }

  @Test
  void scenariosStateTheirSeedAndTotals() {
    JsonNode scenarios = api.get("/scenarios").json().get("scenarios");
    List<String> names = new ArrayList<>();
    scenarios.forEach(s -> names.add(s.get("name").asText()));
    assertEquals(List.of("americano-latte", "find-users", "three-calls", "five-jobs", "hands-on",
        "morning-rush"), names);
    JsonNode headline = scenarios.get(0);
    assertEquals("004_1486a00ff8b17f7e.txt", headline.get("seed").asText());
    assertEquals(8.0, headline.get("expectedSeconds").get("sync").asDouble());
    assertEquals(5.0, headline.get("expectedSeconds").get("async").asDouble());
    assertFalse(headline.get("description").asText().isBlank());
    assertFalse(headline.has("guests"), "the internal cast of a scenario is not part of the API");
    JsonNode rush = scenarios.get(5);
    assertTrue(rush.get("seed").isNull(), "not from the seeds");
    assertTrue(rush.get("expectedSeconds").isNull());
    assertEquals(2, rush.get("baristas").asInt());
    assertEquals(1440, rush.get("arrivals").get("count").asInt());
    assertEquals("poisson", rush.get("arrivals").get("process").asText());
    assertEquals(10.0, rush.get("arrivals").get("patienceSeconds").asDouble());
  }

  @Test
  void waitingForAnAsyncRunAnswersWithTheFinishedReport() {
    var answer = api.post("/runs?wait=true",
        "{\"scenario\":\"americano-latte\",\"mode\":\"async\",\"speed\":100}");
    assertEquals(200, answer.status());
    JsonNode report = answer.json();
    assertEquals("COMPLETED", report.get("status").asText());
    assertEquals("americano-latte", report.get("scenario").asText());
    assertEquals("async", report.get("mode").asText());
    assertEquals(100.0, report.get("speed").asDouble());
    assertEquals(1, report.get("baristas").asInt());
    assertEquals(5.0, report.get("expectedSeconds").asDouble());
    double elapsed = report.get("elapsedSeconds").asDouble();
    // Measured: never early (timers do not fire early); how close is a benchmark's business.
    assertTrue(elapsed >= 5.0, "elapsed " + elapsed);
    assertEquals(elapsed / 100, report.get("wallSeconds").asDouble(), 1e-6);
    JsonNode customer = report.get("customers").get(0);
    assertEquals("main", customer.get("name").asText());
    assertEquals("[\"Americano\",\"Latte\"]", customer.get("results").toString());
    assertEquals(5.0, customer.get("servedAtSeconds").asDouble());
    assertEquals(List.of(
        "0.0 RUN_STARTED", "0.0 ORDER_PLACED americano", "0.0 ORDER_PLACED latte",
        "0.0 DRINK_STARTED americano", "0.0 DRINK_STARTED latte", "3.0 DRINK_READY americano",
        "5.0 DRINK_READY latte", "5.0 CUSTOMER_SERVED", "5.0 RUN_COMPLETED"), events(report));
    JsonNode ready = report.get("events").get(5);
    assertEquals("main", ready.get("customer").asText());
    assertEquals("barista-1", ready.get("barista").asText());
  }

  @Test
  void syncTakesTheSum() {
    JsonNode report = api.post("/runs?wait=true",
        "{\"scenario\":\"americano-latte\",\"mode\":\"sync\",\"speed\":100}").json();
    assertEquals(List.of(
        "0.0 RUN_STARTED", "0.0 ORDER_PLACED americano", "0.0 ORDER_PLACED latte",
        "0.0 DRINK_STARTED americano", "3.0 DRINK_READY americano", "3.0 DRINK_STARTED latte",
        "8.0 DRINK_READY latte", "8.0 CUSTOMER_SERVED", "8.0 RUN_COMPLETED"), events(report));
    assertTrue(report.get("elapsedSeconds").asDouble() >= 8.0);
    assertEquals("[\"Americano\",\"Latte\"]",
        report.get("customers").get(0).get("results").toString());
  }

  @Test
  void aStartedRunIsAcceptedAndCanBeFollowedUntilItCompletes() throws InterruptedException {
    var answer = api.post("/runs", "{\"scenario\":\"three-calls\",\"mode\":\"async\",\"speed\":50}");
    assertEquals(202, answer.status());
    String runId = answer.json().get("runId").asText();
    assertEquals("RUNNING", answer.json().get("status").asText());
    assertEquals("/runs/" + runId, answer.raw().headers().firstValue("Location").orElseThrow());

    JsonNode report = api.get("/runs/" + runId).json();
    for (int i = 0; i < 100 && report.get("status").asText().equals("RUNNING"); i++) {
      Thread.sleep(20);
      report = api.get("/runs/" + runId).json();
    }
    assertEquals("COMPLETED", report.get("status").asText());
    assertEquals(runId, report.get("runId").asText());
    assertEquals("[\"Latte\",\"Americano\",\"Espresso\"]",
        report.get("customers").get(0).get("results").toString());

    // The list reads the run table, whose row takes the end a moment after the entity has it.
    JsonNode newest = api.get("/runs").json().get("runs").get(0);
    for (int i = 0; i < 100 && !newest.get("status").asText().equals("COMPLETED"); i++) {
      Thread.sleep(20);
      newest = api.get("/runs").json().get("runs").get(0);
    }
    assertEquals(12, newest.get("events").asInt());
    assertEquals(report.get("elapsedSeconds").asDouble(), newest.get("elapsedSeconds").asDouble());
    assertEquals(runId, newest.get("runId").asText());
    assertEquals("three-calls", newest.get("scenario").asText());
    assertEquals("COMPLETED", newest.get("status").asText());
    assertEquals(1, newest.get("attempts").asInt(), "played once");
    assertEquals(1, report.get("attempts").asInt());
  }

  @Test
  void aRunningRunIsListedWithoutATimeYet() {
    String runId = api.post("/runs", "{\"scenario\":\"americano-latte\",\"speed\":1}")
        .json().get("runId").asText();
    JsonNode listed = api.get("/runs?limit=1").json().get("runs").get(0);
    assertEquals(runId, listed.get("runId").asText());
    assertEquals("RUNNING", listed.get("status").asText());
    assertTrue(listed.get("elapsedSeconds").isNull());
  }

  @Test
  void aScenarioWithOtherStaffingHasNoSeedTotalToCompareWith() {
    JsonNode report = api.post("/runs?wait=true",
        "{\"scenario\":\"americano-latte\",\"mode\":\"async\",\"speed\":100,\"machines\":1}").json();
    assertEquals(1, report.get("machines").asInt());
    assertTrue(report.get("expectedSeconds").isNull());
    assertEquals(8.0, report.get("customers").get(0).get("servedAtSeconds").asDouble());
  }

  @Test
  void runsAreListedNewestFirst() {
    String first = api.post("/runs?wait=true", "{\"scenario\":\"five-jobs\",\"speed\":1000}")
        .json().get("runId").asText();
    String second = api.post("/runs?wait=true", "{\"scenario\":\"hands-on\",\"speed\":1000}")
        .json().get("runId").asText();
    JsonNode runs = api.get("/runs?limit=2").json().get("runs");
    assertEquals(2, runs.size());
    assertEquals(second, runs.get(0).get("runId").asText());
    assertEquals(first, runs.get(1).get("runId").asText());
  }

  @Test
  void compareRunsBothModesAndReportsTheSpeedup() {
    var answer = api.post("/runs/compare", "{\"scenario\":\"americano-latte\",\"speed\":100}");
    assertEquals(200, answer.status());
    JsonNode comparison = answer.json();
    assertEquals("sync", comparison.get("sync").get("mode").asText());
    assertEquals("async", comparison.get("async").get("mode").asText());
    assertEquals(8.0, comparison.get("sync").get("customers").get(0).get("servedAtSeconds").asDouble());
    assertEquals(5.0, comparison.get("async").get("customers").get(0).get("servedAtSeconds").asDouble());
    assertEquals(8.0, comparison.get("sync").get("makespanSeconds").asDouble());
    assertEquals(5.0, comparison.get("async").get("makespanSeconds").asDouble());
    // The exact ratio, whatever the wall clock measured.
    assertEquals(1.6, comparison.get("speedup").asDouble(), 1e-12);
    assertEquals(1.6, comparison.get("waitRatio").asDouble(), 1e-12,
        "one customer: its wait is the makespan");
    List<String> fields = new ArrayList<>();
    comparison.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("sync", "async", "speedup", "waitRatio", "comparisonSvg"), fields);
    assertEquals("/comparison.svg?sync=" + comparison.get("sync").get("runId").asText()
        + "&async=" + comparison.get("async").get("runId").asText(),
        comparison.get("comparisonSvg").asText(), "both runs as one picture");
    for (String mode : new String[] {"sync", "async"}) {
      JsonNode report = comparison.get(mode);
      assertTrue(report.get("elapsedSeconds").asDouble() >= report.get("makespanSeconds").asDouble());
      assertTrue(report.get("lagMillis").get("worst").asDouble() >= 0);
      assertTrue(report.get("lagMillis").get("end").asDouble()
          <= report.get("lagMillis").get("worst").asDouble());
      assertTrue(Set.of("faithful", "behind").contains(report.get("timing").asText()));
    }
  }

  @Test
  void theSpeedupIsExactAtEverySpeed() {
    Map<String, Double> exact = Map.of("americano-latte", 1.6, "find-users", 2.0,
        "three-calls", 1.8, "five-jobs", 5.0, "hands-on", 1.0);
    for (String scenario : exact.keySet()) {
      for (int speed : new int[] {100, 1000}) {
        JsonNode comparison = api.post("/runs/compare",
            "{\"scenario\":\"" + scenario + "\",\"speed\":" + speed + "}").json();
        assertEquals(exact.get(scenario), comparison.get("speedup").asDouble(), 1e-12,
            scenario + " at speed " + speed);
      }
    }
  }

  @Test
  void aCustomRunWithTwoBaristasServesTwoCustomersAtOnceEvenInSync() {
    JsonNode report = api.post("/runs?wait=true", """
        {"customers":[{"name":"kim","drinks":["latte"]},
                      {"name":"lee","drinks":["americano","espresso"],"order":"one-by-one"}],
         "mode":"sync","speed":100,"baristas":2}""").json();
    assertEquals("COMPLETED", report.get("status").asText());
    assertTrue(report.get("scenario").isNull());
    assertTrue(report.get("expectedSeconds").isNull());
    assertEquals(2, report.get("baristas").asInt());
    assertEquals("kim", report.get("customers").get(0).get("name").asText());
    assertEquals(5.0, report.get("customers").get(0).get("servedAtSeconds").asDouble());
    assertEquals("[\"Americano\",\"Espresso\"]",
        report.get("customers").get(1).get("results").toString());
    assertEquals(4.0, report.get("customers").get(1).get("servedAtSeconds").asDouble());
    List<String> baristas = new ArrayList<>();
    report.get("events").forEach(e -> {
      if (e.get("type").asText().equals("DRINK_STARTED")) {
        baristas.add(e.get("customer").asText() + "@" + e.get("barista").asText());
      }
    });
    assertEquals(List.of("kim@barista-1", "lee@barista-2", "lee@barista-2"), baristas);
  }

  @Test
  void aRunJoinsTheCallersTraceAndSaysWhichSpanItIs() {
    String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    var answer = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/runs"))
        .header("Content-Type", "application/json")
        .header("traceparent", "00-" + trace + "-00f067aa0ba902b7-01")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
            "{\"scenario\":\"five-jobs\",\"speed\":1000}")).build());
    assertEquals(202, answer.status());
    assertEquals(trace, answer.json().get("traceId").asText());
    String header = answer.raw().headers().firstValue("traceparent").orElseThrow();
    assertTrue(header.matches("00-" + trace + "-[0-9a-f]{16}-01"), header);

    var invalid = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/runs?wait=true"))
        .header("Content-Type", "application/json")
        .header("traceparent", "00-not-a-trace-01")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
            "{\"scenario\":\"five-jobs\",\"speed\":1000}")).build());
    assertEquals(200, invalid.status(), "an invalid traceparent fails nothing");
    String fresh = invalid.json().get("traceId").asText();
    assertTrue(fresh.matches("[0-9a-f]{32}") && !fresh.equals(trace), fresh);
    assertTrue(invalid.raw().headers().firstValue("traceparent").orElseThrow().contains(fresh));
  }

  @Test
  void aRunsTraceComesAsTextMermaidJsonAndSvg() {
    JsonNode report = api.post("/runs?wait=true",
        "{\"scenario\":\"americano-latte\",\"mode\":\"sync\",\"speed\":1000}").json();
    String runId = report.get("runId").asText();

    var text = api.get("/runs/" + runId + "/trace");
    assertEquals(200, text.status());
    assertTrue(text.contentType().startsWith("text/plain"), text.contentType());
    assertTrue(text.raw().body().startsWith(runId + " americano-latte sync speed 1000: COMPLETED"));
    assertTrue(text.raw().body().contains("3.000s  DRINK_STARTED   main         latte"));

    var mermaid = api.get("/runs/" + runId + "/trace?format=mermaid");
    assertTrue(mermaid.raw().body().startsWith("sequenceDiagram"));
    assertTrue(mermaid.raw().body().contains("barista_1->>cafe: DrinkReady americano (t=3.000s)"));

    var json = api.get("/runs/" + runId + "/trace?format=json");
    assertEquals("application/json", json.contentType());
    assertEquals(report.get("events"), json.json());

    var svg = api.get("/runs/" + runId + "/timeline.svg");
    assertEquals(200, svg.status());
    assertEquals("image/svg+xml", svg.contentType());
    assertTrue(svg.raw().body().contains("data-drink=\"latte\""));

    var bad = api.get("/runs/" + runId + "/trace?format=gif");
    assertEquals(400, bad.status());
    assertTrue(bad.json().get("message").asText().contains("text, mermaid, json"));
    assertEquals(404, api.get("/runs/run-00000000/timeline.svg").status());
  }

  private static List<String> events(JsonNode report) {
    List<String> lines = new ArrayList<>();
    report.get("events").forEach(e -> lines.add(e.get("atSeconds").asDouble() + " "
        + e.get("type").asText() + (e.has("drink") ? " " + e.get("drink").asText() : "")));
    assertNotNull(report.get("events"));
    return lines;
  }
}
