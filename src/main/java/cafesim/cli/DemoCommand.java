package cafesim.cli;

import cafesim.http.Json;
import cafesim.run.Scenario;
import cafesim.run.Scenarios;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Plays every scenario against a running service, both modes side by side: what the demo
 * container does once the cafe is up. Waiting for the service is a retry scheduled a second
 * later, like everything else in cafesim.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Compares sync and async for every scenario on a running service.")
public final class DemoCommand implements Callable<Integer> {

  @Option(names = "--url", defaultValue = "http://127.0.0.1:${env:CAFESIM_HTTP_PORT:-8080}",
      description = "The service. Default: ${DEFAULT-VALUE}.")
  String url;

  @Option(names = "--speed", defaultValue = "10",
      description = "Speed factor of the runs. Default: ${DEFAULT-VALUE}.")
  double speed;

  @Option(names = "--wait", defaultValue = "60",
      description = "Seconds to wait for the service to be up. Default: ${DEFAULT-VALUE}.")
  int waitSeconds;

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final PrintStream out = System.out;

  /**
   * The service's address as given to {@code --url}, or the option named with what it takes:
   * the HTTP client's own words ("URI with undefined scheme") name neither.
   */
  static URI serviceUrl(String given) {
    URI uri;
    try {
      uri = new URI(given);
    } catch (java.net.URISyntaxException e) {
      uri = null;
    }
    if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException("--url is '" + given + "'; allowed: an http:// or"
          + " https:// URL with a host, like http://127.0.0.1:8080");
    }
    return uri;
  }

  @Override
  public Integer call() {
    serviceUrl(url);
    if (waitSeconds < 0) {
      throw new IllegalArgumentException("--wait is " + waitSeconds + "; allowed: 0 or more"
          + " (seconds)");
    }
    // This is the command line's own main thread, not an actor: it waits for its work to end.
    return up(waitSeconds).toCompletableFuture()
        .thenCompose(ignored -> {
          out.printf("%-16s %9s %9s %8s   (simulated seconds)%n", "SCENARIO", "SYNC", "ASYNC",
              "SPEEDUP");
          CompletionStage<Void> all = CompletableFuture.completedFuture(null);
          for (Scenario scenario : Scenarios.SEEDS) {
            all = all.thenCompose(done -> compare(scenario));
          }
          return all;
        })
        .handle((done, failure) -> {
          if (failure != null) {
            System.err.println("cafesim demo: " + rootMessage(failure));
          }
          return failure == null ? 0 : 1;
        })
        .join();
  }

  private CompletionStage<Void> compare(Scenario scenario) {
    String body = json(Map.of("scenario", scenario.name(), "speed", speed));
    HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/runs/compare"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
      JsonNode comparison = json(response.body());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(scenario.name() + ": " + comparison.path("message").asText());
      }
      out.printf("%-16s %9.3f %9.3f %7.2fx%n", scenario.name(),
          comparison.get("sync").get("makespanSeconds").asDouble(),
          comparison.get("async").get("makespanSeconds").asDouble(),
          comparison.get("speedup").asDouble());
    });
  }

  /** GET /health until it answers 200; a failed try is retried a second later. */
  private CompletionStage<Void> up(int triesLeft) {
    HttpRequest health = HttpRequest.newBuilder(URI.create(url + "/health"))
        .timeout(Duration.ofSeconds(2)).build();
    return http.sendAsync(health, HttpResponse.BodyHandlers.discarding())
        .handle((response, failure) -> failure == null && response.statusCode() == 200)
        .thenCompose(isUp -> {
          if (isUp) {
            return CompletableFuture.<Void>completedFuture(null);
          }
          if (triesLeft <= 1) {
            throw new IllegalStateException(url + " did not come up in " + waitSeconds + " s");
          }
          return CompletableFuture.supplyAsync(() -> null,
                  CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS))
              .thenCompose(later -> up(triesLeft - 1));
        });
  }

  private static String json(Map<String, Object> body) {
    try {
      return Json.MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(String body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the service answered something that is not JSON", e);
    }
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage();
  }
}
