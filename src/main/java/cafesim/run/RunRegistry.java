package cafesim.run;

import cafesim.cafe.CafeEvent;
import cafesim.run.RunReport.Status;
import cafesim.run.RunReport.Summary;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Starts runs, each as a {@link Run} child with a cafe of its own, and keeps their reports for
 * the HTTP API and the command line.
 *
 * <p>It keeps the service within bounds: runs and drinks in flight are limited (beyond, a start
 * is refused with a hint when to try again, and what was accepted still completes); finished
 * reports are kept up to a count, a total size and an age. When the service stops it drains: no new runs,
 * the runs in flight get until a deadline to finish, then end FAILED with reason "shutdown".
 */
public final class RunRegistry extends AbstractBehavior<RunRegistry.Command> {

  public sealed interface Command {}

  /**
   * Starts runs, all or none (a comparison must not start one side and refuse the other).
   * {@code replyTo} gets their reports as they stand right after the start ({@code waitFor} zero),
   * or the final ones once all have finished, or, if that takes longer than {@code waitFor}, the
   * reports as they stand then (RUNNING: the caller answers 202 and nothing is lost); or a
   * refusal. {@code watcher} sees each event.
   */
  public record StartRun(List<RunSpec> specs, List<TraceContext> traces, Duration waitFor,
      Optional<ActorRef<CafeEvent>> watcher, ActorRef<StartReply> replyTo) implements Command {

    /** One run. */
    public StartRun(RunSpec spec, TraceContext trace, Duration waitFor,
        Optional<ActorRef<CafeEvent>> watcher, ActorRef<StartReply> replyTo) {
      this(List.of(spec), List.of(trace), waitFor, watcher, replyTo);
    }
  }

  public sealed interface StartReply {
    /** The (first) report, for callers that cannot do anything with a refusal but fail. */
    RunReport orThrow();
  }

  /** The reports, in the order of the specs. */
  public record Started(List<RunReport> reports) implements StartReply {
    @Override
    public RunReport orThrow() {
      return reports.get(0);
    }
  }

  /** Not started: too much in flight (try again after {@code retryAfter}), or draining. */
  public record Refused(boolean draining, String reason, Duration retryAfter)
      implements StartReply {
    @Override
    public RunReport orThrow() {
      throw new IllegalStateException(reason);
    }
  }

  public record GetRun(String runId, ActorRef<RunLookup> replyTo) implements Command {}

  /** Cancels a run in flight; the reply is the final report, or why there is none. */
  public record CancelRun(String runId, ActorRef<CancelReply> replyTo) implements Command {}

  public sealed interface CancelReply {}

  public record Cancelled(RunReport report) implements CancelReply {}

  /** The run had ended already, with this status: nothing to cancel. */
  public record AlreadyEnded(Status status) implements CancelReply {}

  public record NoSuchRun(String reason) implements CancelReply {}

  /** The newest runs first, at most {@code limit}. */
  public record ListRuns(int limit, ActorRef<List<Summary>> replyTo) implements Command {}

  public record GetHealth(ActorRef<Health> replyTo) implements Command {}

  public record Health(boolean draining, int runsInFlight, int drinksInFlight) {}

  /** Stop taking runs; let the ones in flight finish until {@code deadline}, then end them. */
  public record Drain(Duration deadline, ActorRef<Drained> replyTo) implements Command {}

  /** Every run the service took: how it ended. */
  public record Drained(int completed, int failed, int cancelled, int endedByShutdown) {}

  private record RunFinished(RunReport report) implements Command {}

  /** A waiting caller's deadline: it gets the reports as they stand. */
  private record WaitOver(Batch batch) implements Command {}

  private record RunStopped(String runId) implements Command {}

  private enum DrainDeadline implements Command { INSTANCE }

  /**
   * @param keep finished reports kept at most
   * @param keepFor how long a finished report is kept
   * @param keepEvents events and messages of all finished reports kept, at most: the store's
   *     size, whatever the runs were like
   * @param maxRuns runs in flight at most
   * @param maxDrinks drinks (of all runs in flight) at most
   * @param retryAfter what a refused client is told to wait
   * @param run what each run may take
   */
  public record Limits(int keep, Duration keepFor, int keepEvents, int maxRuns, int maxDrinks,
      Duration retryAfter, Run.Bounds run) {}

  public static Behavior<Command> create(Limits limits, LongSupplier clock) {
    return create(limits, clock, Run.EVENT_LOGGER);
  }

  /** A registry whose runs log their events to {@code eventLogger}. */
  public static Behavior<Command> create(Limits limits, LongSupplier clock, String eventLogger) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new RunRegistry(context, timers, limits, clock, eventLogger)));
  }

  private static final int EXPIRED_REMEMBERED = 10_000;

  private final TimerScheduler<Command> timers;
  private final Limits limits;
  private final LongSupplier clock;
  private final String eventLogger;
  private final ActorRef<RunReport> finishedAdapter;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, ActorRef<Run.Command>> running = new HashMap<>();
  private final Map<String, Integer> drinksOf = new HashMap<>();
  private int drinksInFlight;
  /** Every run kept, oldest first: the latest report known (RUNNING until it finishes). */
  private final LinkedHashMap<String, RunReport> runs = new LinkedHashMap<>();
  /** Finished runs in the order they finished, with when (clock nanos): the next to expire first. */
  private final Deque<Map.Entry<String, Long>> finished = new ArrayDeque<>();
  /** Events and messages in the finished reports kept. */
  private long keptEvents;
  /** Runs whose reports were dropped, so a late lookup can say so. */
  private final LinkedHashMap<String, Boolean> expired = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > EXPIRED_REMEMBERED;
    }
  };
  /** Runs started together, whose caller waits for all of them to finish, or its deadline. */
  private static final class Batch {
    final List<String> runIds;
    final Map<String, RunReport> finished = new HashMap<>();
    final ActorRef<StartReply> replyTo;

    Batch(List<String> runIds, ActorRef<StartReply> replyTo) {
      this.runIds = runIds;
      this.replyTo = replyTo;
    }
  }

  private final Map<String, Batch> waiting = new HashMap<>();
  private int completed;
  private int failed;
  private int cancelled;
  private int endedByShutdown;
  private ActorRef<Drained> drainedReplyTo;

  private RunRegistry(ActorContext<Command> context, TimerScheduler<Command> timers,
      Limits limits, LongSupplier clock, String eventLogger) {
    super(context);
    this.timers = timers;
    this.limits = limits;
    this.clock = clock;
    this.eventLogger = eventLogger;
    this.finishedAdapter = context.messageAdapter(RunReport.class, RunFinished::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StartRun.class, this::onStart)
        .onMessage(GetRun.class, this::onGet)
        .onMessage(ListRuns.class, this::onList)
        .onMessage(GetHealth.class, health -> {
          health.replyTo().tell(new Health(draining(), running.size(), drinksInFlight));
          return this;
        })
        .onMessage(CancelRun.class, this::onCancel)
        .onMessage(RunFinished.class, done -> {
          finish(done.report());
          return this;
        })
        .onMessage(WaitOver.class, over -> {
          Batch batch = over.batch();
          batch.runIds.forEach(waiting::remove);
          batch.replyTo.tell(new Started(batch.runIds.stream()
              .map(id -> batch.finished.getOrDefault(id, runs.get(id))).toList()));
          return this;
        })
        .onMessage(RunStopped.class, this::onStopped)
        .onMessage(Drain.class, this::onDrain)
        .onMessage(DrainDeadline.class, deadline -> {
          running.values().forEach(run -> run.tell(new Run.Abort("shutdown")));
          return this;
        })
        .build();
  }

  private Behavior<Command> onStart(StartRun start) {
    int drinks = start.specs().stream().mapToInt(RunSpec::drinks).sum();
    if (draining()) {
      start.replyTo().tell(new Refused(true, "cafesim is shutting down", limits.retryAfter()));
      return this;
    }
    if (running.size() + start.specs().size() > limits.maxRuns()
        || drinksInFlight + drinks > limits.maxDrinks()) {
      start.replyTo().tell(new Refused(false, "cafesim is busy: runs in flight "
          + running.size() + " of at most " + limits.maxRuns() + ", drinks in flight "
          + drinksInFlight + " (+" + drinks + ") of at most " + limits.maxDrinks()
          + "; try again shortly", limits.retryAfter()));
      return this;
    }
    List<RunReport> started = new ArrayList<>();
    for (int i = 0; i < start.specs().size(); i++) {
      started.add(startOne(start.specs().get(i), start.traces().get(i), start.watcher()));
    }
    if (!start.waitFor().isZero()) {
      Batch batch = new Batch(started.stream().map(RunReport::runId).toList(), start.replyTo());
      batch.runIds.forEach(runId -> waiting.put(runId, batch));
      timers.startSingleTimer(batch, new WaitOver(batch), start.waitFor());
    } else {
      start.replyTo().tell(new Started(started));
    }
    return this;
  }

  private RunReport startOne(RunSpec spec, TraceContext trace,
      Optional<ActorRef<CafeEvent>> watcher) {
    String runId = newRunId();
    ActorRef<Run.Command> run = getContext().spawn(Run.create(runId, trace, spec,
        limits.run(), clock, finishedAdapter, watcher, eventLogger), runId);
    getContext().watchWith(run, new RunStopped(runId));
    running.put(runId, run);
    drinksOf.put(runId, spec.drinks());
    drinksInFlight += spec.drinks();
    RunReport starting = RunReport.starting(runId, trace, spec);
    runs.put(runId, starting);
    return starting;
  }

  private Behavior<Command> onGet(GetRun get) {
    expireOld();
    ActorRef<Run.Command> run = running.get(get.runId());
    RunReport kept = runs.get(get.runId());
    if (run != null) {
      run.tell(new Run.GetReport(get.replyTo()));
    } else if (kept != null) {
      get.replyTo().tell(new RunLookup.Found(kept));
    } else {
      get.replyTo().tell(new RunLookup.Missing(missing(get.runId())));
    }
    return this;
  }

  private String missing(String runId) {
    return expired.containsKey(runId)
        ? "run '" + runId + "' has expired: finished runs are kept for "
            + limits.keepFor().toMinutes() + " min, at most " + limits.keep() + " of them"
        : "run '" + runId + "' does not exist; GET /runs lists the runs kept";
  }

  private Behavior<Command> onCancel(CancelRun cancel) {
    ActorRef<Run.Command> run = running.get(cancel.runId());
    RunReport kept = runs.get(cancel.runId());
    if (run != null) {
      run.tell(new Run.Cancel(cancel.replyTo()));
    } else if (kept != null) {
      cancel.replyTo().tell(new AlreadyEnded(kept.status()));
    } else {
      cancel.replyTo().tell(new NoSuchRun(missing(cancel.runId())));
    }
    return this;
  }

  private Behavior<Command> onList(ListRuns list) {
    expireOld();
    // Only the newest `limit` are summarised: walking the kept runs backwards, not all of them.
    List<RunReport> oldestFirst = new ArrayList<>(runs.values());
    List<Summary> newestFirst = new ArrayList<>();
    for (int i = oldestFirst.size() - 1; i >= 0 && newestFirst.size() < list.limit(); i--) {
      newestFirst.add(oldestFirst.get(i).summary());
    }
    list.replyTo().tell(newestFirst);
    return this;
  }

  /** A run that stops without a report has crashed: it is kept as FAILED, never dropped. */
  private Behavior<Command> onStopped(RunStopped stopped) {
    if (running.containsKey(stopped.runId())) {
      getContext().getLog().error("run {} stopped before it finished", stopped.runId());
      finish(runs.get(stopped.runId()).failed("the run stopped unexpectedly"));
    }
    return this;
  }

  private Behavior<Command> onDrain(Drain drain) {
    drainedReplyTo = drain.replyTo();
    getContext().getLog().info("draining: {} runs in flight get {} s to finish",
        running.size(), drain.deadline().toSeconds());
    if (running.isEmpty()) {
      drained();
    } else {
      timers.startSingleTimer(DrainDeadline.INSTANCE, drain.deadline());
    }
    return this;
  }

  private void finish(RunReport report) {
    if (running.remove(report.runId()) == null) {
      return;
    }
    drinksInFlight -= drinksOf.remove(report.runId());
    if (report.status() == Status.COMPLETED) {
      completed++;
    } else if (report.status() == Status.CANCELLED) {
      cancelled++;
    } else {
      failed++;
      if ("shutdown".equals(report.failureReason())) {
        endedByShutdown++;
      }
    }
    runs.put(report.runId(), report);
    keptEvents += report.size();
    finished.add(Map.entry(report.runId(), clock.getAsLong()));
    Batch batch = waiting.remove(report.runId());
    if (batch != null) {
      batch.finished.put(report.runId(), report);
      if (batch.finished.size() == batch.runIds.size()) {
        timers.cancel(batch);
        batch.replyTo.tell(new Started(batch.runIds.stream().map(batch.finished::get).toList()));
      }
    }
    expireOld();
    if (draining() && running.isEmpty()) {
      drained();
    }
  }

  private void drained() {
    timers.cancel(DrainDeadline.INSTANCE);
    drainedReplyTo.tell(new Drained(completed, failed, cancelled, endedByShutdown));
  }

  /**
   * Drops finished reports beyond the count, the total size or the age, oldest finished first.
   */
  private void expireOld() {
    long oldestKept = clock.getAsLong() - limits.keepFor().toNanos();
    while (!finished.isEmpty() && (finished.size() > limits.keep()
        || keptEvents > limits.keepEvents() || finished.peek().getValue() < oldestKept)) {
      String runId = finished.poll().getKey();
      keptEvents -= runs.remove(runId).size();
      expired.put(runId, Boolean.TRUE);
    }
  }

  private boolean draining() {
    return drainedReplyTo != null;
  }

  private String newRunId() {
    String id;
    do {
      id = "run-" + HexFormat.of().toHexDigits(random.nextInt());
    } while (runs.containsKey(id) || expired.containsKey(id));
    return id;
  }
}
