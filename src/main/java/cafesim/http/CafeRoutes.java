package cafesim.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractMethod;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResource;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResourceDirectory;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.handleSync;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.pathSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeader;
import static org.apache.pekko.http.javadsl.server.Directives.withRequestTimeoutResponse;
import static org.apache.pekko.http.javadsl.server.Directives.withSizeLimit;
import static cafesim.http.RequestMeters.route;

import cafesim.Settings;
import cafesim.run.Admission;
import cafesim.run.Runs;
import cafesim.run.Scenario;
import cafesim.run.Scenarios;
import cafesim.trace.TimelinePainter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The HTTP API and the page at / (web/ in the jar): health, the menu and scenarios here, runs
 * and their traces (and two runs' picture on one time axis, {@code /comparison.svg}) in
 * {@link RunRoutes}. Holds no state: everything about runs is asked of the run layer
 * ({@link Runs}).
 * See docs/api.md for the endpoints with examples.
 */
public final class CafeRoutes {

  /**
   * {@code status}: UP, DRAINING (stopping) or JOINING (not yet a member of its cluster);
   * {@code cluster}: this node's membership.
   */
  public record Health(String status, Membership cluster) {}

  /**
   * This node in its cluster: its address, its member status (Up once joined), the members
   * that are Up, and those the failure detector cannot reach.
   */
  public record Membership(String self, String member, int members, int unreachable) {

    public boolean up() {
      return "Up".equals(member);
    }
  }

  public record ScenarioList(List<Scenario> scenarios) {}

  /** Methods that change nothing, open even when an API token is set. */
  private static final Set<String> READ_ONLY = Set.of("GET", "HEAD", "OPTIONS");

  /** What Prometheus scrapes: its text format, version 0.0.4. */
  private static final ContentType.WithCharset PROMETHEUS_TEXT = MediaTypes.customWithOpenCharset(
      "text", "plain", java.util.Map.of("version", "0.0.4"), false).toContentType(HttpCharsets.UTF_8);

  /** Where the page at / lives in the jar (src/main/resources/web). */
  private static final String PAGE = "web/";

  private final Runs runs;
  private final Settings settings;
  private final RunRoutes runRoutes;
  private final Supplier<Membership> membership;
  private final PrometheusMeterRegistry registry;
  private final RequestMeters meters;

  public CafeRoutes(Runs runs, Supplier<Membership> membership, PrometheusMeterRegistry registry,
      ActorRef<TimelinePainter.Command> painter, Scheduler scheduler, Settings settings) {
    this.runs = runs;
    this.registry = registry;
    this.meters = new RequestMeters(registry);
    this.membership = membership;
    this.settings = settings;
    this.runRoutes = new RunRoutes(runs, painter, scheduler, settings);
  }

  public Route routes() {
    return meters.measured(withRequestTimeoutResponse(ErrorHandling::timedOut, () ->
        handleExceptions(ErrorHandling.EXCEPTIONS, () ->
            handleRejections(ErrorHandling.REJECTIONS, () ->
                RequestChecks.answeringOptions(() ->
                    withSizeLimit(settings.http().maxBodySize(), () ->
                        RequestChecks.noContentEncoding(() -> RequestChecks.bodyWithin(
                            settings.config().getDuration("cafesim.http.first-request-deadline"), () ->
                            authorized(() -> concat(
                                // The page and its assets, from the jar; its query (?run=)
                                // is the page's business, not the strict API's.
                                pathSingleSlash(() -> route("/", get(() ->
                                    getFromResource(PAGE + "index.html")))),
                                pathPrefix("assets", () -> route("/assets/{file}", get(() ->
                                    getFromResourceDirectory(PAGE)))),
                                path("health", () -> route("/health",
                                    get(() -> noParameters(this::health)))),
                                path("metrics", () -> route("/metrics",
                                    get(() -> noParameters(this::metrics)))),
                                path("menu", () -> route("/menu", get(() -> noParameters(() ->
                                    complete(StatusCodes.OK, settings.menu(), Json.marshaller()))))),
                                path("scenarios", () -> route("/scenarios", get(() ->
                                    noParameters(() -> complete(StatusCodes.OK,
                                        new ScenarioList(Scenarios.ALL), Json.marshaller()))))),
                                path("comparison.svg", () -> route("/comparison.svg",
                                    get(runRoutes::comparisonSvg))),
                                pathPrefix("runs", runRoutes::routes)))))))))));
  }

  /** Prometheus's text format, scraped from the registry (docs/metrics.md). */
  private Route metrics() {
    return handleSync(request -> HttpResponse.create()
        .withEntity(HttpEntities.create(PROMETHEUS_TEXT, registry.scrape())));
  }

  private static Route noParameters(Supplier<Route> inner) {
    return RequestChecks.onlyParameters(Set.of(), inner);
  }

  /**
   * 200 UP; 503 DRAINING while the service stops (so a balancer sends no new runs), or JOINING
   * until this node is a member of its cluster (it could not route a run yet).
   */
  private Route health() {
    CompletionStage<Admission.Health> health = runs.health();
    return onSuccess(health, h -> {
      Membership node = membership.get();
      if (h.draining()) {
        return complete(StatusCodes.SERVICE_UNAVAILABLE, new Health("DRAINING", node),
            Json.marshaller());
      }
      return node.up() ? complete(StatusCodes.OK, new Health("UP", node), Json.marshaller())
          : complete(StatusCodes.SERVICE_UNAVAILABLE, new Health("JOINING", node),
              Json.marshaller());
    });
  }

  /**
   * With an API token set, a request that may change something needs
   * {@code Authorization: Bearer <token>}. The comparison takes the same time whatever the
   * guess: both sides are hashed, and the hashes compared in constant time.
   */
  private Route authorized(Supplier<Route> inner) {
    String token = settings.http().apiToken();
    if (token.isEmpty()) {
      return inner.get();
    }
    byte[] expected = sha256("Bearer " + token);
    return extractMethod(method -> READ_ONLY.contains(method.name()) ? inner.get()
        : optionalHeaderValueByName("Authorization", given ->
            given.isPresent() && MessageDigest.isEqual(expected, sha256(given.get()))
                ? inner.get()
                : respondWithHeader(WWWAuthenticate.create(HttpChallenge.create("Bearer", "cafesim")),
                    () -> ErrorHandling.error(StatusCodes.UNAUTHORIZED, method.name()
                        + " needs the header 'Authorization: Bearer <token>' (CAFESIM_API_TOKEN)"))));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
