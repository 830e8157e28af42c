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
   * Runs are not resumed yet, so every run is on its first attempt. The id carries it so a
   * client's Last-Event-ID stays meaningful once a resumed run starts over.
   */
  static final int ATTEMPT = 1;

  /** Where a client resumes: after this many events; -1 if its id is of another attempt. */
  static int after(Optional<String> lastEventId) {
    if (lastEventId.isEmpty()) {
      return 0;
    }
    String[] parts = lastEventId.get().strip().split("-", 2);
    try {
      return parts.length == 2 && Integer.parseInt(parts[0]) == ATTEMPT
          ? Math.max(0, Integer.parseInt(parts[1])) : -1;
    } catch (NumberFormatException notOurs) {
      return -1;
    }
  }

  /** A finished run: its events after {@code after}, then its report. */
  static Source<ByteString, NotUsed> replay(RunReport report, int after) {
    List<ByteString> lines = new ArrayList<>();
    if (after < 0) {
      lines.add(restarted());
    }
    for (int i = Math.max(0, after); i < report.events().size(); i++) {
      lines.add(event(i + 1, report.events().get(i)));
    }
    lines.add(report(report));
    return Source.from(lines);
  }

  /** A running run: what its subscriber gets, as it comes, until the report. */
  static Source<ByteString, NotUsed> live(Source<Run.Streamed, NotUsed> streamed, int after) {
    Source<ByteString, NotUsed> lines = streamed
        .takeWhile(item -> !(item instanceof Run.Ended), true)
        .map(item -> item instanceof Run.Released released
            ? event(released.seq(), released.event())
            : report(((Run.Ended) item).report()))
        .recover(BufferOverflowException.class, RunEventStream::overflow);
    return (after < 0 ? Source.single(restarted()).concat(lines) : lines)
        .keepAlive(KEEP_ALIVE, () -> KEEP_ALIVE_LINE);
  }

  private static ByteString event(int seq, Object event) {
    return encode(ServerSentEvent.create(json(event), Optional.empty(),
        Optional.of(ATTEMPT + "-" + seq), OptionalInt.empty()));
  }

  private static ByteString report(RunReport report) {
    return encode(ServerSentEvent.create(json(report), "report"));
  }

  private static ByteString overflow() {
    return encode(ServerSentEvent.create(json(Map.of("message", "this client fell more than "
        + BUFFER + " events behind the run; reconnect with Last-Event-ID to go on")), "overflow"));
  }

  private static ByteString restarted() {
    return encode(ServerSentEvent.create(json(Map.of("attempt", ATTEMPT)), "restarted"));
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
