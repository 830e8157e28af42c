package cafesim.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeader;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import cafesim.Settings;
import cafesim.cafe.CafeEvent;
import cafesim.cafe.Menu;
import cafesim.cafe.Mode;
import cafesim.run.Comparison;
import cafesim.run.RunReport;
import cafesim.run.RunReport.Status;
import cafesim.run.RunReport.Summary;
import cafesim.run.RunRegistry;
import cafesim.run.RunSpec;
import cafesim.run.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.StringUnmarshallers;
import org.apache.pekko.japi.function.Function;

/**
 * The HTTP API. Holds no state: every request asks the {@link RunRegistry}.
 * See docs/api.md for the endpoints with examples.
 */
public final class CafeRoutes {

  public record Health(String status) {}

  public record ScenarioList(List<Scenario> scenarios) {}

  public record RunList(List<Summary> runs) {}

  public record Accepted(String runId, Status status) {}

  private final ActorSystem<?> system;
  private final ActorRef<RunRegistry.Command> registry;
  private final Settings settings;

  public CafeRoutes(ActorSystem<?> system, ActorRef<RunRegistry.Command> registry,
      Settings settings) {
    this.system = system;
    this.registry = registry;
    this.settings = settings;
  }

  public Route routes() {
    return handleExceptions(ErrorHandling.EXCEPTIONS, () ->
        handleRejections(ErrorHandling.REJECTIONS, () -> concat(
            path("health", () -> get(() ->
                complete(StatusCodes.OK, new Health("UP"), Json.marshaller()))),
            path("menu", () -> get(() ->
                complete(StatusCodes.OK, settings.menu(), Json.marshaller()))),
            path("scenarios", () -> get(() -> complete(StatusCodes.OK,
                new ScenarioList(cafesim.run.Scenarios.ALL), Json.marshaller()))),
            pathPrefix("runs", () -> concat(
                pathEndOrSingleSlash(() -> concat(
                    get(this::listRuns),
                    post(this::startRun))),
                path("compare", () -> post(this::compare)),
                path(segment(), runId -> get(() -> runId.equals("compare")
                    // "compare" is not a run: GET on it is the wrong method, not a missing run.
                    ? ErrorHandling.methodNotAllowed(HttpMethods.POST)
                    : getRun(runId))))))));
  }

  private Route listRuns() {
    return parameterOptional(StringUnmarshallers.INTEGER, "limit", limit -> {
      int n = limit.orElse(20);
      if (n < 1 || n > 1000) {
        throw ApiError.Failure.badRequest("parameter 'limit' is " + n + "; allowed: 1 to 1000");
      }
      CompletionStage<List<Summary>> runs =
          ask(reply -> new RunRegistry.ListRuns(n, reply), askTimeout());
      return onSuccess(runs, newestFirst ->
          complete(StatusCodes.OK, new RunList(newestFirst), Json.marshaller()));
    });
  }

  private Route startRun() {
    return parameterOptional(StringUnmarshallers.BOOLEAN, "wait", wait ->
        entity(Json.unmarshaller(RunRequest.class), request -> {
          RunSpec spec = request.toSpec(menu(), settings.runs());
          if (wait.orElse(false)) {
            return onSuccess(finished(spec),
                report -> complete(StatusCodes.OK, report, Json.marshaller()));
          }
          CompletionStage<RunReport> start = ask(
              reply -> new RunRegistry.StartRun(spec, false, Optional.empty(), reply),
              askTimeout());
          return onSuccess(start, started -> respondWithHeader(Location.create("/runs/" + started.runId()), () ->
                  complete(StatusCodes.ACCEPTED, new Accepted(started.runId(), started.status()),
                      Json.marshaller())));
        }));
  }

  private Route compare() {
    return entity(Json.unmarshaller(RunRequest.class), request -> {
      if (request.mode() != null) {
        throw ApiError.Failure.badRequest(
            "field 'mode' is not allowed here: a comparison runs both sync and async");
      }
      RunSpec sync = request.toSpec(menu(), settings.runs(), Mode.SYNC);
      RunSpec async = request.toSpec(menu(), settings.runs(), Mode.ASYNC);
      return onSuccess(finished(sync).thenCombine(finished(async), Comparison::of),
          comparison -> complete(StatusCodes.OK, comparison, Json.marshaller()));
    });
  }

  private Route getRun(String runId) {
    CompletionStage<Optional<RunReport>> lookup =
        ask(reply -> new RunRegistry.GetRun(runId, reply), askTimeout());
    return onSuccess(lookup, found -> found
        .<Route>map(report -> complete(StatusCodes.OK, report, Json.marshaller()))
        .orElseGet(() -> ErrorHandling.error(StatusCodes.NOT_FOUND,
            "run '" + runId + "' does not exist; GET /runs lists the runs kept")));
  }

  /** Starts a run and completes with its final report. */
  private CompletionStage<RunReport> finished(RunSpec spec) {
    Duration longest = Duration.ofNanos(Math.round(spec.longestSeconds() / spec.speed() * 1e9));
    Duration maxWait = settings.http().maxWait();
    if (longest.compareTo(maxWait) > 0) {
      throw ApiError.Failure.badRequest("at speed " + RunRequest.number(spec.speed())
          + " this run may take up to " + longest.toSeconds() + " s, and a request waits at most "
          + maxWait.toSeconds() + " s: start it without ?wait=true and poll GET /runs/{runId},"
          + " or raise 'speed'");
    }
    return ask(reply -> new RunRegistry.StartRun(spec, true, Optional.<ActorRef<CafeEvent>>empty(),
        reply), longest.plus(askTimeout()));
  }

  private <T> CompletionStage<T> ask(
      Function<ActorRef<T>, RunRegistry.Command> message, Duration timeout) {
    return AskPattern.ask(registry, message, timeout, system.scheduler());
  }

  private Duration askTimeout() {
    return settings.http().askTimeout();
  }

  private Menu menu() {
    return settings.menu();
  }
}
