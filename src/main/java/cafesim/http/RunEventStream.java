package cafesim.http;

import cafesim.run.Run;
import cafesim.run.RunReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.stream.BufferOverflowException;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * A run's events as Server-Sent Events ({@code GET /runs/{id}/events}): each event one message
 * with no event name (a browser's {@code onmessage} gets it), its JSON as data and
 * {@code <attempt>-<seq>} as id; then {@code event: report} with the final report, and the end.
 * A comment line every {@link #KEEP_ALIVE}; a subscriber more than {@link #BUFFER} events
 * behind gets {@code event: overflow} and is closed, so no subscriber slows a run.
 */
final class RunEventStream {

  private RunEventStream() {}

  static final int BUFFER = 1024;
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

    /** The events to skip of the {@code attempt}-th play: none if the client saw another. */
    int after(int attempt) {
      return this.attempt == attempt ? seq : 0;
    }
  }

  /** A finished run: its events after where the client left off, then its report. */
  static Source<ByteString, NotUsed> replay(RunReport report, LastEvent last) {
    List<ByteString> lines = new ArrayList<>();
    if (last.attempt() != report.attempts()) {
      lines.add(restarted(report.attempts()));
    }
    for (int i = last.after(report.attempts()); i < report.events().size(); i++) {
      lines.add(event(report.attempts(), i + 1, report.events().get(i)));
    }
    lines.add(report(report));
    return Source.from(lines);
  }

  /**
   * A running run's {@code attempt}-th play: what its subscriber gets, as it comes, until the
   * report. A client that saw another play hears first that the run started over.
   */
  static Source<ByteString, NotUsed> live(Source<Run.Streamed, NotUsed> streamed, int attempt,
      LastEvent last) {
    Source<ByteString, NotUsed> lines = streamed
        .takeWhile(item -> !(item instanceof Run.Ended), true)
        .map(item -> item instanceof Run.Released released
            ? event(attempt, released.seq(), released.event())
            : report(((Run.Ended) item).report()))
        .recover(BufferOverflowException.class, RunEventStream::overflow);
    return (last.attempt() != attempt ? Source.single(restarted(attempt)).concat(lines) : lines)
        .keepAlive(KEEP_ALIVE, () -> KEEP_ALIVE_LINE);
  }

  private static ByteString event(int attempt, int seq, Object event) {
    return encode(ServerSentEvent.create(json(event), Optional.empty(),
        Optional.of(attempt + "-" + seq), OptionalInt.empty()));
  }

  private static ByteString report(RunReport report) {
    return encode(ServerSentEvent.create(json(report), "report"));
  }

  private static ByteString overflow() {
    return encode(ServerSentEvent.create(json(Map.of("message", "this client fell more than "
        + BUFFER + " events behind the run; reconnect with Last-Event-ID to go on")), "overflow"));
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
