package cafesim.http;

import cafesim.Settings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import cafesim.testing.TempData;

/** The real server on a free port, and a plain HTTP client to talk to it. */
final class ApiClient implements AutoCloseable {

  record Answer(int status, String contentType, JsonNode json, HttpResponse<String> raw) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  final CafeServer server;
  /** The server's own H2 database, gone with it. */
  private final Path dataDir;
  private final HttpClient http = HttpClient.newHttpClient();

  ApiClient(Map<String, Object> overrides) {
    dataDir = TempData.directory();
    var config = ConfigFactory.parseMap(overrides)
        .withFallback(ConfigFactory.parseMap(Map.of(
            "cafesim.http.port", 0, "cafesim.warmup-runs", 0,
            "cafesim.storage.data-dir", dataDir.toString())))
        .withFallback(Settings.loadConfig());
    server = CafeServer.start(Settings.from(config)).toCompletableFuture().join();
  }

  ApiClient() {
    this(Map.of());
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  Answer post(String path, String body) {
    return post(path, "application/json", body);
  }

  Answer post(String path, String contentType, String body) {
    return send(HttpRequest.newBuilder(uri(path))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      String type = response.headers().firstValue("Content-Type").orElse("");
      JsonNode json = type.startsWith("application/json") ? JSON.readTree(response.body()) : null;
      return new Answer(response.statusCode(), type, json, response);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop().toCompletableFuture().join();
    TempData.delete(dataDir);
  }
}
