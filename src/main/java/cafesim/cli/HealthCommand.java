package cafesim.cli;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The container's health check: no curl in the image, the jar asks the service itself. */
@Command(name = "health", mixinStandardHelpOptions = true,
    description = "Exits 0 if the service answers GET /health with 200, 1 otherwise.")
public final class HealthCommand implements Callable<Integer> {

  @Option(names = "--url", description = "Default: http://127.0.0.1:$CAFESIM_HTTP_PORT/health "
      + "(port 8080 if unset).")
  String url;

  @Override
  public Integer call() throws InterruptedException {
    String target = url != null ? url
        : "http://127.0.0.1:" + System.getenv().getOrDefault("CAFESIM_HTTP_PORT", "8080") + "/health";
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(DemoCommand.serviceUrl(target))
        .timeout(Duration.ofSeconds(3)).GET().build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      System.out.println(response.statusCode() + " " + response.body());
      return response.statusCode() == 200 ? 0 : 1;
    } catch (java.io.IOException e) {
      System.out.println("unreachable: " + target + " (" + e.getClass().getSimpleName() + ")");
      return 1;
    }
  }
}
