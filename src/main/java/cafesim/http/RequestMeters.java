package cafesim.http;

import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.mapRequest;
import static org.apache.pekko.http.javadsl.server.Directives.mapResponse;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * HTTP requests timed by method, route template and status ({@code
 * http_server_requests_seconds}). The label is the template the matching route declares
 * ({@code /runs/{id}}), never the raw path: run ids would make a series per run. A request no
 * route matched is {@code unmatched}.
 *
 * <p>The template travels with the request: {@link #measured} attaches an empty slot, the route
 * that matches fills it ({@link #route}), and the response, error answers included, is counted
 * under it on the way out.
 */
final class RequestMeters {

  static final String UNMATCHED = "unmatched";

  /** Filled by the matching route; one per request, so no two requests share it. */
  private static final class Matched {
    private volatile String template = UNMATCHED;
  }

  private static final AttributeKey<Matched> MATCHED =
      AttributeKey.create("cafesim-route-template", Matched.class);

  private final MeterRegistry registry;

  RequestMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Times every request {@code routes} answers, errors and rejections included. */
  Route measured(Route routes) {
    return mapRequest(request -> request.addAttribute(MATCHED, new Matched()), () ->
        extractRequest(request -> {
          long start = System.nanoTime();
          return mapResponse(response -> {
            Timer.builder("http.server.requests")
                .description("HTTP requests by method, route template and status")
                .tag("method", request.method().name())
                .tag("route", request.getAttribute(MATCHED).map(m -> m.template).orElse(UNMATCHED))
                .tag("status", Integer.toString(response.status().intValue()))
                .register(registry)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return response;
          }, () -> routes);
        }));
  }

  /**
   * Marks the requests {@code inner} sees as answered by the route {@code template}. It takes
   * the route built, not a supplier: this runs for every request.
   */
  static Route route(String template, Route inner) {
    return extractRequest(request -> {
      request.getAttribute(MATCHED).ifPresent(matched -> matched.template = template);
      return inner;
    });
  }
}
