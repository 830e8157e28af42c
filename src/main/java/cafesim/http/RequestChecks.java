package cafesim.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractMethod;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.parameterList;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeader;
import static org.apache.pekko.http.javadsl.server.Directives.toStrictEntity;

import cafesim.http.ApiError.Failure;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What the API refuses before a route reads a request: query parameters it does not know or
 * that come twice, and compressed bodies; and how it answers OPTIONS.
 */
final class RequestChecks {

  private RequestChecks() {}

  /**
   * Only the named query parameters, each at most once: {@code ?limt=5} or
   * {@code ?wait=true&wait=false} is a mistake to point out, not to ignore.
   */
  static Route onlyParameters(Set<String> allowed, Supplier<Route> inner) {
    return parameterList(parameters -> {
      Set<String> seen = new HashSet<>();
      for (Map.Entry<String, String> parameter : parameters) {
        String name = parameter.getKey();
        if (!allowed.contains(name)) {
          throw Failure.badRequest(name, "unknown query parameter " + RunRequest.quote(name)
              + "; allowed here: " + (allowed.isEmpty() ? "none" : String.join(", ",
                  new TreeSet<>(allowed))));
        }
        if (!seen.add(name)) {
          throw Failure.badRequest(name, "query parameter '" + name + "' is given twice; give"
              + " it once");
        }
      }
      return inner.get();
    });
  }

  /** {@code ?wait=true} or {@code false}; absent is false; anything else is a 400. */
  static boolean flag(String name, java.util.Optional<String> value) {
    return value.map(v -> switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw Failure.badRequest(name, "parameter '" + name + "' is "
          + RunRequest.quote(v) + "; allowed values: true, false");
    }).orElse(false);
  }

  /** A whole number from {@code min} to {@code max}, or {@code absent}. */
  static int number(String name, java.util.Optional<String> value, int min, int max,
      int absent) {
    if (value.isEmpty()) {
      return absent;
    }
    // Digits as a number is written, so "+5" or "05" is not a second spelling of 5.
    if (value.get().matches("0|-?[1-9]\\d{0,8}")) {
      int n = Integer.parseInt(value.get());
      if (n >= min && n <= max) {
        return n;
      }
    }
    throw Failure.badRequest(name, "parameter '" + name + "' is " + RunRequest.quote(value.get())
        + "; allowed: " + min + " to " + max);
  }

  /**
   * The whole body within {@code deadline} of the headers. Pekko HTTP's request timeout starts
   * only once a body has arrived, so a client sending one byte a second would hold its
   * connection for ever; past the deadline it gets 408 and the connection is closed.
   */
  static Route bodyWithin(Duration deadline, Supplier<Route> inner) {
    return toStrictEntity(deadline, inner);
  }

  /**
   * A compressed body would pass the size limit compressed and grow past it when read: refused
   * with 415 rather than decoded.
   */
  static Route noContentEncoding(Supplier<Route> inner) {
    return optionalHeaderValueByName("Content-Encoding", encoding ->
        encoding.isEmpty() || encoding.get().strip().equalsIgnoreCase("identity") ? inner.get()
            : ErrorHandling.error(new Failure(StatusCodes.UNSUPPORTED_MEDIA_TYPE, null,
                "a body with Content-Encoding " + RunRequest.quote(encoding.get())
                    + " is not accepted; send the JSON uncompressed")));
  }

  /**
   * {@code OPTIONS} on a path the API has: 204 with {@code Allow} listing its methods (the ones
   * its routes rejected the OPTIONS request for), as HTTP says.
   */
  static Route answeringOptions(Supplier<Route> inner) {
    return extractMethod(method -> !method.equals(HttpMethods.OPTIONS) ? inner.get()
        : handleRejections(OPTIONS, inner));
  }

  private static final RejectionHandler OPTIONS = RejectionHandler.newBuilder()
      .handleAll(MethodRejection.class, rejections -> respondWithHeader(
          Allow.create(allowed(rejections)), () -> complete(StatusCodes.NO_CONTENT)))
      .build();

  /**
   * The methods a path has, from the rejections of a request with another: its routes' own,
   * HEAD wherever GET is (Pekko answers it from GET), and OPTIONS. What both OPTIONS and a 405
   * put in {@code Allow}.
   */
  static HttpMethod[] allowed(List<MethodRejection> rejections) {
    Set<String> names = new TreeSet<>();
    List<HttpMethod> allowed = new java.util.ArrayList<>();
    rejections.stream().map(MethodRejection::supported)
        .forEach(m -> {
          if (names.add(m.name())) {
            allowed.add(m);
          }
        });
    if (names.contains("GET") && names.add("HEAD")) {
      allowed.add(HttpMethods.HEAD);
    }
    allowed.add(HttpMethods.OPTIONS);
    return allowed.toArray(HttpMethod[]::new);
  }
}
