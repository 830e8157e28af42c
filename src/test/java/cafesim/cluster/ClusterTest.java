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
 * once. The last test kills a node, so it runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {

  private static final Duration FORMED_WITHIN = Duration.ofSeconds(90);
  private static final int RUNS = 300;

  private final List<CafesimProcess.Server> nodes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void threeNodes() throws Exception {
    TestDatabase.requireEmpty();
    Path dir = Files.createTempDirectory("cafesim-cluster");
    int[] ports = {freePort(), freePort(), freePort()};
    String seeds = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
    for (int i = 0; i < 3; i++) {
      Map<String, String> env = new HashMap<>(TestDatabase.environment());
      env.put("CAFESIM_HTTP_PORT", "0");
      env.put("CAFESIM_CLUSTER_PORT", String.valueOf(ports[i]));
      env.put("CAFESIM_CLUSTER_SEEDS", seeds);
      nodes.add(CafesimProcess.serve(env, dir.resolve("node-" + (i + 1) + ".txt"),
          "-Xmx256m", "-Dcafesim.warmup-runs=0"));
    }
    long deadline = System.nanoTime() + FORMED_WITHIN.toNanos();
    for (CafesimProcess.Server node : nodes) {
      JsonNode health = null;
      while (System.nanoTime() < deadline) {
        health = get(node, "/health");
        if ("UP".equals(health.get("status").asText())
            && health.get("cluster").get("members").asInt() == 3) {
          break;
        }
        Thread.sleep(250);
      }
      assertEquals(3, health.get("cluster").get("members").asInt(), "the cluster: " + health);
    }
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
    nodes.get(2).process().destroyForcibly(); // SIGKILL
    nodes.get(2).process().waitFor(10, TimeUnit.SECONDS);

    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    int resumed = 0;
    for (String runId : accepted) {
      // Until the dead node is downed and its shards have moved, asking about one of its runs
      // times out (503); then the run answers from wherever it plays now.
      JsonNode report = get(nodes.get(0), "/runs/" + runId);
      while (!report.has("status") || "RUNNING".equals(report.get("status").asText())) {
        assertTrue(System.nanoTime() < deadline, "still not ended: " + report);
        Thread.sleep(500);
        report = get(nodes.get(0), "/runs/" + runId);
      }
      assertEquals("COMPLETED", report.get("status").asText(), report.toString());
      assertEquals(5.0, report.get("makespanSeconds").asDouble());
      long ends = 0;
      for (JsonNode event : report.get("events")) {
        ends += event.get("type").asText().startsWith("RUN_") ? 1 : 0;
      }
      assertEquals(2, ends, "one start and one end in the report: " + runId);
      resumed += report.get("attempts").asInt() > 1 ? 1 : 0;
      JsonNode fromSecond = get(nodes.get(1), "/runs/" + runId);
      assertEquals(report.get("attempts"), fromSecond.get("attempts"));
      assertEquals("COMPLETED", fromSecond.get("status").asText());
    }
    assertTrue(resumed > 0, "the killed node was playing some of them");
    System.out.println(resumed + " of " + RUNS + " runs were resumed on the survivors");

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
      assertEquals(RUNS + 1, runs, "the runs of both tests, each once");
    }
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
