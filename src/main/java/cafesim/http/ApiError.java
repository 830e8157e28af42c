package cafesim.http;

import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * Every error the API answers, as JSON: {@code {"error":"bad_request","message":"..."}}.
 * The message names the field and what is allowed; never a class name or a stack trace.
 */
public record ApiError(String error, String message) {

  public static ApiError of(StatusCode status, String message) {
    return new ApiError(code(status), message);
  }

  /** "Method Not Allowed" becomes "method_not_allowed". */
  static String code(StatusCode status) {
    return status.reason().toLowerCase().replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
  }

  /** Thrown while handling a request; the exception handler answers it as JSON. */
  public static final class Failure extends RuntimeException {
    private final StatusCode status;

    public Failure(StatusCode status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    public static Failure badRequest(String message) {
      return new Failure(StatusCodes.BAD_REQUEST, message);
    }

    public static Failure notFound(String message) {
      return new Failure(StatusCodes.NOT_FOUND, message);
    }

    public StatusCode status() {
      return status;
    }
  }
}
