package cafesim.http;

import java.nio.charset.StandardCharsets;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests the HTTP parser refuses before any route sees them (a URI over 2 KiB, a body over
 * the size limit, headers too large) get the API's JSON error as well, not Pekko's text.
 * Chosen by {@code pekko.http.server.parsing.error-handler}.
 */
public final class ParsingErrors extends ParsingErrorHandler {

  /** Under cafesim's name, not the actor system's, as every line of the service. */
  private static final Logger LOG = LoggerFactory.getLogger(ParsingErrors.class);

  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo error, LoggingAdapter log,
      ServerSettings settings) {
    LOG.warn("refused a request the parser could not take: {} {}", status.intValue(),
        error.summary());
    try {
      byte[] body = Json.MAPPER.writeValueAsBytes(ApiError.of(status, error.summary()));
      return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return HttpResponse.create().withStatus(status)
          .withEntity(ContentTypes.APPLICATION_JSON,
              "{\"error\":\"bad_request\",\"message\":\"refused\"}".getBytes(StandardCharsets.UTF_8));
    }
  }
}
