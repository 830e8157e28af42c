package cafesim.http;

import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * Every error the API answers, as JSON: {@code {"error":"bad_request","message":"...",
 * "field":"customers[0].name"}}. The message names the field and what is allowed; never a class
 * name or a stack trace. {@code field} is the JSON path (or the query parameter) at fault when
 * one is, so a page can show the message beside it; null otherwise.
 */
public record ApiError(String error, String message, String field) {

  public static ApiError of(StatusCode status, String message) {
    return new ApiError(code(status), message, null);
  }

  public static ApiError of(StatusCode status, String field, String message) {
    return new ApiError(code(status), message, field);
  }

  /** "Method Not Allowed" becomes "method_not_allowed". */
  static String code(StatusCode status) {
    return status.reason().toLowerCase().replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
  }

  /** Thrown while handling a request; the exception handler answers it as JSON. */
  public static final class Failure extends RuntimeException {
    private final StatusCode status;
    private final String field;

    /** Longest {@code field} shown: a JSON path of the API is far shorter; an unknown key need not be. */
    static final int MAX_FIELD = 96;

    public Failure(StatusCode status, String field, String message) {
      super(message, null, false, false);
      this.status = status;
      this.field = field == null ? null : RunRequest.shown(field, MAX_FIELD);
    }

    public static Failure badRequest(String message) {
      return new Failure(StatusCodes.BAD_REQUEST, null, message);
    }

    /** A 400 about one field (its JSON path, or a query parameter's name). */
    public static Failure badRequest(String field, String message) {
      return new Failure(StatusCodes.BAD_REQUEST, field, message);
    }

    public static Failure notFound(String field, String message) {
      return new Failure(StatusCodes.NOT_FOUND, field, message);
    }

    public StatusCode status() {
      return status;
    }

    public String field() {
      return field;
    }

    public ApiError toError() {
      return ApiError.of(status, field, getMessage());
    }
  }
}
