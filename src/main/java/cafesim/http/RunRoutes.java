package cafesim.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeaders;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import cafesim.Settings;
import cafesim.cafe.CafeEvent;
import cafesim.cafe.Mode;
import cafesim.run.Comparison;
import cafesim.run.RunReport;
import cafesim.run.RunReport.Status;
import cafesim.run.RunReport.Summary;
import cafesim.run.RunLookup;
import cafesim.run.RunRegistry;
import cafesim.run.RunSpec;
import cafesim.run.TraceContext;
import cafesim.trace.GanttSvg;
import cafesim.trace.RunTrace;
import cafesim.trace.SequenceDiagram;
import cafesim.trace.TimelineText;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.StringUnmarshallers;
import org.apache.pekko.japi.function.Function;

/**
 * {@code /runs}: start runs (one mode, or both to compare), list them, read a report, and see
 * a run's trace as text, JSON, Mermaid or an SVG timeline.
 */
final class RunRoutes {

  public record RunList(List<Summary> runs) {}

  public record Accepted(String runId, String traceId, Status status) {}

  private static final ContentType SVG = MediaTypes.IMAGE_SVG_XML.toContentType();

  private final ActorSystem<?> system;
  private final ActorRef<RunRegistry.Command> registry;
  private final Settings settings;

  RunRoutes(ActorSystem<?> system, ActorRef<RunRegistry.Command> registry, Settings settings) {
    this.system = system;
    this.registry = registry;
    this.settings = settings;
  }

  Route routes() {
    return concat(
        pathEndOrSingleSlash(() -> concat(get(this::listRuns), post(this::startRun))),
        path("compare", () -> post(this::compare)),
        pathPrefix(segment(), runId -> get(() -> runId.equals("compare")
            // "compare" is not a run: GET on it is the wrong method, not a missing run.
            ? ErrorHandling.methodNotAllowed(HttpMethods.POST)
            : concat(
                pathEnd(() -> report(runId)),
                path("trace", () -> trace(runId)),
                path("timeline.svg", () -> timeline(runId))))));
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

  /** A valid {@code traceparent} makes the run part of the caller's trace. */
  private Route startRun() {
    return optionalHeaderValueByName("traceparent", traceparent ->
        parameterOptional(StringUnmarshallers.BOOLEAN, "wait", wait ->
            entity(Json.unmarshaller(RunRequest.class), request -> {
              RunSpec spec = request.toSpec(settings);
              TraceContext trace = TraceContext.from(traceparent);
              var header = RawHeader.create("traceparent", trace.traceparent());
              if (wait.orElse(false)) {
                return onSuccess(finished(List.of(spec), List.of(trace), true), reply ->
                    reply instanceof RunRegistry.Refused refused ? refused(refused)
                        : respondWithHeaders(List.of(header), () ->
                            complete(StatusCodes.OK, reply.orThrow(), Json.marshaller())));
              }
              CompletionStage<RunRegistry.StartReply> start = ask(reply -> new RunRegistry.StartRun(
                  spec, trace, false, Optional.empty(), reply), askTimeout());
              return onSuccess(start, reply -> {
                if (reply instanceof RunRegistry.Refused refused) {
                  return refused(refused);
                }
                RunReport started = reply.orThrow();
                return respondWithHeaders(
                    List.of(Location.create("/runs/" + started.runId()), header), () ->
                        complete(StatusCodes.ACCEPTED,
                            new Accepted(started.runId(), started.traceId(), started.status()),
                            Json.marshaller()));
              });
            })));
  }

  /** Both modes at once, as two spans of one trace. */
  private Route compare() {
    return optionalHeaderValueByName("traceparent", traceparent ->
        entity(Json.unmarshaller(RunRequest.class), request -> {
          if (request.mode() != null) {
            throw ApiError.Failure.badRequest(
                "field 'mode' is not allowed here: a comparison runs both sync and async");
          }
          RunSpec sync = request.toSpec(settings, Mode.SYNC);
          RunSpec async = request.toSpec(settings, Mode.ASYNC);
          TraceContext trace = TraceContext.from(traceparent);
          // Both sides or neither: one message, so the registry admits them together.
          CompletionStage<RunRegistry.StartReply> both =
              finished(List.of(sync, async), List.of(trace.child(), trace.child()), false);
          return onSuccess(both, reply -> {
            if (reply instanceof RunRegistry.Refused refused) {
              return refused(refused);
            }
            List<RunReport> reports = ((RunRegistry.Started) reply).reports();
            Comparison comparison = Comparison.of(reports.get(0), reports.get(1));
            return respondWithHeaders(
                List.of(RawHeader.create("traceparent", trace.traceparent())), () ->
                    complete(StatusCodes.OK, comparison, Json.marshaller()));
          });
        }));
  }

  private Route report(String runId) {
    return withRun(runId, report -> complete(StatusCodes.OK, report, Json.marshaller()));
  }

  private Route trace(String runId) {
    return parameterOptional("format", format -> withRun(runId, report -> {
      RunTrace trace = RunTrace.of(report);
      return switch (format.orElse("text")) {
        case "text" -> text(TimelineText.render(trace));
        case "mermaid" -> text(SequenceDiagram.render(trace));
        case "json" -> complete(StatusCodes.OK, trace.events(), Json.marshaller());
        default -> throw ApiError.Failure.badRequest("parameter 'format' is '" + format.get()
            + "'; allowed values: text, mermaid, json (and GET /runs/{runId}/timeline.svg)");
      };
    }));
  }

  private Route timeline(String runId) {
    return withRun(runId, report -> complete(HttpEntities.create(SVG,
        GanttSvg.render(RunTrace.of(report)).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
  }

  private static Route text(String body) {
    return complete(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, body));
  }

  private Route withRun(String runId, java.util.function.Function<RunReport, Route> inner) {
    CompletionStage<RunLookup> lookup =
        ask(reply -> new RunRegistry.GetRun(runId, reply), askTimeout());
    return onSuccess(lookup, found -> found instanceof RunLookup.Found f
        ? inner.apply(f.report())
        : ErrorHandling.error(StatusCodes.NOT_FOUND, ((RunLookup.Missing) found).reason()));
  }

  /** 429 when busy, 503 when draining; either way, when to try again. */
  private static Route refused(RunRegistry.Refused refused) {
    var status = refused.draining() ? StatusCodes.SERVICE_UNAVAILABLE : StatusCodes.TOO_MANY_REQUESTS;
    long seconds = Math.max(1, refused.retryAfter().toSeconds());
    return respondWithHeaders(List.of(RetryAfter.create(seconds)), () ->
        ErrorHandling.error(status, refused.reason()));
  }

  /**
   * Starts a run and completes with its final report.
   *
   * @param canPoll whether the caller could start it without waiting instead
   */
  private CompletionStage<RunRegistry.StartReply> finished(List<RunSpec> specs,
      List<TraceContext> traces, boolean canPoll) {
    RunSpec spec = specs.get(0);
    Duration longest = Duration.ofNanos(Math.round(spec.longestSeconds() / spec.speed() * 1e9));
    Duration maxWait = settings.http().maxWait();
    if (longest.compareTo(maxWait) > 0) {
      throw ApiError.Failure.badRequest("at speed " + RunRequest.number(spec.speed())
          + " this run may take up to " + longest.toSeconds() + " s, and a request waits at most "
          + maxWait.toSeconds() + " s: raise 'speed'"
          + (canPoll ? ", or start it without ?wait=true and poll GET /runs/{runId}" : ""));
    }
    // Slips make remakes, so a run with faults has no upper bound: it may wait all of max-wait.
    Duration timeout = spec.faults().failureRate() > 0 ? maxWait : longest.plus(askTimeout());
    return ask(reply -> new RunRegistry.StartRun(specs, traces, true,
        Optional.<ActorRef<CafeEvent>>empty(), reply), timeout);
  }

  private <T> CompletionStage<T> ask(
      Function<ActorRef<T>, RunRegistry.Command> message, Duration timeout) {
    return AskPattern.ask(registry, message, timeout, system.scheduler());
  }

  private Duration askTimeout() {
    return settings.http().askTimeout();
  }
}
