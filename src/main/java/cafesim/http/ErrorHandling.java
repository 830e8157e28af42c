package cafesim.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeader;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.IllegalRequestException;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pekko HTTP answers rejections and failures in text/plain by default; the API answers every
 * one of them as an {@link ApiError} in JSON, and never shows an exception to the client.
 */
final class ErrorHandling {

  private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);

  private ErrorHandling() {}

  static Route error(StatusCode status, String message) {
    return complete(status, ApiError.of(status, message), Json.marshaller());
  }

  static Route error(ApiError.Failure failure) {
    return complete(failure.status(), failure.toError(), Json.marshaller());
  }

  /**
   * A 405 for a path that exists with other methods, in Pekko's words, listing in {@code Allow}
   * and the message what an OPTIONS on it lists (Pekko's own leaves out HEAD and OPTIONS).
   */
  private static Route methodNotAllowed(List<MethodRejection> rejections) {
    HttpMethod[] allowed = RequestChecks.allowed(rejections);
    return respondWithHeader(Allow.create(allowed), () -> error(StatusCodes.METHOD_NOT_ALLOWED,
        "HTTP method not allowed, supported methods: " + Arrays.stream(allowed)
            .map(HttpMethod::name).collect(Collectors.joining(", "))));
  }

  static final RejectionHandler REJECTIONS = RejectionHandler.newBuilder()
      .handle(MalformedRequestContentRejection.class, r -> r.getCause() instanceof EntityStreamSizeException
          ? tooLarge((EntityStreamSizeException) r.getCause())
          : badBody(r.getCause()))
      .handleAll(MethodRejection.class, ErrorHandling::methodNotAllowed)
      .handleNotFound(error(StatusCodes.NOT_FOUND,
          "no such resource; the API has /health, /menu, /scenarios, /runs, /comparison.svg"))
      .build()
      // Everything else keeps Pekko's status and wording (415 names the expected content
      // type), rewritten as JSON.
      .withFallback(RejectionHandler.defaultHandler().mapRejectionResponse(ErrorHandling::asJson));

  static final ExceptionHandler EXCEPTIONS = ExceptionHandler.newBuilder()
      .match(ApiError.Failure.class, ErrorHandling::error)
      .match(EntityStreamSizeException.class, ErrorHandling::tooLarge)
      .match(CompletionException.class, e -> e.getCause() instanceof ApiError.Failure f
          ? error(f) : e.getCause() instanceof TimeoutException ? busy()
          : unexpected(e.getCause()))
      .match(TimeoutException.class, e -> busy())
      .match(IllegalRequestException.class, ErrorHandling::illegal)
      .matchAny(ErrorHandling::unexpected)
      .build();

  private static Route busy() {
    return error(StatusCodes.SERVICE_UNAVAILABLE, "the cafe did not answer in time; try again");
  }

  /**
   * What Pekko HTTP refuses while reading a request, with its own status: a body that did not
   * arrive within the deadline is 408.
   */
  private static Route illegal(IllegalRequestException e) {
    return e.status().intValue() == StatusCodes.REQUEST_TIMEOUT.intValue()
        ? error(StatusCodes.REQUEST_TIMEOUT, "the request body did not arrive in time"
            + " (cafesim.http.first-request-deadline); send it at once")
        : error(e.status(), e.info().summary());
  }

  /** A body that could not be read: our own failure if we threw one, else Jackson's, explained. */
  private static Route badBody(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ApiError.Failure failure) {
        return error(failure);
      }
    }
    Json.Problem problem = Json.describe(cause);
    return complete(StatusCodes.BAD_REQUEST,
        ApiError.of(StatusCodes.BAD_REQUEST, problem.field(), problem.message()), Json.marshaller());
  }

  /**
   * Pekko HTTP's answer when a request outlives its request timeout: JSON like every other error
   * (the routes that wait set their own timeout above their wait, so this is a last resort).
   */
  static HttpResponse timedOut(org.apache.pekko.http.javadsl.model.HttpRequest request) {
    try {
      return HttpResponse.create().withStatus(StatusCodes.SERVICE_UNAVAILABLE)
          .withEntity(ContentTypes.APPLICATION_JSON, Json.MAPPER.writeValueAsBytes(
              ApiError.of(StatusCodes.SERVICE_UNAVAILABLE,
                  "the request took longer than the server's request timeout; try again")));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Route tooLarge(EntityStreamSizeException e) {
    return error(StatusCodes.PAYLOAD_TOO_LARGE, "the request body is larger than the limit of "
        + e.limit() + " bytes (cafesim.http.max-body-size)");
  }

  private static Route unexpected(Throwable e) {
    if (e instanceof EntityStreamSizeException tooLarge) {
      return tooLarge(tooLarge);
    }
    if (e instanceof TimeoutException) {
      return error(StatusCodes.SERVICE_UNAVAILABLE, "the cafe did not answer in time; try again");
    }
    log.error("request failed", e);
    return error(StatusCodes.INTERNAL_SERVER_ERROR, "something went wrong inside cafesim");
  }

  private static HttpResponse asJson(HttpResponse response) {
    if (!(response.entity() instanceof HttpEntity.Strict strict)
        || strict.getContentType().equals(ContentTypes.APPLICATION_JSON)) {
      return response;
    }
    String text = strict.getData().utf8String().strip().replaceAll("\\s*\\n\\s*", " ");
    try {
      return response.withEntity(ContentTypes.APPLICATION_JSON,
          Json.MAPPER.writeValueAsBytes(ApiError.of(response.status(), text)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
