package cafesim.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for a service in another process, with the waits its tests need. */
public final class ServiceClient {

  public record Answer(int status, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long a test waits for a run to get somewhere before it fails. */
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final HttpClient http = HttpClient.newHttpClient();
  private final int port;

  public ServiceClient(int port) {
    this.port = port;
  }

  public Answer get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  public byte[] bytes(String path) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new AssertionError(path + " answered " + response.statusCode());
    }
    return response.body();
  }

  public Answer post(String path, String json) throws IOException, InterruptedException {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  /** The whole event stream of a run (it ends after the report), from {@code lastEventId}. */
  public String events(String runId, String lastEventId)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = request("/runs/" + runId + "/events").GET();
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    return send(request.timeout(PATIENCE).build()).body();
  }

  /** The run's report once it has ended. */
  public JsonNode awaitEnd(String runId) throws IOException, InterruptedException {
    return await(runId, "it to end", report -> !"RUNNING".equals(report.path("status").asText()));
  }

  /** The run's report once it has an event of {@code type}. */
  public JsonNode awaitEvent(String runId, String type) throws IOException, InterruptedException {
    return await(runId, "a " + type + " event",
        report -> report.path("events").findValuesAsText("type").contains(type));
  }

  private interface Check {
    boolean test(JsonNode report);
  }

  private JsonNode await(String runId, String what, Check check)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    JsonNode report = null;
    while (System.nanoTime() < deadline) {
      Answer answer = get("/runs/" + runId);
      if (answer.status() == 200) {
        report = answer.json();
        if (check.test(report)) {
          return report;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what + " of run "
        + runId + "; last report: " + report);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30));
  }

  private Answer send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }
}
