package cafesim.run;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The cafe's door: decides whether a run may start, starts it as a {@link Run} child, and
 * keeps the service within bounds. Runs and drinks in flight are limited (beyond, a start is
 * refused with a hint when to try again, and what was accepted still completes). When the
 * service stops it drains: no new runs, the runs in flight get until a deadline to finish,
 * then end FAILED with reason "shutdown". Every run's end goes on to the {@link RunStore}.
 */
public final class Admission extends AbstractBehavior<Admission.Command> {

  public sealed interface Command {}

  /**
   * Starts runs, all or none (a comparison must not start one side and refuse the other).
   * {@code replyTo} gets their reports at the start ({@code waitFor} zero), or from a
   * {@link RunWaiter} when they have ended or the wait is over; or a refusal.
   */
  public record StartRuns(List<RunSpec> specs, List<TraceContext> traces, Duration waitFor,
      ActorRef<StartReply> replyTo) implements Command {}

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

  public record GetHealth(ActorRef<Health> replyTo) implements Command {}

  public record Health(boolean draining, int runsInFlight, int drinksInFlight) {}

  /** Stop taking runs; let the ones in flight finish until {@code deadline}, then end them. */
  public record Drain(Duration deadline, ActorRef<Drained> replyTo) implements Command {}

  /** Every run the service took: how it ended. */
  public record Drained(int completed, int failed, int cancelled, int endedByShutdown) {}

  private record RunEnded(RunReport report) implements Command {}

  private record RunStopped(String runId) implements Command {}

  private enum DrainDeadline implements Command { INSTANCE }

  public static Behavior<Command> create(Runs.Limits limits, LongSupplier clock,
      String eventLogger, ActorRef<RunStore.Command> store) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new Admission(context, timers, limits, clock, eventLogger, store)));
  }

  /**
   * A run in flight: its actor, its report as it started, the drinks it counts for, and the
   * events and messages it may keep.
   */
  private record InFlight(ActorRef<Run.Command> run, RunReport starting, int drinks, int kept) {}

  /** Ids given out lately, so a new one never repeats a run the store may still hold. */
  private static final int IDS_REMEMBERED = 100_000;

  private final TimerScheduler<Command> timers;
  private final Runs.Limits limits;
  private final LongSupplier clock;
  private final String eventLogger;
  private final ActorRef<RunStore.Command> store;
  private final ActorRef<RunReport> endedAdapter;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, InFlight> inFlight = new HashMap<>();
  private final LinkedHashMap<String, Boolean> issued = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > IDS_REMEMBERED;
    }
  };
  private int drinksInFlight;
  private long keptInFlight;
  private int completed;
  private int failed;
  private int cancelled;
  private int endedByShutdown;
  private ActorRef<Drained> drainedReplyTo;

  private Admission(ActorContext<Command> context, TimerScheduler<Command> timers,
      Runs.Limits limits, LongSupplier clock, String eventLogger,
      ActorRef<RunStore.Command> store) {
    super(context);
    this.timers = timers;
    this.limits = limits;
    this.clock = clock;
    this.eventLogger = eventLogger;
    this.store = store;
    this.endedAdapter = context.messageAdapter(RunReport.class, RunEnded::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StartRuns.class, this::onStart)
        .onMessage(RunEnded.class, ended -> {
          ended(ended.report());
          return this;
        })
        .onMessage(RunStopped.class, this::onStopped)
        .onMessage(GetHealth.class, health -> {
          health.replyTo().tell(new Health(draining(), inFlight.size(), drinksInFlight));
          return this;
        })
        .onMessage(Drain.class, this::onDrain)
        .onMessage(DrainDeadline.class, deadline -> {
          inFlight.values().forEach(run -> run.run().tell(new Run.Abort("shutdown")));
          return this;
        })
        .build();
  }

  private Behavior<Command> onStart(StartRuns start) {
    int drinks = start.specs().stream().mapToInt(RunSpec::drinks).sum();
    long kept = start.specs().stream().mapToLong(this::kept).sum();
    if (draining()) {
      start.replyTo().tell(new Refused(true, "cafesim is shutting down", limits.retryAfter()));
      return this;
    }
    if (inFlight.size() + start.specs().size() > limits.maxRuns()
        || drinksInFlight + drinks > limits.maxDrinks()) {
      start.replyTo().tell(new Refused(false, "cafesim is busy: runs in flight "
          + inFlight.size() + " of at most " + limits.maxRuns() + ", drinks in flight "
          + drinksInFlight + " (+" + drinks + ") of at most " + limits.maxDrinks()
          + "; try again shortly", limits.retryAfter()));
      return this;
    }
    if (keptInFlight + kept > limits.maxKeptInFlight()) {
      start.replyTo().tell(new Refused(false, "cafesim is busy: the runs in flight may keep "
          + keptInFlight + " events (+" + kept + ") of at most " + limits.maxKeptInFlight()
          + "; try again shortly", limits.retryAfter()));
      return this;
    }
    List<RunReport> started = new ArrayList<>();
    for (int i = 0; i < start.specs().size(); i++) {
      started.add(startOne(start.specs().get(i), start.traces().get(i)));
    }
    if (start.waitFor().isZero()) {
      start.replyTo().tell(new Started(started));
    } else {
      getContext().spawnAnonymous(
          RunWaiter.create(started, start.waitFor(), store, start.replyTo()));
    }
    return this;
  }

  private RunReport startOne(RunSpec spec, TraceContext trace) {
    String runId = newRunId();
    int kept = kept(spec);
    ActorRef<Run.Command> run = getContext().spawn(Run.create(runId, trace, spec,
        new Run.Bounds(kept, limits.run().timeout()), clock, endedAdapter, eventLogger),
        runId);
    getContext().watchWith(run, new RunStopped(runId));
    RunReport starting = RunReport.starting(runId, trace, spec);
    inFlight.put(runId, new InFlight(run, starting, spec.drinks(), kept));
    drinksInFlight += spec.drinks();
    keptInFlight += kept;
    store.tell(new RunStore.Accepted(starting, run));
    return starting;
  }

  /** A run that stops without a report has crashed: it ends FAILED, never silently. */
  private Behavior<Command> onStopped(RunStopped stopped) {
    InFlight run = inFlight.get(stopped.runId());
    if (run != null) {
      getContext().getLog().error("run {} stopped before it finished", stopped.runId());
      ended(run.starting().failed("the run stopped unexpectedly"));
    }
    return this;
  }

  private void ended(RunReport report) {
    InFlight run = inFlight.remove(report.runId());
    if (run == null) {
      return;
    }
    drinksInFlight -= run.drinks();
    keptInFlight -= run.kept();
    switch (report.status()) {
      case COMPLETED -> completed++;
      case CANCELLED -> cancelled++;
      default -> {
        failed++;
        endedByShutdown += "shutdown".equals(report.failureReason()) ? 1 : 0;
      }
    }
    store.tell(new RunStore.Ended(report));
    if (draining() && inFlight.isEmpty()) {
      drained();
    }
  }

  private Behavior<Command> onDrain(Drain drain) {
    drainedReplyTo = drain.replyTo();
    getContext().getLog().info("draining: {} runs in flight get {} s to finish",
        inFlight.size(), drain.deadline().toSeconds());
    if (inFlight.isEmpty()) {
      drained();
    } else {
      timers.startSingleTimer(DrainDeadline.INSTANCE, drain.deadline());
    }
    return this;
  }

  private void drained() {
    timers.cancel(DrainDeadline.INSTANCE);
    drainedReplyTo.tell(new Drained(completed, failed, cancelled, endedByShutdown));
  }

  /**
   * What a run may keep: what it will make without slips (3 events and up to 9 messages a
   * drink, 4 a customer), or with slips, which make remakes, all it is allowed.
   */
  private int kept(RunSpec spec) {
    long expected = spec.faults().failureRate() > 0 ? Long.MAX_VALUE
        : 12L * spec.drinks() + 4L * spec.customers().size() + 4;
    return (int) Math.min(limits.run().maxKept(), expected);
  }

  private boolean draining() {
    return drainedReplyTo != null;
  }

  private String newRunId() {
    String id;
    do {
      id = "run-" + HexFormat.of().toHexDigits(random.nextInt());
    } while (issued.putIfAbsent(id, Boolean.TRUE) != null);
    return id;
  }
}
