package cafesim.run;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The cafe's door: decides whether runs may start, gives them ids, and hands them to a
 * {@link RunWaiter} child that has their entities accept them. Runs and drinks in flight are
 * limited (beyond, a start is refused with a hint when to try again, and what was accepted still
 * completes). When the service stops it drains: no new runs, the runs in flight get until a
 * deadline to finish; those still going then are left to be resumed at the next start.
 */
public final class Admission extends AbstractBehavior<Admission.Command> {

  public sealed interface Command {}

  /**
   * Starts runs, all or none (a comparison must not start one side and refuse the other).
   * {@code replyTo} gets their reports at the start ({@code waitFor} zero), or when they have
   * ended or the wait is over; or a refusal.
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

  /**
   * Not started: too much in flight (try again after {@code retryAfter}); or {@code
   * unavailable}: draining, or the runs could not be stored.
   */
  public record Refused(boolean unavailable, String reason, Duration retryAfter)
      implements StartReply {
    @Override
    public RunReport orThrow() {
      throw new IllegalStateException(reason);
    }
  }

  /**
   * A run accepted before this node (re)started is played again here: it counts in flight
   * (whatever the limits: it was accepted), and its end is counted when it comes.
   */
  public record Resumed(String runId, RunSpec spec, ActorRef<RunEntity.Command> entity)
      implements Command {}

  public record GetHealth(ActorRef<Health> replyTo) implements Command {}

  public record Health(boolean draining, int runsInFlight, int drinksInFlight) {}

  /** Stop taking runs; let the ones in flight finish until {@code deadline}. */
  public record Drain(Duration deadline, ActorRef<Drained> replyTo) implements Command {}

  /** Every run this node took: how it ended, and how many are left to resume. */
  public record Drained(int completed, int failed, int cancelled, int leftToResume) {}

  private record RunEnded(RunReport report) implements Command {}

  private record WaiterDone(ActorRef<RunWaiter.Command> waiter) implements Command {}

  private enum DrainDeadline implements Command { INSTANCE }

  /**
   * @param entities each run's entity, by run id
   * @param acceptWithin how long a run's entity gets to store its acceptance
   */
  public static Behavior<Command> create(Runs.Limits limits,
      Function<String, RecipientRef<RunEntity.Command>> entities, Duration acceptWithin) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new Admission(context, timers, limits, entities, acceptWithin)));
  }

  /** A run in flight: the drinks it counts for, and the events and messages it may keep. */
  private record InFlight(int drinks, int kept) {}

  /** Ids given out lately, so a new one never repeats a run the table may still hold. */
  private static final int IDS_REMEMBERED = 100_000;

  private final TimerScheduler<Command> timers;
  private final Runs.Limits limits;
  private final Function<String, RecipientRef<RunEntity.Command>> entities;
  private final Duration acceptWithin;
  private final ActorRef<RunReport> endedAdapter;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, InFlight> inFlight = new HashMap<>();
  private final Set<ActorRef<RunWaiter.Command>> waiters = new HashSet<>();
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
  private ActorRef<Drained> drainedReplyTo;

  private Admission(ActorContext<Command> context, TimerScheduler<Command> timers,
      Runs.Limits limits, Function<String, RecipientRef<RunEntity.Command>> entities,
      Duration acceptWithin) {
    super(context);
    this.timers = timers;
    this.limits = limits;
    this.entities = entities;
    this.acceptWithin = acceptWithin;
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
        .onMessage(Resumed.class, resumed -> {
          InFlight run = new InFlight(resumed.spec().drinksHeld(), kept(resumed.spec()));
          if (inFlight.putIfAbsent(resumed.runId(), run) == null) {
            drinksInFlight += run.drinks();
            keptInFlight += run.kept();
            resumed.entity().tell(new RunEntity.TellWhenEnded(endedAdapter));
          }
          return this;
        })
        .onMessage(WaiterDone.class, done -> {
          waiters.remove(done.waiter());
          return this;
        })
        .onMessage(GetHealth.class, health -> {
          health.replyTo().tell(new Health(draining(), inFlight.size(), drinksInFlight));
          return this;
        })
        .onMessage(Drain.class, this::onDrain)
        .onMessage(DrainDeadline.class, deadline -> {
          drained();
          return this;
        })
        .build();
  }

  private Behavior<Command> onStart(StartRuns start) {
    int drinks = start.specs().stream().mapToInt(RunSpec::drinksHeld).sum();
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
    List<RunWaiter.NewRun> runs = new ArrayList<>();
    for (int i = 0; i < start.specs().size(); i++) {
      RunSpec spec = start.specs().get(i);
      String runId = newRunId();
      int reserved = kept(spec);
      inFlight.put(runId, new InFlight(spec.drinksHeld(), reserved));
      drinksInFlight += spec.drinksHeld();
      keptInFlight += reserved;
      runs.add(new RunWaiter.NewRun(runId, spec, start.traces().get(i)));
    }
    ActorRef<RunWaiter.Command> waiter = getContext().spawnAnonymous(RunWaiter.create(runs,
        acceptWithin, start.waitFor(), entities, endedAdapter, start.replyTo()));
    getContext().watchWith(waiter, new WaiterDone(waiter));
    waiters.add(waiter);
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
      default -> failed++;
    }
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

  /**
   * Answers the drain once; runs still in flight stay accepted, to be resumed, and callers still
   * waiting for them get their reports as they stand.
   */
  private void drained() {
    timers.cancel(DrainDeadline.INSTANCE);
    waiters.forEach(waiter -> waiter.tell(RunWaiter.AnswerNow.INSTANCE));
    if (drainedReplyTo != null) {
      drainedReplyTo.tell(new Drained(completed, failed, cancelled, inFlight.size()));
      drainedReplyTo = getContext().getSystem().ignoreRef();
    }
  }

  /** What a run reserves of the events all runs in flight may keep. */
  private int kept(RunSpec spec) {
    return limits.run().forSpec(spec).maxKept();
  }

  private boolean draining() {
    return drainedReplyTo != null;
  }

  private String newRunId() {
    String id;
    do {
      // 64 random bits: ids outlive the process now, and must not meet one from before.
      id = "run-" + HexFormat.of().toHexDigits(random.nextLong());
    } while (issued.putIfAbsent(id, Boolean.TRUE) != null);
    return id;
  }
}
