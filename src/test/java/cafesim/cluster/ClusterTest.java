package cafesim.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.http.Json;
import cafesim.testing.CafesimProcess;
import cafesim.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three nodes as separate JVMs on loopback, one PostgreSQL: any node answers for any run, and
 * when one is killed (SIGKILL) mid-load its runs restart on the others and each ends exactly
 * once; admission limits are each node's; a node stopped with SIGTERM hands its runs over, and
 * the killed one comes back and rejoins. The tests build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {

  private static final Duration FORMED_WITHIN = Duration.ofSeconds(90);
  private static final int RUNS = 300;
  /** Each node's own limit: 150 runs each is well within it, the cluster's 300 is not. */
  private static final int MAX_IN_FLIGHT = 160;

  private final List<CafesimProcess.Server> nodes = new ArrayList<>();
  private Path dir;
  private int[] ports;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void threeNodes() throws Exception {
    TestDatabase.requireEmpty();
    dir = Files.createTempDirectory("cafesim-cluster");
    ports = new int[] {freePort(), freePort(), freePort()};
    for (int i = 0; i < 3; i++) {
      Map<String, String> env = new HashMap<>(TestDatabase.environment());
      env.putAll(clusterEnv(i));
      nodes.add(CafesimProcess.serve(env, dir.resolve("node-" + (i + 1) + ".txt"),
          "-Xmx256m", "-Dcafesim.warmup-runs=0",
          "-Dcafesim.runs.max-in-flight=" + MAX_IN_FLIGHT));
    }
    for (CafesimProcess.Server node : nodes) {
      awaitMembers(node, 3);
    }
  }

  /** The i-th node (from 0) on its own cluster port; the first two are the seeds. */
  private Map<String, String> clusterEnv(int i) {
    return Map.of("CAFESIM_HTTP_PORT", "0",
        "CAFESIM_CLUSTER_PORT", String.valueOf(ports[i]),
        "CAFESIM_CLUSTER_SEEDS", "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1]);
  }

  /** Until the node is Up in a cluster of {@code members} Up members. */
  private void awaitMembers(CafesimProcess.Server node, int members) throws Exception {
    long deadline = System.nanoTime() + FORMED_WITHIN.toNanos();
    JsonNode health = null;
    while (System.nanoTime() < deadline) {
      health = get(node, "/health");
      if ("UP".equals(health.get("status").asText())
          && health.get("cluster").get("members").asInt() == members) {
        return;
      }
      Thread.sleep(250);
    }
    assertEquals(members, health.get("cluster").get("members").asInt(), "the cluster: " + health);
  }

  @AfterAll
  void stop() throws Exception {
    for (CafesimProcess.Server node : nodes) {
      node.process().destroy();
    }
    for (CafesimProcess.Server node : nodes) {
      node.process().waitFor(20, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  @Order(1)
  void aRunPostedToOneNodeIsReadAndStreamedFromAnother() throws Exception {
    HttpResponse<String> posted = post(nodes.get(0), "/runs?wait=true",
        "{\"scenario\":\"americano-latte\",\"speed\":100}");
    assertEquals(200, posted.statusCode(), posted.body());
    String runId = Json.MAPPER.readTree(posted.body()).get("runId").asText();
    JsonNode fromThird = get(nodes.get(2), "/runs/" + runId);
    assertEquals("COMPLETED", fromThird.get("status").asText());
    assertEquals(5.0, fromThird.get("makespanSeconds").asDouble());
    String stream = send(nodes.get(2), HttpRequest.newBuilder(uri(nodes.get(2),
        "/runs/" + runId + "/events")).GET()).body();
    assertTrue(stream.contains("\"type\":\"RUN_COMPLETED\"") && stream.contains("event:report"),
        stream);
    assertTrue(get(nodes.get(1), "/runs?limit=5").get("runs").toString().contains(runId));
  }

  @Test
  @Order(2)
  void aNodeKilledMidLoadLosesNothing() throws Exception {
    // Ten seconds each, through the first two nodes; a third of the shards are on the third.
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      HttpResponse<String> posted = post(nodes.get(i % 2), "/runs",
          "{\"scenario\":\"americano-latte\",\"speed\":0.5}");
      assertEquals(202, posted.statusCode(), posted.body());
      accepted.add(Json.MAPPER.readTree(posted.body()).get("runId").asText());
    }
    accepted.addAll(admissionIsPerNode());
    nodes.get(2).process().destroyForcibly(); // SIGKILL
    nodes.get(2).process().waitFor(10, TimeUnit.SECONDS);

    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    int resumed = 0;
    int endedUnwritten = 0;
    for (String runId : accepted) {
      JsonNode report = awaitEnd(nodes.get(0), runId, deadline);
      assertEquals("COMPLETED", report.get("status").asText(), report.toString());
      assertEquals(5.0, report.get("makespanSeconds").asDouble());
      if (report.get("events").isEmpty()) {
        // Its end was journaled (with the brief report) but the dead node had not yet
        // written the full one to the table: the outcome stays, the events are gone.
        endedUnwritten++;
      } else {
        long ends = 0;
        for (JsonNode event : report.get("events")) {
          ends += event.get("type").asText().startsWith("RUN_") ? 1 : 0;
        }
        assertEquals(2, ends, "one start and one end in the report: " + runId);
      }
      resumed += report.get("attempts").asInt() > 1 ? 1 : 0;
      JsonNode fromSecond = get(nodes.get(1), "/runs/" + runId);
      assertEquals(report.get("attempts"), fromSecond.get("attempts"));
      assertEquals("COMPLETED", fromSecond.get("status").asText());
    }
    assertTrue(resumed > 0, "the killed node was playing some of them");
    System.out.println(resumed + " of " + accepted.size() + " runs were resumed on the survivors; "
        + endedUnwritten + " had ended on the killed node just before, their full reports unwritten");
    assertEquals(resumed, meter(nodes.get(0), "cafesim_runs_resumed_total")
        + meter(nodes.get(1), "cafesim_runs_resumed_total"), "each resumed run counted once");
    // The survivors' doors hear of every end, also of runs whose entities were on the dead node
    // when they were accepted: their places are free again.
    for (CafesimProcess.Server node : nodes.subList(0, 2)) {
      while (meter(node, "cafesim_runs_in_flight") > 0) {
        assertTrue(System.nanoTime() < deadline, "a door still holds runs that ended");
        Thread.sleep(500);
      }
    }

    // In the journal: every run accepted once and ended once.
    try (Connection connection = TestDatabase.connect();
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT persistence_id,"
             + " count(*) FILTER (WHERE convert_from(event_payload, 'UTF8') LIKE"
             + " '{\"event\":\"run-accepted\"%') AS accepted,"
             + " count(*) FILTER (WHERE convert_from(event_payload, 'UTF8') LIKE"
             + " '{\"event\":\"run-ended\"%') AS ended"
             + " FROM event_journal WHERE persistence_id LIKE 'Run|%' GROUP BY persistence_id")) {
      int runs = 0;
      while (rows.next()) {
        runs++;
        assertEquals(1, rows.getInt("accepted"), rows.getString("persistence_id"));
        assertEquals(1, rows.getInt("ended"), rows.getString("persistence_id"));
      }
      assertEquals(accepted.size() + 1, runs, "the runs of both tests, each once");
    }
  }

  @Test
  @Order(3)
  void aNodeStoppedGracefullyHandsItsRunsOverAndAKilledOneRejoins() throws Exception {
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      HttpResponse<String> posted = post(nodes.get(0), "/runs",
          "{\"scenario\":\"americano-latte\",\"speed\":0.5}");
      assertEquals(202, posted.statusCode(), posted.body());
      accepted.add(Json.MAPPER.readTree(posted.body()).get("runId").asText());
    }
    CafesimProcess.Server second = nodes.get(1);
    second.process().destroy(); // SIGTERM
    assertTrue(second.process().waitFor(60, TimeUnit.SECONDS), "the second node stops");

    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    int handedOver = 0;
    for (String runId : accepted) {
      JsonNode report = awaitEnd(nodes.get(0), runId, deadline);
      assertEquals("COMPLETED", report.get("status").asText(), report.toString());
      handedOver += report.get("attempts").asInt() > 1 ? 1 : 0;
    }
    assertTrue(handedOver > 0, "the stopped node held some of the runs: they played on here");
    System.out.println(handedOver + " of " + accepted.size()
        + " runs were handed over by the stopped node");

    // The node killed before comes back on its address and joins the one left.
    Map<String, String> env = new HashMap<>(TestDatabase.environment());
    env.putAll(clusterEnv(2));
    CafesimProcess.Server back = CafesimProcess.serve(env, dir.resolve("node-3-again.txt"),
        "-Xmx256m", "-Dcafesim.warmup-runs=0");
    nodes.set(2, back);
    awaitMembers(back, 2);
    HttpResponse<String> posted = post(back, "/runs?wait=true",
        "{\"scenario\":\"americano-latte\",\"speed\":100}");
    assertEquals(200, posted.statusCode(), posted.body());
    String runId = Json.MAPPER.readTree(posted.body()).get("runId").asText();
    assertEquals("COMPLETED", get(nodes.get(0), "/runs/" + runId).get("status").asText());
  }

  /**
   * Admission limits are each node's own: the first node refuses beyond its limit while the
   * second, with about as many in flight, still accepts. Returns the runs it accepted.
   */
  private List<String> admissionIsPerNode() throws Exception {
    List<String> accepted = new ArrayList<>();
    HttpResponse<String> posted = null;
    for (int i = 0; i < MAX_IN_FLIGHT; i++) {
      posted = post(nodes.get(0), "/runs", "{\"scenario\":\"americano-latte\",\"speed\":0.5}");
      if (posted.statusCode() != 202) {
        break;
      }
      accepted.add(Json.MAPPER.readTree(posted.body()).get("runId").asText());
    }
    assertEquals(429, posted.statusCode(), posted.body());
    assertTrue(posted.body().contains("runs in flight " + MAX_IN_FLIGHT + " of at most "
        + MAX_IN_FLIGHT), posted.body());
    HttpResponse<String> second = post(nodes.get(1), "/runs",
        "{\"scenario\":\"americano-latte\",\"speed\":0.5}");
    assertEquals(202, second.statusCode(), second.body());
    accepted.add(Json.MAPPER.readTree(second.body()).get("runId").asText());
    assertTrue(meter(nodes.get(1), "cafesim_runs_in_flight") > 0);
    assertEquals(1, meter(nodes.get(0), "cafesim_runs_refused_total{reason=\"busy\"}"));
    return accepted;
  }

  /**
   * The run's report from the node once it has ended. Until a lost node is downed and its
   * shards have moved, asking about one of its runs times out (503); then the run answers from
   * wherever it plays now.
   */
  private JsonNode awaitEnd(CafesimProcess.Server node, String runId, long deadline)
      throws Exception {
    JsonNode report = get(node, "/runs/" + runId);
    while (!report.has("status") || "RUNNING".equals(report.get("status").asText())) {
      assertTrue(System.nanoTime() < deadline, "still not ended: " + report);
      Thread.sleep(500);
      report = get(node, "/runs/" + runId);
    }
    return report;
  }

  /** A meter's value in the node's {@code /metrics}, by its exact name and labels. */
  private double meter(CafesimProcess.Server node, String series) throws Exception {
    String metrics = send(node, HttpRequest.newBuilder(uri(node, "/metrics")).GET()).body();
    return metrics.lines().filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
        .findFirst().orElseThrow(() -> new AssertionError("no " + series + " in\n" + metrics));
  }

  private URI uri(CafesimProcess.Server node, String path) {
    return URI.create("http://127.0.0.1:" + node.port() + path);
  }

  private HttpResponse<String> send(CafesimProcess.Server node, HttpRequest.Builder request)
      throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(CafesimProcess.Server node, String path, String body)
      throws Exception {
    return send(node, HttpRequest.newBuilder(uri(node, path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private JsonNode get(CafesimProcess.Server node, String path) throws Exception {
    return Json.MAPPER.readTree(send(node, HttpRequest.newBuilder(uri(node, path)).GET()).body());
  }
}
