package cafesim.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMap;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static cafesim.http.RequestMeters.route;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.reject;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeaders;
import static org.apache.pekko.http.javadsl.server.Directives.withRequestTimeout;
import static org.apache.pekko.http.javadsl.server.Directives.withoutRequestTimeout;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import cafesim.Settings;
import cafesim.cafe.Mode;
import cafesim.run.Comparison;
import cafesim.run.RunReport;
import cafesim.run.RunReport.Status;
import cafesim.run.RunStats;
import cafesim.run.RunLookup;
import cafesim.run.Admission;
import cafesim.run.Cancellation;
import cafesim.run.RunTable;
import cafesim.run.Scenarios;
import cafesim.run.Runs;
import cafesim.run.RunSpec;
import cafesim.run.TraceContext;
import cafesim.trace.TimelinePainter;
import cafesim.trace.RunTrace;
import cafesim.trace.SequenceDiagram;
import cafesim.trace.TimelineText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
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

  public record Accepted(String runId, String traceId, Status status) {
    static Accepted of(RunReport report) {
      return new Accepted(report.runId(), report.traceId(), report.status());
    }
  }

  /**
   * A comparison whose runs are still going: where to follow each, and where its picture will
   * be once both have finished (until then that link answers 409).
   */
  public record ComparisonAccepted(Accepted sync, Accepted async, String comparisonSvg) {}

  /**
   * A finished comparison ({@link Comparison}'s fields) and where to see it as one picture: the
   * relative link {@code /comparison.svg?sync=<runId>&async=<runId>}.
   */
  public record ComparisonAnswer(RunReport sync, RunReport async, double speedup,
      Double waitRatio, String comparisonSvg) {
    static ComparisonAnswer of(Comparison comparison) {
      return new ComparisonAnswer(comparison.sync(), comparison.async(), comparison.speedup(),
          comparison.waitRatio(), RunRoutes.comparisonSvg(comparison.sync().runId(),
              comparison.async().runId()));
    }
  }

  /** The link to two runs' picture on one time axis ({@code GET /comparison.svg}). */
  static String comparisonSvg(String syncRunId, String asyncRunId) {
    return "/comparison.svg?sync=" + URLEncoder.encode(syncRunId, StandardCharsets.UTF_8)
        + "&async=" + URLEncoder.encode(asyncRunId, StandardCharsets.UTF_8);
  }

  private static final Duration REQUEST_TIMEOUT_MARGIN = Duration.ofSeconds(10);

  private static final ContentType SVG = MediaTypes.IMAGE_SVG_XML.toContentType();

  private final Runs runs;
  private final ActorRef<TimelinePainter.Command> painter;
  private final Scheduler scheduler;
  private final Settings settings;

  RunRoutes(Runs runs, ActorRef<TimelinePainter.Command> painter, Scheduler scheduler,
      Settings settings) {
    this.runs = runs;
    this.painter = painter;
    this.scheduler = scheduler;
    this.settings = settings;
  }

  Route routes() {
    return concat(
        pathEndOrSingleSlash(() -> route("/runs",
            concat(get(this::listRuns), post(this::startRun)))),
        path("compare", () -> route("/runs/compare", post(this::compare))),
        pathPrefix(segment(), runId -> runId.equals("compare")
            // "compare" is not a run: another method on it is the wrong method (405, from the
            // route above), not a missing run.
            ? reject()
            : !mayBeRunId(runId) ? notARun(runId)
            : concat(
                pathEnd(() -> route("/runs/{id}", concat(get(() -> none(() -> report(runId))),
                    delete(() -> none(() -> cancel(runId)))))),
                path("trace", () -> route("/runs/{id}/trace", get(() ->
                    RequestChecks.onlyParameters(Set.of("format"), () -> trace(runId))))),
                path("stats", () -> route("/runs/{id}/stats",
                    get(() -> none(() -> stats(runId))))),
                path("timeline.svg", () -> route("/runs/{id}/timeline.svg",
                    get(() -> none(() -> timeline(runId))))),
                path("events", () -> route("/runs/{id}/events",
                    get(() -> none(() -> events(runId))))))));
  }

  /**
   * Whether this could be a run's id ("run-" and 16 hex digits, or a test's shorter one): one
   * that cannot is not looked up, and the answer quotes only its start.
   */
  private static boolean mayBeRunId(String id) {
    return id.length() <= RunRequest.MAX_QUOTED && id.chars().allMatch(c -> c > ' ' && c < 127);
  }

  private static Route notARun(String id) {
    throw ApiError.Failure.notFound(null,
        RunTable.unknown(RunRequest.shown(id, RunRequest.MAX_QUOTED)));
  }

  private static Route none(Supplier<Route> inner) {
    return RequestChecks.onlyParameters(Set.of(), inner);
  }

  /** A page of runs, newest first, filtered; {@code next} is the cursor of the page after. */
  private Route listRuns() {
    return RequestChecks.onlyParameters(Set.of("limit", "before", "scenario", "mode", "status"),
        () -> parameterMap(parameters -> {
          var query = new RunTable.Query(
              RequestChecks.number("limit", Optional.ofNullable(parameters.get("limit")), 1, 1000,
                  20),
              Optional.ofNullable(parameters.get("before")).map(RunRoutes::cursor),
              Optional.ofNullable(parameters.get("scenario")).map(RunRoutes::scenario),
              Optional.ofNullable(parameters.get("mode")).map(m -> Mode.parse(m).orElseThrow(() ->
                  ApiError.Failure.badRequest("mode", "parameter 'mode' is "
                      + RunRequest.quote(m) + "; allowed values: sync, async"))),
              Optional.ofNullable(parameters.get("status")).map(RunRoutes::status));
          return onSuccess(runs.list(query), page ->
              complete(StatusCodes.OK, page, Json.marshaller()));
        }));
  }

  private static long cursor(String given) {
    if (given.matches("0|[1-9]\\d{0,17}")) {
      return Long.parseLong(given);
    }
    throw ApiError.Failure.badRequest("before", "parameter 'before' is " + RunRequest.quote(given)
        + "; allowed: the 'next' of an earlier page");
  }

  private static String scenario(String given) {
    if (given.equals("custom") || Scenarios.find(given).isPresent()) {
      return given;
    }
    throw ApiError.Failure.badRequest("scenario", "parameter 'scenario' is "
        + RunRequest.quote(given) + "; allowed values: custom, " + Scenarios.names());
  }

  private static Status status(String given) {
    for (Status status : Status.values()) {
      if (status.name().equals(given)) {
        return status;
      }
    }
    throw ApiError.Failure.badRequest("status", "parameter 'status' is " + RunRequest.quote(given)
        + "; allowed values: RUNNING, COMPLETED, FAILED, CANCELLED");
  }

  /**
   * A valid {@code traceparent} makes the run part of the caller's trace. With
   * {@code ?wait=true} the answer is the final report if the run ends within max-wait, else the
   * same 202 as without waiting: a run is never lost to a timeout.
   */
  private Route startRun() {
    return optionalHeaderValueByName("traceparent", traceparent ->
        RequestChecks.onlyParameters(Set.of("wait"), () ->
        parameterOptional("wait", waitParameter -> waiting(() ->
            entity(Json.unmarshaller(RunRequest.class), request -> {
              RunSpec spec = request.toSpec(settings);
              TraceContext trace = TraceContext.from(traceparent);
              var header = RawHeader.create("traceparent", trace.traceparent());
              boolean wait = RequestChecks.flag("wait", waitParameter);
              return onSuccess(start(List.of(spec), List.of(trace), wait), reply -> {
                if (reply instanceof Admission.Refused refused) {
                  return refused(refused);
                }
                RunReport report = reply.orThrow();
                return report.status().ended()
                    ? respondWithHeaders(List.of(header), () ->
                        complete(StatusCodes.OK, report, Json.marshaller()))
                    : respondWithHeaders(List.of(location(report), header), () ->
                        complete(StatusCodes.ACCEPTED, Accepted.of(report), Json.marshaller()));
              });
            })))));
  }

  /**
   * Both modes at once, as two spans of one trace: 200 with both reports and the speedup if
   * both end within max-wait, else 202 with both run ids.
   */
  private Route compare() {
    return optionalHeaderValueByName("traceparent", traceparent -> waiting(() ->
        RequestChecks.onlyParameters(Set.of(), () -> entity(Json.unmarshaller(RunRequest.class), request -> {
          if (request.mode() != null) {
            throw ApiError.Failure.badRequest("mode",
                "field 'mode' is not allowed here: a comparison runs both sync and async");
          }
          RunSpec sync = request.toSpec(settings, Mode.SYNC);
          // One request, one seed: both sides draw the same luck.
          RunSpec async = request.toSpec(settings, Mode.ASYNC).withSeed(sync.seed());
          if (settings.runs().limits().maxRuns() < 2) {
            throw new ApiError.Failure(StatusCodes.SERVICE_UNAVAILABLE, null, "a comparison"
                + " needs 2 runs in flight and cafesim.runs.max-in-flight is "
                + settings.runs().limits().maxRuns() + ": it can never fit");
          }
          TraceContext trace = TraceContext.from(traceparent);
          // Both sides or neither: one message, so the registry admits them together.
          CompletionStage<Admission.StartReply> both =
              start(List.of(sync, async), List.of(trace.child(), trace.child()), true);
          return onSuccess(both, reply -> {
            if (reply instanceof Admission.Refused refused) {
              return refused(refused);
            }
            List<RunReport> reports = ((Admission.Started) reply).reports();
            var header = RawHeader.create("traceparent", trace.traceparent());
            return respondWithHeaders(List.of(header), () ->
                reports.stream().allMatch(r -> r.status().ended())
                    ? complete(StatusCodes.OK,
                        ComparisonAnswer.of(Comparison.of(reports.get(0), reports.get(1))),
                        Json.marshaller())
                    : complete(StatusCodes.ACCEPTED, new ComparisonAccepted(
                        Accepted.of(reports.get(0)), Accepted.of(reports.get(1)),
                        comparisonSvg(reports.get(0).runId(), reports.get(1).runId())),
                        Json.marshaller()));
          });
        }))));
  }

  /** {@code DELETE /runs/{id}}: 200 with the CANCELLED report, 409 if it ended, 404. */
  private Route cancel(String runId) {
    return onSuccess(runs.cancel(runId), reply -> {
      if (reply instanceof Cancellation.Cancelled c) {
        // It may have completed just before the cancel reached it.
        return c.report().status() == Status.CANCELLED
            ? complete(StatusCodes.OK, c.report(), Json.marshaller())
            : alreadyEnded(runId, c.report().status());
      }
      if (reply instanceof Cancellation.AlreadyEnded ended) {
        return alreadyEnded(runId, ended.status());
      }
      return ErrorHandling.error(StatusCodes.NOT_FOUND, ((Cancellation.NoSuchRun) reply).reason());
    });
  }

  private static Route alreadyEnded(String runId, Status status) {
    return ErrorHandling.error(StatusCodes.CONFLICT,
        "run '" + runId + "' has already ended: " + status + "; only a RUNNING run can be cancelled");
  }

  /**
   * Pekko HTTP's own request timeout must not win over max-wait (it would answer 503 with no run
   * id): these routes get max-wait plus room for the answer.
   */
  private Route waiting(Supplier<Route> inner) {
    return withRequestTimeout(settings.http().maxWait().plus(REQUEST_TIMEOUT_MARGIN), inner);
  }

  private static Location location(RunReport report) {
    return Location.create("/runs/" + report.runId());
  }

  private Route report(String runId) {
    return withRun(runId, report -> complete(StatusCodes.OK, report, Json.marshaller()));
  }

  /** The run's statistics without its events: {@code {"runId","status","stats"}}. */
  private Route stats(String runId) {
    return withRun(runId, report -> complete(StatusCodes.OK,
        new RunStatsAnswer(report.runId(), report.status(), report.stats()), Json.marshaller()));
  }

  record RunStatsAnswer(String runId, Status status, RunStats stats) {}

  private Route trace(String runId) {
    return parameterOptional("format", format -> withRun(runId, report -> {
      RunTrace trace = RunTrace.of(report);
      return switch (format.orElse("text")) {
        case "text" -> text(TimelineText.render(trace));
        case "mermaid" -> text(SequenceDiagram.render(trace));
        case "json" -> complete(StatusCodes.OK, trace.events(), Json.marshaller());
        default -> throw ApiError.Failure.badRequest("format", "parameter 'format' is "
            + RunRequest.quote(format.get()) + "; allowed values: text, mermaid, json (and GET /runs/{runId}/timeline.svg)");
      };
    }));
  }

  /**
   * The run's events as they happen (Server-Sent Events, see {@link RunEventStream}); a finished
   * run's at once. {@code Last-Event-ID} resumes after that event.
   */
  private Route events(String runId) {
    return optionalHeaderValueByName("Last-Event-ID", lastEventId -> withoutRequestTimeout(() -> {
      var last = RunEventStream.LastEvent.of(lastEventId);
      return onSuccess(runs.watch(runId, last.attempt(), last.seq()), answer ->
          answer instanceof Runs.Watching watching
              ? complete(HttpEntities.createChunked(EVENT_STREAM,
                  RunEventStream.lines(watching.updates())))
              : ErrorHandling.error(StatusCodes.NOT_FOUND,
                  ((Runs.NotWatched) answer).reason()));
    }));
  }

  private static final ContentType EVENT_STREAM = MediaTypes.TEXT_EVENT_STREAM.toContentType();

  /** Drawn by the painter, one picture at a time, a finished run's only once. */
  private Route timeline(String runId) {
    return waiting(() -> withRun(runId, report -> onSuccess(
        AskPattern.<TimelinePainter.Command, TimelinePainter.Picture>ask(painter,
            reply -> new TimelinePainter.Paint(report, reply), settings.http().maxWait(),
            scheduler),
        picture -> complete(HttpEntities.create(SVG, picture.svg())))));
  }

  /**
   * {@code GET /comparison.svg?sync=<runId>&async=<runId>}: two finished runs on one time axis
   * ({@link cafesim.trace.ComparisonSvg}), drawn by the painter like a timeline: one picture at
   * a time, a pair of finished runs once. Both parameters are needed (400, naming the one
   * missing); a run that does not exist is 404 and one still running 409, each naming its
   * parameter in {@code field}. A run that ended without completing is drawn, its status in its
   * label.
   */
  Route comparisonSvg() {
    return RequestChecks.onlyParameters(Set.of("sync", "async"), () ->
        parameterMap(parameters -> {
          String sync = runIdParameter("sync", parameters);
          String async = runIdParameter("async", parameters);
          return waiting(() -> onSuccess(runs.get(sync).thenCombine(runs.get(async),
              (s, a) -> List.of(finished("sync", sync, s), finished("async", async, a))),
              reports -> onSuccess(
                  AskPattern.<TimelinePainter.Command, TimelinePainter.Picture>ask(painter,
                      reply -> new TimelinePainter.PaintComparison(reports.get(0),
                          reports.get(1), reply), settings.http().maxWait(), scheduler),
                  picture -> complete(HttpEntities.create(SVG, picture.svg())))));
        }));
  }

  /** A run id from the query: 400 when missing (naming both when both are) or empty. */
  private static String runIdParameter(String name, java.util.Map<String, String> parameters) {
    String given = parameters.get(name);
    if (given == null) {
      boolean neither = !parameters.containsKey("sync") && !parameters.containsKey("async");
      throw ApiError.Failure.badRequest(name, neither
          ? "query parameters 'sync' and 'async' are required: the ids of two finished runs,"
              + " as in /comparison.svg?sync=<runId>&async=<runId>"
          : "query parameter '" + name + "' is required: the id of a finished run; allowed"
              + " here: async, sync");
    }
    if (given.isEmpty()) {
      throw ApiError.Failure.badRequest(name, "parameter '" + name + "' is empty; allowed: the"
          + " id of a finished run (a runId of POST /runs/compare or GET /runs)");
    }
    if (!mayBeRunId(given)) {
      throw ApiError.Failure.notFound(name,
          RunTable.unknown(RunRequest.shown(given, RunRequest.MAX_QUOTED)));
    }
    return given;
  }

  /** The run's report if it has ended; else 404 (no such run) or 409 (still running). */
  private static RunReport finished(String parameter, String runId, RunLookup lookup) {
    if (lookup instanceof RunLookup.Missing missing) {
      throw ApiError.Failure.notFound(parameter, missing.reason());
    }
    RunReport report = ((RunLookup.Found) lookup).report();
    if (!report.status().ended()) {
      throw new ApiError.Failure(StatusCodes.CONFLICT, parameter, "run '" + runId
          + "' (parameter '" + parameter + "') is still running; it can be drawn once it has"
          + " finished (GET /runs/" + runId + " says when)");
    }
    return report;
  }

  private static Route text(String body) {
    return complete(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, body));
  }

  private Route withRun(String runId, java.util.function.Function<RunReport, Route> inner) {
    return onSuccess(runs.get(runId), found -> found instanceof RunLookup.Found f
        ? inner.apply(f.report())
        : ErrorHandling.error(StatusCodes.NOT_FOUND, ((RunLookup.Missing) found).reason()));
  }

  /** 429 when busy, 503 when draining; either way, when to try again. */
  private static Route refused(Admission.Refused refused) {
    var status = refused.unavailable() ? StatusCodes.SERVICE_UNAVAILABLE : StatusCodes.TOO_MANY_REQUESTS;
    long seconds = Math.max(1, refused.retryAfter().toSeconds());
    return respondWithHeaders(List.of(RetryAfter.create(seconds)), () ->
        ErrorHandling.error(status, refused.reason()));
  }

  /** Starts runs; completes with their reports as they stand, or when waiting, at the end. */
  private CompletionStage<Admission.StartReply> start(List<RunSpec> specs,
      List<TraceContext> traces, boolean wait) {
    return runs.start(specs, traces, wait ? settings.http().maxWait() : Duration.ZERO);
  }
}
