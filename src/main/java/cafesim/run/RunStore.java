package cafesim.run;

import cafesim.run.RunReport.Summary;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import cafesim.cafe.Mode;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * What runs did: the report of every run accepted, live (asked of the run) while it runs, kept
 * once it has ended; the list, newest first; cancelling a run in flight. Finished reports are
 * kept up to a count, a total size and an age (then a lookup says the run expired). Whoever
 * waits for a run's end asks here, so "ended" has one source of truth.
 */
public final class RunStore extends AbstractBehavior<RunStore.Command> {

  public sealed interface Command {}

  /** From the admission: a run has started. */
  public record Accepted(RunReport starting, ActorRef<Run.Command> run) implements Command {}

  /** From the admission: a run has ended, with its final report. */
  public record Ended(RunReport report) implements Command {}

  public record GetRun(String runId, ActorRef<RunLookup> replyTo) implements Command {}

  /** A page of runs, newest first. */
  public record ListRuns(RunQuery query, ActorRef<Page> replyTo) implements Command {}

  /**
   * At most {@code limit} runs, accepted before the run the cursor {@code before} names (the
   * {@code next} of an earlier page), of this scenario ("custom" for runs of their own
   * customers), mode and status if given.
   */
  public record RunQuery(int limit, Optional<Long> before, Optional<String> scenario,
      Optional<Mode> mode, Optional<RunReport.Status> status) {

    public static RunQuery newest(int limit) {
      return new RunQuery(limit, Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty());
    }

    boolean matches(RunReport run) {
      return scenario.map(s -> s.equals(run.scenario() == null ? "custom" : run.scenario()))
              .orElse(true)
          && mode.map(m -> m == run.mode()).orElse(true)
          && status.map(s -> s == run.status()).orElse(true);
    }
  }

  /** The runs, newest first; {@code next} is the cursor of the page after, null if none. */
  public record Page(List<Summary> runs, String next) {}

  /** Tell {@code replyTo} the final report once the run has ended (at once if it has). */
  public record NotifyWhenEnded(String runId, ActorRef<RunReport> replyTo) implements Command {}

  /** Cancels a run in flight; the reply is the final report, or why there is none. */
  public record CancelRun(String runId, ActorRef<CancelReply> replyTo) implements Command {}

  public sealed interface CancelReply extends cafesim.CborSerializable {}

  public record Cancelled(RunReport report) implements CancelReply {}

  /** The run had ended already, with this status: nothing to cancel. */
  public record AlreadyEnded(RunReport.Status status) implements CancelReply {}

  public record NoSuchRun(String reason) implements CancelReply {}

  /**
   * Streams a run's events to {@code subscriber} (after the {@code after}-th) if it is running;
   * else {@code replyTo} gets its report to replay from.
   */
  public record StreamEvents(String runId, ActorRef<Run.Streamed> subscriber, int after,
      ActorRef<StreamAnswer> replyTo) implements Command {}

  public sealed interface StreamAnswer {}

  /** The subscriber has the events so far and will get the rest as they happen. */
  public record Live() implements StreamAnswer {}

  /** The run has ended: replay its report's events. */
  public record Replay(RunReport report) implements StreamAnswer {}

  public record NotStreamed(String reason) implements StreamAnswer {}

  private record Subscribed(StreamEvents stream, boolean answered) implements Command {}

  /** A running run's answer to a lookup, or its silence (it stopped meanwhile). */
  private record RunAnswered(GetRun get, RunLookup answer) implements Command {}

  /** A running run's answer to a cancel, or its silence (it stopped meanwhile). */
  private record CancelAnswered(CancelRun cancel, CancelReply answer) implements Command {}

  /**
   * How long a running run gets to answer. A run that has just ended may stop before a
   * request forwarded to it arrives (its end reaches the store through the admission); then
   * the store answers from what it has by that time.
   */
  private static final Duration RUN_ANSWERS_WITHIN = Duration.ofMillis(500);

  public static Behavior<Command> create(Runs.Limits limits) {
    return Behaviors.setup(context -> new RunStore(context, limits));
  }

  private static final int EXPIRED_REMEMBERED = 10_000;

  private final Runs.Limits limits;
  private final Map<String, ActorRef<Run.Command>> running = new HashMap<>();
  /** Every run kept, oldest first: the latest report known (RUNNING until it ends). */
  private final LinkedHashMap<String, RunReport> runs = new LinkedHashMap<>();
  /** Ended runs in the order they ended, with when (nanos): the next to expire first. */
  private final Deque<Map.Entry<String, Long>> ended = new ArrayDeque<>();
  /** Events and messages in the ended reports kept. */
  private long keptEvents;
  /** Runs whose reports were dropped, so a late lookup can say so. */
  private final LinkedHashMap<String, Boolean> expired = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > EXPIRED_REMEMBERED;
    }
  };
  private final Map<String, List<ActorRef<RunReport>>> waiting = new HashMap<>();
  /** Each run's place in the order runs were accepted: what a page's cursor names. */
  private final Map<String, Long> acceptedAs = new HashMap<>();
  private long accepted;

  private RunStore(ActorContext<Command> context, Runs.Limits limits) {
    super(context);
    this.limits = limits;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Accepted.class, accepted -> {
          running.put(accepted.starting().runId(), accepted.run());
          acceptedAs.put(accepted.starting().runId(), ++this.accepted);
          runs.put(accepted.starting().runId(), accepted.starting());
          return this;
        })
        .onMessage(Ended.class, this::onEnded)
        .onMessage(GetRun.class, this::onGet)
        .onMessage(ListRuns.class, this::onList)
        .onMessage(NotifyWhenEnded.class, this::onNotify)
        .onMessage(CancelRun.class, this::onCancel)
        .onMessage(StreamEvents.class, this::onStream)
        .onMessage(Subscribed.class, subscribed -> {
          StreamEvents stream = subscribed.stream();
          RunReport kept = runs.get(stream.runId());
          stream.replyTo().tell(subscribed.answered() ? new Live()
              : kept != null ? new Replay(kept) : new NotStreamed(missing(stream.runId())));
          return this;
        })
        .onMessage(RunAnswered.class, answered -> {
          RunReport kept = runs.get(answered.get().runId());
          answered.get().replyTo().tell(answered.answer() != null ? answered.answer()
              : kept != null ? new RunLookup.Found(kept)
              : new RunLookup.Missing(missing(answered.get().runId())));
          return this;
        })
        .onMessage(CancelAnswered.class, answered -> {
          CancelRun cancel = answered.cancel();
          RunReport kept = runs.get(cancel.runId());
          cancel.replyTo().tell(answered.answer() != null ? answered.answer()
              : kept != null ? new AlreadyEnded(kept.status())
              : new NoSuchRun(missing(cancel.runId())));
          return this;
        })
        .build();
  }

  private Behavior<Command> onEnded(Ended end) {
    RunReport report = end.report();
    running.remove(report.runId());
    runs.put(report.runId(), report);
    keptEvents += report.size();
    ended.add(Map.entry(report.runId(), System.nanoTime()));
    waiting.getOrDefault(report.runId(), List.of()).forEach(w -> w.tell(report));
    waiting.remove(report.runId());
    expireOld();
    return this;
  }

  private Behavior<Command> onGet(GetRun get) {
    expireOld();
    ActorRef<Run.Command> run = running.get(get.runId());
    RunReport kept = runs.get(get.runId());
    if (run != null) {
      getContext().ask(RunLookup.class, run, RUN_ANSWERS_WITHIN, Run.GetReport::new,
          (answer, silence) -> new RunAnswered(get, answer));
    } else if (kept != null) {
      get.replyTo().tell(new RunLookup.Found(kept));
    } else {
      get.replyTo().tell(new RunLookup.Missing(missing(get.runId())));
    }
    return this;
  }

  private Behavior<Command> onList(ListRuns list) {
    expireOld();
    RunQuery query = list.query();
    long before = query.before().orElse(Long.MAX_VALUE);
    // Walking the kept runs backwards (newest first); only a page's worth is summarised.
    List<RunReport> oldestFirst = new ArrayList<>(runs.values());
    List<Summary> page = new ArrayList<>();
    String next = null;
    for (int i = oldestFirst.size() - 1; i >= 0; i--) {
      RunReport run = oldestFirst.get(i);
      if (acceptedAs.get(run.runId()) >= before || !query.matches(run)) {
        continue;
      }
      if (page.size() == query.limit()) {
        next = Long.toString(acceptedAs.get(page.get(page.size() - 1).runId()));
        break;
      }
      page.add(run.summary());
    }
    list.replyTo().tell(new Page(page, next));
    return this;
  }

  private Behavior<Command> onNotify(NotifyWhenEnded notify) {
    RunReport kept = runs.get(notify.runId());
    if (running.containsKey(notify.runId())) {
      waiting.computeIfAbsent(notify.runId(), id -> new ArrayList<>()).add(notify.replyTo());
    } else if (kept != null) {
      notify.replyTo().tell(kept);
    }
    // A run expired already: the waiter's own deadline answers for it.
    return this;
  }

  private Behavior<Command> onStream(StreamEvents stream) {
    ActorRef<Run.Command> run = running.get(stream.runId());
    RunReport kept = runs.get(stream.runId());
    if (run != null) {
      getContext().ask(Run.Subscribed.class, run, RUN_ANSWERS_WITHIN,
          subscribed -> new Run.Subscribe(stream.subscriber(), stream.after(), subscribed),
          (ack, silence) -> new Subscribed(stream, ack != null));
    } else if (kept != null) {
      stream.replyTo().tell(new Replay(kept));
    } else {
      stream.replyTo().tell(new NotStreamed(missing(stream.runId())));
    }
    return this;
  }

  private Behavior<Command> onCancel(CancelRun cancel) {
    ActorRef<Run.Command> run = running.get(cancel.runId());
    RunReport kept = runs.get(cancel.runId());
    if (run != null) {
      getContext().ask(CancelReply.class, run, RUN_ANSWERS_WITHIN, Run.Cancel::new,
          (answer, silence) -> new CancelAnswered(cancel, answer));
    } else if (kept != null) {
      cancel.replyTo().tell(new AlreadyEnded(kept.status()));
    } else {
      cancel.replyTo().tell(new NoSuchRun(missing(cancel.runId())));
    }
    return this;
  }

  private String missing(String runId) {
    return expired.containsKey(runId)
        ? "run '" + runId + "' has expired: finished runs are kept for "
            + limits.keepFor().toMinutes() + " min, at most " + limits.keep() + " of them"
        : "run '" + runId + "' does not exist; GET /runs lists the runs kept";
  }

  /**
   * Drops ended reports beyond the count, the total size or the age, oldest ended first.
   */
  private void expireOld() {
    long oldestKept = System.nanoTime() - limits.keepFor().toNanos();
    while (!ended.isEmpty() && (ended.size() > limits.keep()
        || keptEvents > limits.keepEvents() || ended.peek().getValue() < oldestKept)) {
      String runId = ended.poll().getKey();
      keptEvents -= runs.remove(runId).size();
      acceptedAs.remove(runId);
      expired.put(runId, Boolean.TRUE);
    }
  }
}
