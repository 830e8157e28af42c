package cafesim.http;

import cafesim.run.RunReport;
import cafesim.run.RunWatcher;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * A run's events as Server-Sent Events ({@code GET /runs/{id}/events}): each event one message
 * with no event name (a browser's {@code onmessage} gets it), its JSON as data and
 * {@code <attempt>-<seq>} as id; then {@code event: report} with the final report, and the end.
 * A comment line every {@link #KEEP_ALIVE}; a client more than {@link RunWatcher#BUFFER}
 * updates behind gets {@code event: overflow} and is closed, so no client slows a run.
 */
final class RunEventStream {

  private RunEventStream() {}

  static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
  private static final ByteString KEEP_ALIVE_LINE = ByteString.fromString(": keep-alive\n\n");

  /**
   * Where a client left off: the {@code seq}-th event of the run's {@code attempt}-th play (an
   * event's id is {@code <attempt>-<seq>}). No id, or one that is not ours: the start of the
   * first play.
   */
  record LastEvent(int attempt, int seq) {
    static final LastEvent NONE = new LastEvent(1, 0);

    static LastEvent of(Optional<String> lastEventId) {
      String[] parts = lastEventId.orElse("").strip().split("-", 2);
      try {
        return parts.length == 2
            ? new LastEvent(Integer.parseInt(parts[0]), Math.max(0, Integer.parseInt(parts[1])))
            : NONE;
      } catch (NumberFormatException notOurs) {
        return NONE;
      }
    }
  }

  /** A watched run's updates as Server-Sent Events, with a comment line while nothing comes. */
  static Source<ByteString, NotUsed> lines(Source<RunWatcher.Update, NotUsed> updates) {
    return updates.map(RunEventStream::line).keepAlive(KEEP_ALIVE, () -> KEEP_ALIVE_LINE);
  }

  private static ByteString line(RunWatcher.Update update) {
    if (update instanceof RunWatcher.Event event) {
      return event(event.attempt(), event.seq(), event.event());
    }
    if (update instanceof RunWatcher.Restarted restarted) {
      return restarted(restarted.attempt());
    }
    if (update instanceof RunWatcher.Report report) {
      return report(report.report());
    }
    return overflow(((RunWatcher.Overflow) update).buffer());
  }

  private static ByteString event(int attempt, int seq, Object event) {
    return encode(ServerSentEvent.create(json(event), Optional.empty(),
        Optional.of(attempt + "-" + seq), OptionalInt.empty()));
  }

  private static ByteString report(RunReport report) {
    return encode(ServerSentEvent.create(json(report), "report"));
  }

  private static ByteString overflow(int buffer) {
    return encode(ServerSentEvent.create(json(Map.of("message", "this client fell more than "
        + buffer + " events behind the run; reconnect with Last-Event-ID to go on")), "overflow"));
  }

  /** The run started over (it was resumed): what follows is its {@code attempt}-th play. */
  private static ByteString restarted(int attempt) {
    return encode(ServerSentEvent.create(json(Map.of("attempt", attempt)), "restarted"));
  }

  private static ByteString encode(ServerSentEvent event) {
    return ((org.apache.pekko.http.scaladsl.model.sse.ServerSentEvent) event).encode();
  }

  private static String json(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
