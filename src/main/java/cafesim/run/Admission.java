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
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

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

  /** A node left the cluster: the runs it held now play elsewhere. */
  private record MemberGone(ClusterEvent.MemberRemoved removed) implements Command {}

  private record Heard(RunEntity.Listening listening) implements Command {}

  private enum AskAgain implements Command { INSTANCE }

  /** How often runs whose entities may have forgotten this door are asked again. */
  private static final Duration ASK_AGAIN_EVERY = Duration.ofSeconds(5);

  private enum DrainDeadline implements Command { INSTANCE }

  /**
   * @param entities each run's entity, by run id
   * @param acceptWithin how long a run's entity gets to store its acceptance
   * @param meters where what it accepts, refuses and sees end is counted
   */
  public static Behavior<Command> create(Runs.Limits limits,
      Function<String, RecipientRef<RunEntity.Command>> entities, Duration acceptWithin,
      RunMeters meters) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new Admission(context, timers, limits, entities, acceptWithin, meters)));
  }

  /** A run in flight: the drinks it counts for, and the events and messages it may keep. */
  private record InFlight(int drinks, int kept) {}

  /** Ids given out lately, so a new one never repeats a run the table may still hold. */
  private static final int IDS_REMEMBERED = 100_000;

  private final TimerScheduler<Command> timers;
  private final Runs.Limits limits;
  private final Function<String, RecipientRef<RunEntity.Command>> entities;
  private final Duration acceptWithin;
  private final RunMeters meters;
  private final ActorRef<RunReport> endedAdapter;
  private final ActorRef<RunEntity.Listening> listeningAdapter;
  /** Runs in flight whose entities have not confirmed, since a node was lost, they will tell. */
  private final Set<String> unheard = new HashSet<>();
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
      Duration acceptWithin, RunMeters meters) {
    super(context);
    this.meters = meters;
    this.timers = timers;
    this.limits = limits;
    this.entities = entities;
    this.acceptWithin = acceptWithin;
    this.endedAdapter = context.messageAdapter(RunReport.class, RunEnded::new);
    this.listeningAdapter = context.messageAdapter(RunEntity.Listening.class, Heard::new);
    Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(
        context.messageAdapter(ClusterEvent.MemberRemoved.class, MemberGone::new),
        ClusterEvent.MemberRemoved.class));
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
          meters.resumed();
          if (inFlight.putIfAbsent(resumed.runId(), run) == null) {
            drinksInFlight += run.drinks();
            keptInFlight += run.kept();
            resumed.entity().tell(new RunEntity.TellWhenEnded(endedAdapter,
                getContext().getSystem().ignoreRef()));
            meters.inFlight(inFlight.size(), drinksInFlight);
          }
          return this;
        })
        .onMessage(MemberGone.class, this::onMemberGone)
        .onMessage(Heard.class, heard -> {
          unheard.remove(heard.listening().runId());
          return this;
        })
        .onMessage(AskAgain.class, again -> askAgain())
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
      meters.refused(RunMeters.Refusal.UNAVAILABLE);
      start.replyTo().tell(new Refused(true, "cafesim is shutting down", limits.retryAfter()));
      return this;
    }
    if (inFlight.size() + start.specs().size() > limits.maxRuns()
        || drinksInFlight + drinks > limits.maxDrinks()) {
      meters.refused(RunMeters.Refusal.BUSY);
      start.replyTo().tell(new Refused(false, "cafesim is busy: runs in flight "
          + inFlight.size() + " of at most " + limits.maxRuns() + ", drinks in flight "
          + drinksInFlight + " (+" + drinks + ") of at most " + limits.maxDrinks()
          + "; try again shortly", limits.retryAfter()));
      return this;
    }
    if (keptInFlight + kept > limits.maxKeptInFlight()) {
      meters.refused(RunMeters.Refusal.BUSY);
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
    meters.accepted(runs.size());
    meters.inFlight(inFlight.size(), drinksInFlight);
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
    meters.inFlight(inFlight.size(), drinksInFlight);
    meters.ended(report);
    switch (report.status()) {
      case COMPLETED -> completed++;
      case CANCELLED -> cancelled++;
      default -> failed++;
    }
    if (draining() && inFlight.isEmpty()) {
      drained();
    }
  }

  /**
   * A run's entity tells the door of its end, but that wish lives in the entity's memory: when
   * a node is lost, the entities it held start again elsewhere without it, and the runs would
   * stay in flight here for ever, holding places. So every run in flight is asked again until
   * its entity, wherever it lives now, confirms (messages for shards still moving may be lost:
   * hence again). An end heard twice counts once.
   */
  private Behavior<Command> onMemberGone(MemberGone gone) {
    if (!inFlight.isEmpty()) {
      getContext().getLog().info("cluster member {} removed: asking the {} runs in flight here"
          + " to tell their ends", gone.removed().member().address(), inFlight.size());
      unheard.addAll(inFlight.keySet());
      timers.startTimerWithFixedDelay(AskAgain.INSTANCE, Duration.ZERO, ASK_AGAIN_EVERY);
    }
    return this;
  }

  private Behavior<Command> askAgain() {
    unheard.retainAll(inFlight.keySet());
    if (unheard.isEmpty()) {
      timers.cancel(AskAgain.INSTANCE);
    }
    unheard.forEach(runId -> entities.apply(runId)
        .tell(new RunEntity.TellWhenEnded(endedAdapter, listeningAdapter)));
    return this;
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
