package cafesim.run;

import cafesim.cafe.CafeEvent;
import cafesim.cafe.CafeEvent.Type;
import cafesim.cafe.Happening;
import cafesim.cafe.Message;
import cafesim.cafe.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import net.logstash.logback.marker.LogstashMarker;
import net.logstash.logback.marker.Markers;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * What happened in one run, as its {@link Run} records it: kept for the report (up to a bound,
 * the rest counted), let out to the log and to the run's topic in simulated-time order
 * ({@link LiveOrder}), one line each. Not an actor: the run's own state, on the run's thread.
 */
final class RunJournal {

  /** A happening on its way to the log (and, if an event, to the topic). */
  private record Line(Happening happening, LogstashMarker extra) {}

  /**
   * Within an instant, events in the report's order (cause before effect), so live and
   * replayed streams number them alike; the messages of that instant after them.
   */
  private static final Comparator<Line> SAME_INSTANT = (a, b) -> {
    if (a.happening() instanceof CafeEvent x && b.happening() instanceof CafeEvent y) {
      return CafeEvent.TIMELINE.compare(x, y);
    }
    return Boolean.compare(a.happening() instanceof Message, b.happening() instanceof Message);
  };

  private final int maxKept;
  private final boolean keepMessages;
  private final String runId;
  private final String traceId;
  private final Logger log;
  private final Consumer<Duration> wakeUpIn;
  private final LiveOrder<Line> liveOrder;
  private final List<CafeEvent> events = new ArrayList<>();
  private final List<Message> messages = new ArrayList<>();
  private final int attempt;
  /** The events as they were let out (simulated-time order), for watchers catching up. */
  private final List<CafeEvent> released = new ArrayList<>();
  /** Where the events go live once someone watches; null until then. */
  private ActorRef<Topic.Command<Run.Streamed>> topic;
  private boolean wakeUpSet;
  private boolean ended;
  /** Events and messages counted but not kept: beyond {@code maxKept}. */
  private long leftOut;
  /** The latest instant anything happened at, kept or not. */
  private double latestInstant;

  /**
   * @param attempt which play of the run this is
   * @param keepMessages whether messages between the run's actors are kept and logged too
   * @param wakeUpIn asks the run to call {@link #wakeUp()} after this long
   */
  RunJournal(String runId, String traceId, int attempt, Timeline timeline, int maxKept,
      boolean keepMessages, Logger log, Consumer<Duration> wakeUpIn) {
    this.runId = runId;
    this.traceId = traceId;
    this.attempt = attempt;
    this.maxKept = maxKept;
    this.keepMessages = keepMessages;
    this.log = log;
    this.wakeUpIn = wakeUpIn;
    this.liveOrder = new LiveOrder<>(timeline, line -> line.happening().atSeconds(),
        SAME_INSTANT);
  }

  /** What the run's actors report: counted always, kept and logged up to the bound. */
  void happened(Happening happening) {
    latestInstant = Math.max(latestInstant, happening.atSeconds());
    if (kept() >= maxKept) {
      leftOut++;
    } else if (happening instanceof CafeEvent event) {
      record(event, Markers.empty());
    } else if (happening instanceof Message message && keepMessages) {
      messages.add(message);
      publish(new Line(message, Markers.empty()));
    }
  }

  /** One of the run's own events (its start, its end), with what its line carries. */
  void record(CafeEvent event, LogstashMarker extra) {
    events.add(event);
    publish(new Line(event, extra));
  }

  /** The wake-up the journal asked for: lets out what is due. */
  void wakeUp() {
    wakeUpSet = false;
    liveOrder.due().forEach(this::emit);
    setWakeUp();
  }

  /**
   * The events let out after the {@code after}-th, at most {@code max}; with {@code ended}
   * (the final report, or null) if that is all.
   */
  Run.Backlog backlog(int after, int max, RunReport ended) {
    int from = Math.min(Math.max(0, after), released.size());
    int to = (int) Math.min(released.size(), (long) from + max);
    List<Run.Released> events = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      events.add(new Run.Released(attempt, i + 1, released.get(i)));
    }
    boolean more = to < released.size();
    return new Run.Backlog(true, attempt, events, more, more ? null : ended);
  }

  /** Publishes every event let out from now on, and the end, on {@code topic}. */
  void publishTo(ActorRef<Topic.Command<Run.Streamed>> topic) {
    this.topic = topic;
  }

  /** The run has ended: its watchers hear; anything later goes out at once. */
  void ended(RunReport report) {
    ended = true;
    if (topic != null) {
      topic.tell(Topic.publish(new Run.Ended(attempt, released.size(), report)));
    }
  }

  double latestInstant() {
    return latestInstant;
  }

  RunReport.Detail detail() {
    return new RunReport.Detail(kept(), leftOut);
  }

  long leftOut() {
    return leftOut;
  }

  /** The events kept, in the report's order. */
  List<CafeEvent> events() {
    List<CafeEvent> timelineOrder = new ArrayList<>(events);
    timelineOrder.sort(CafeEvent.TIMELINE);
    return timelineOrder;
  }

  List<Message> messages() {
    return List.copyOf(messages);
  }

  private int kept() {
    return events.size() + messages.size();
  }

  /**
   * To the log and the topic in simulated-time order: held back while the run goes; its
   * first and last events (and anything after its end) go out at once, after all that was held.
   */
  private void publish(Line line) {
    boolean startsOrEnds = line.happening() instanceof CafeEvent event
        && (event.type() == Type.RUN_STARTED || event.type().endsRun());
    if (startsOrEnds || ended) {
      liveOrder.all().forEach(this::emit);
      emit(line);
    } else {
      liveOrder.hold(line);
      setWakeUp();
    }
  }

  private void setWakeUp() {
    if (!wakeUpSet) {
      liveOrder.nextRelease().ifPresent(in -> {
        wakeUpSet = true;
        wakeUpIn.accept(in);
      });
    }
  }

  private void emit(Line line) {
    // The line and its fields are built only if someone reads them.
    if (line.happening() instanceof CafeEvent event) {
      if (log.isInfoEnabled()) {
        withIds(() -> log.info(Markers.append("kind", "event").and(Markers.appendFields(event))
            .and(line.extra()), event.line()));
      }
      released.add(event);
      if (topic != null) {
        topic.tell(Topic.publish(new Run.Released(attempt, released.size(), event)));
      }
    } else if (log.isInfoEnabled()) {
      Message message = (Message) line.happening();
      withIds(() -> log.info(Markers.append("kind", "message")
          .and(Markers.appendFields(message)), message.line()));
    }
  }

  /**
   * Logs with the run and trace ids in the MDC (every line of a run carries them). Set around
   * each line, not per message as {@code Behaviors.withMdc} would: a long run's messages are
   * mostly counted, not logged, and setting the MDC cost a quarter of a virtual run's time.
   */
  void withIds(Runnable logging) {
    withIds(runId, traceId, logging);
  }

  /**
   * The same for a line about a run logged elsewhere; a null trace id is left out. Pekko puts
   * an actor's source in the MDC while an actor that has used its log handles a message: a
   * run's line goes out without it, so that every line of a kind has the same fields.
   */
  static void withIds(String runId, String traceId, Runnable logging) {
    String[] pekko = new String[PEKKO_MDC.length];
    for (int i = 0; i < PEKKO_MDC.length; i++) {
      pekko[i] = MDC.get(PEKKO_MDC[i]);
      if (pekko[i] != null) {
        MDC.remove(PEKKO_MDC[i]);
      }
    }
    MDC.put("runId", runId);
    if (traceId != null) {
      MDC.put("traceId", traceId);
    }
    try {
      logging.run();
    } finally {
      MDC.remove("runId");
      MDC.remove("traceId");
      for (int i = 0; i < PEKKO_MDC.length; i++) {
        if (pekko[i] != null) {
          MDC.put(PEKKO_MDC[i], pekko[i]);
        }
      }
    }
  }

  /** What Pekko's typed actor log puts in the MDC. */
  private static final String[] PEKKO_MDC = {"pekkoSource", "sourceActorSystem", "pekkoAddress"};
}
