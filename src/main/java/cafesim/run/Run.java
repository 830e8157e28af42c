package cafesim.run;

import cafesim.CborSerializable;
import cafesim.cafe.Cafe;
import cafesim.cafe.CafeEvent;
import cafesim.cafe.CafeEvent.Type;
import cafesim.cafe.Customer;
import cafesim.cafe.Happening;
import cafesim.cafe.Message;
import cafesim.cafe.RunClock;
import cafesim.cafe.VirtualClock;
import cafesim.cafe.Shift;
import cafesim.cafe.Timeline;
import cafesim.run.RunReport.CustomerResult;
import cafesim.run.RunReport.Status;
import cafesim.run.RunSpec.CustomerSpec;
import cafesim.run.RunReport.Lag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import net.logstash.logback.marker.LogstashMarker;
import net.logstash.logback.marker.Markers;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * One run: opens a cafe of its own, lets the customers in, keeps a {@link RunJournal} of every
 * event and message between its actors (logged one line each, with the run and trace ids, and
 * published on the run's topic once someone watches), and hands the report over when the last customer has been served,
 * or it is cancelled or times out. Its children (cafe, baristas, customers) stop
 * with it.
 *
 * <p>The log is complete enough to rebuild the run: the RUN_STARTED line carries the run's
 * setup, RUN_COMPLETED (or RUN_FAILED) its outcome; see {@code cafesim.trace.TraceLog}.
 */
public final class Run extends AbstractBehavior<Run.Command> {

  public sealed interface Command extends CborSerializable {}

  /** The report as it stands: RUNNING, with the events so far. */
  public record GetReport(ActorRef<RunLookup> replyTo) implements Command {}

  /**
   * The events let out after the {@code after}-th (from 1), at most {@code max} of them, and the
   * final report once there is one and nothing is left after it: see {@link Backlog}.
   */
  public record CatchUp(int after, int max, ActorRef<Backlog> replyTo) implements Command {}

  /**
   * From now on, publish each event as it is let out, and the end, on the run's topic (its
   * entity's, see {@link #topicName}). Until someone watches, nothing is published.
   */
  public record PublishTo(ActorRef<Topic.Command<Streamed>> topic) implements Command {}

  /**
   * What a watcher catching up gets. {@code playing} false: no play answers here (the run has
   * ended, or is between plays): read the run table. Else the {@code attempt}-th play's events
   * after those asked for; {@code more}: there are more than fitted; {@code ended}: the final
   * report, once nothing is left after {@code events} (null until then).
   */
  public record Backlog(boolean playing, int attempt, List<Released> events, boolean more,
      RunReport ended) implements CborSerializable {

    public static Backlog notPlaying(int attempts) {
      return new Backlog(false, attempts, List.of(), false, null);
    }
  }

  /** What the run's topic carries: its events as they are let out, then its end. */
  public sealed interface Streamed extends CborSerializable {}

  /** The {@code seq}-th event (from 1) of the run's {@code attempt}-th play. */
  public record Released(int attempt, int seq, CafeEvent event) implements Streamed {}

  /**
   * The {@code attempt}-th play has ended after {@code events} events: its final report.
   * Nothing of that play follows.
   */
  public record Ended(int attempt, int events, RunReport report) implements Streamed {}

  /** The topic a run's events are published on, on every node that watches it. */
  public static String topicName(String runId) {
    return "run-events:" + runId;
  }

  /** End the run now, CANCELLED; {@code replyTo} gets the final report. */
  public record Cancel(ActorRef<Cancellation> replyTo) implements Command {}

  /** The run has overstayed its bound ({@link Bounds#timeout}). */
  private enum Overstayed implements Command { INSTANCE }

  /** The journal's wake-up: time to let out what it held back for order. */
  private enum Release implements Command { INSTANCE }

  /**
   * The cafe has closed after the last customer: the run stops behind whatever is already in
   * its mailbox (a timer that fired just before the end), which would otherwise be dead letters.
   */
  private enum Closed implements Command { INSTANCE }

  private record Journaled(Happening happening) implements Command {}

  private record CustomerDone(Customer.Outcome outcome) implements Command {}

  /** The next instant customers come in at has come (the doorbell: one timer at a time). */
  private enum Doorbell implements Command { RING }

  /**
   * What a run may take: it keeps (and logs) at most {@code maxKept} events and messages for its
   * report and counts the rest, and it ends FAILED ("timeout") if it is still going after
   * {@code timeout}. Whatever a run does, its memory and its time are bounded.
   */
  public record Bounds(int maxKept, Duration timeout) {
    public static final Bounds NONE = new Bounds(Integer.MAX_VALUE, Duration.ofDays(1));

    /**
     * What this run may keep: what it will make without slips (3 events and up to 9 messages a
     * drink, 4 a customer), or with slips, which make remakes, all it is allowed.
     */
    public Bounds forSpec(RunSpec spec) {
      long expected = spec.faults().failureRate() > 0 ? Long.MAX_VALUE
          : 12L * spec.drinks() + 6L * spec.customerCount() + 4;
      return new Bounds((int) Math.min(maxKept, expected), timeout);
    }
  }

  /**
   * Remakes a run may need per drink, on average, before the cafe gives lost drinks up. A slip
   * loses every drink its barista had (hundreds, when it brews many at once): measured, 10,000
   * drinks at failure rate 0.2 on 10 baristas take about 6 remakes a drink. The budget keeps a
   * run's work linear in its drinks whatever its failure rate.
   */
  static final int REMAKES_PER_DRINK = 30;

  /** The logger every run event and message goes to. */
  public static final String EVENT_LOGGER = "cafesim.events";

  /**
   * The cafe's actors run on threads of their own, so a drink's way from the machine to its
   * customer never queues behind logging or HTTP work (see application.conf).
   */
  private static final DispatcherSelector CAFE_DISPATCHER =
      DispatcherSelector.fromConfig("cafesim.cafe-dispatcher");

  /**
   * A run on its own clock and all its actors share one thread of their own: an instant ends
   * when all of them are idle, and a hop to another thread at every instant would cost more
   * than the work; nor may a day of cafe keep the wall-clock runs' cafes from their timers.
   */
  public static final DispatcherSelector VIRTUAL_DISPATCHER =
      DispatcherSelector.fromConfig("cafesim.virtual-dispatcher");

  /** Where a run's own actors (and, on its own clock, the run) do their work. */
  public static DispatcherSelector dispatcherFor(RunSpec spec) {
    return spec.clock() == RunSpec.Clock.VIRTUAL ? VIRTUAL_DISPATCHER : CAFE_DISPATCHER;
  }

  /**
   * Where a crowd's customers (those its greeters make) do their work: on a wall clock, the
   * default dispatcher's cores, not the cafe's one thread. That thread is every wall-clock
   * cafe's: a million customers started and served on it held it for seconds, and made its
   * one core the bound of a crowd's arrival (docs/performance.md, "Crowd"). A run's few
   * customers stay on it, one hop nearer their drinks. On its own clock, a run is one thread.
   */
  static DispatcherSelector crowdDispatcherFor(RunSpec spec) {
    return spec.clock() == RunSpec.Clock.VIRTUAL
        ? VIRTUAL_DISPATCHER : DispatcherSelector.defaultDispatcher();
  }

  /** The first play of a run. */
  public static Behavior<Command> create(String runId, TraceContext trace, RunSpec spec,
      Bounds bounds, LongSupplier clock, ActorRef<RunReport> onFinished,
      String eventLogger) {
    return create(runId, 1, trace, spec, bounds, clock, onFinished, eventLogger);
  }

  /**
   * @param attempt which play of the run this is: 1, or more once it is resumed
   * @param clock nanosecond clock the run's timeline reads
   * @param onFinished gets the final report
   * @param eventLogger the logger the events and messages go to
   */
  public static Behavior<Command> create(String runId, int attempt, TraceContext trace,
      RunSpec spec, Bounds bounds, LongSupplier clock, ActorRef<RunReport> onFinished,
      String eventLogger) {
    return Behaviors.setup(context -> {
      context.setLoggerName(eventLogger);
      return Behaviors.withTimers(timers -> {
        // Its wall-clock bound, on either clock.
        timers.startSingleTimer(Overstayed.INSTANCE, bounds.timeout());
        if (spec.clock() == RunSpec.Clock.VIRTUAL) {
          VirtualClock.Clock virtual = VirtualClock.start(context);
          Behavior<Command> run = virtual.counting(new Run(context, timers, runId, attempt,
              trace, spec, bounds, virtual, virtual.nanos(), onFinished), Run::countedByClock);
          virtual.kick();
          return run;
        }
        return new Run(context, timers, runId, attempt, trace, spec, bounds, RunClock.REALTIME,
            clock, onFinished);
      });
    });
  }

  /** What the run's own actors send it (and its doorbell): what a virtual clock counts. */
  private static boolean countedByClock(Object message) {
    return message instanceof Journaled || message instanceof CustomerDone
        || message instanceof Doorbell;
  }

  private final String runId;
  private final int attempt;
  private final TraceContext trace;
  private final RunSpec spec;
  private final Timeline timeline;
  private final ActorRef<RunReport> onFinished;
  private final RunJournal journal;
  private double worstLagMillis;
  private final CustomerResult[] customers;
  private final boolean full;
  /** Wall seconds the run took to open its cafe and let all its customers in. */
  private final double setupSeconds;
  private final TimerScheduler<Command> timers;
  private final RunClock clock;
  /** When the run started by the wall clock: a virtual run's wall seconds. */
  private final long startedNanos = System.nanoTime();
  private final ActorRef<Cafe.Command> cafe;
  private final ActorRef<Happening> journaled;
  private final ActorRef<Customer.Outcome> reportTo;
  private final Door door;
  private final Tally tally;
  /** Customers who left unserved: their patience ran out. */
  private int reneged;
  /** Where the baristas' chances of slipping start: in the log, so a run can be replayed. */
  private final long seed;
  /** Set when the last customer is served; the run stops once its cafe has closed. */
  private RunReport finalReport;
  /**
   * The cafe has closed, its work done, before every customer's word reached the run: those
   * are on their way (a crowd's customers tell from threads of their own).
   */
  private boolean cafeClosed;
  private int served;
  private int failedDrinks;
  private double lastServed;
  /**
   * When the last customer was served by the wall clock, as the customer measured it: the
   * run's own bookkeeping after that is not part of the cafe's time.
   */
  private double lastMeasured;

  private Run(ActorContext<Command> context, TimerScheduler<Command> timers, String runId,
      int attempt, TraceContext trace, RunSpec spec, Bounds bounds, RunClock runClock,
      LongSupplier clock, ActorRef<RunReport> onFinished) {
    super(context);
    this.clock = runClock;
    this.runId = runId;
    this.attempt = attempt;
    this.trace = trace;
    this.spec = spec;
    this.onFinished = onFinished;
    this.timeline = Timeline.startingNow(spec.speed(), clock);
    // On a virtual clock the log and the stream get the run's events at its end, in order:
    // its instants pass in no time at all, so there is nothing to hold back for.
    this.full = spec.traceLevel() == RunSpec.TraceLevel.FULL;
    this.journal = new RunJournal(runId, trace.traceId(), attempt, timeline, bounds.maxKept(),
        full, context.getLog(),
        runClock.virtual() ? in -> { } : in -> timers.startSingleTimer(Release.INSTANCE, in));
    this.customers = new CustomerResult[full ? spec.customerCount() : 0];
    this.seed = spec.seed();

    journal.record(CafeEvent.ofRun(0.0, Type.RUN_STARTED), setup());
    this.journaled = full
        ? context.messageAdapter(Happening.class, Journaled::new)
        : context.getSystem().ignoreRef();
    this.reportTo = context.messageAdapter(Customer.Outcome.class, CustomerDone::new);
    this.timers = timers;
    Shift shift = new Shift(spec.mode(), spec.baristas(), spec.machines(), timeline,
        spec.faults().failureRate(), spec.faults().maxTries(), seed,
        (long) spec.drinks() * REMAKES_PER_DRINK, runClock);
    for (int i = 0; i < customers.length; i++) {
      customers[i] = CustomerResult.waiting(i < spec.customers().size()
          ? spec.customers().get(i).name() : Arrivals.guestName(i + 1));
    }
    this.door = new Door(spec);
    this.tally = new Tally(spec);
    List<Customer.Visit> atStart = door.next().orElse(-1) == 0.0 ? door.dueAt(0.0) : List.of();
    this.cafe = context.spawn(
        Cafe.create(shift, spec.customerCount(), atStart.size(), journaled), Cafe.NAME,
        dispatcherFor(spec));
    context.watch(cafe);
    letIn(atStart);
    this.setupSeconds = timeline.wallSeconds();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Journaled.class, j -> {
          journal.happened(j.happening());
          return Behaviors.same();
        })
        .onMessage(CustomerDone.class, done -> done.outcome() instanceof Customer.Served served
            ? onServed(served) : onLeft((Customer.Left) done.outcome()))
        .onMessage(Doorbell.class, ring -> {
          List<Customer.Visit> arriving = door.dueAt(door.next().orElseThrow());
          clock.tell(cafe, new Cafe.Expect(arriving.size()));
          letIn(arriving);
          return Behaviors.same();
        })
        .onMessage(GetReport.class, get -> {
          get.replyTo().tell(new RunLookup.Found(
              finalReport != null ? finalReport
                  : report(Status.RUNNING, null, tally.stats(makespan(Status.RUNNING)))));
          return Behaviors.same();
        })
        .onMessage(Overstayed.class, timeout -> fail("timeout"))
        .onMessage(Cancel.class, this::onCancel)
        .onMessage(CatchUp.class, catchUp -> {
          catchUp.replyTo().tell(journal.backlog(catchUp.after(), catchUp.max(), finalReport));
          return Behaviors.same();
        })
        .onMessage(PublishTo.class, publish -> {
          journal.publishTo(publish.topic());
          return Behaviors.same();
        })
        .onMessage(Closed.class, closed -> Behaviors.stopped())
        .onMessage(Release.class, release -> {
          journal.wakeUp();
          return Behaviors.same();
        })
        .onSignal(Terminated.class, this::onCafeClosed)
        .build();
  }

  /**
   * Lets in the customers of one instant (the cafe expects them all before serving anyone),
   * then sets the doorbell for the next: an arrival is a scheduled message on the run's
   * timeline, like every wait.
   */
  private void letIn(List<Customer.Visit> arriving) {
    // Each is on its way until the cafe has its Arrive: the clock waits for them all.
    clock.expect(arriving.size());
    if (arriving.size() <= Greeter.CUSTOMERS_EACH) {
      for (Customer.Visit visit : arriving) {
        getContext().spawn(customer(visit), Message.customerActor(visit.customerNo()),
            dispatcherFor(spec));
      }
    } else {
      // A crowd: greeters make its customers side by side (see Greeter).
      for (int from = 0; from < arriving.size(); from += Greeter.CUSTOMERS_EACH) {
        List<Customer.Visit> share = arriving.subList(from,
            Math.min(arriving.size(), from + Greeter.CUSTOMERS_EACH));
        getContext().spawn(Greeter.create(share, this::customer, crowdDispatcherFor(spec)),
            Greeter.name(share), DispatcherSelector.sameAsParent());
      }
    }
    door.next().ifPresent(next -> clock.wakeAt(timers, getContext().getSelf(), Doorbell.RING,
        Doorbell.RING, timeline, next, RunClock.Phase.NOW, java.time.Duration.ZERO));
  }

  private Behavior<Customer.Command> customer(Customer.Visit visit) {
    return Customer.create(visit, timeline, clock, cafe, journaled, reportTo);
  }

  private Behavior<Command> onLeft(Customer.Left left) {
    reneged++;
    tally.left(left);
    lastServed = Math.max(lastServed, left.at());
    return oneMoreDone();
  }

  private Behavior<Command> onServed(Customer.Served s) {
    tally.served(s);
    if (full) {
      customers[s.customerNo() - 1] =
          new CustomerResult(s.name(), s.results(), s.at(), s.failures());
    }
    failedDrinks += s.failures().size();
    worstLagMillis = Math.max(worstLagMillis, s.worstLagMillis());
    lastServed = Math.max(lastServed, s.at());
    lastMeasured = Math.max(lastMeasured, s.measuredSeconds());
    served++;
    return oneMoreDone();
  }

  /** Once every customer is served or gone, the run has completed. */
  private Behavior<Command> oneMoreDone() {
    if (served + reneged < spec.customerCount()) {
      return Behaviors.same();
    }
    // The statistics sort every wait: once for the last line and the report.
    RunStats stats = tally.stats(makespan(Status.COMPLETED));
    journal.record(CafeEvent.ofRun(lastServed, Type.RUN_COMPLETED),
        outcome(Status.COMPLETED, stats));
    finalReport = report(Status.COMPLETED, null, stats);
    ended(finalReport);
    if (cafeClosed) {
      getContext().getSelf().tell(Closed.INSTANCE);
    }
    return Behaviors.same();
  }

  /**
   * Tells the run's owner and watchers. Nothing is held back in the log any more: a wake-up
   * left set would fire into the stopped run and log a dead letter without the trace id.
   */
  private void ended(RunReport report) {
    onFinished.tell(report);
    journal.ended(report);
    timers.cancel(Release.INSTANCE);
  }

  /**
   * The cafe closes once every customer has come and been served or gone; if it fails, the run
   * has failed. Closed, it may be ahead of the last customers' word: a served customer tells
   * the run before the cafe, but one told to leave tells the run after the cafe has moved on,
   * from a thread of its own in a crowd, so the run waits for the rest (its
   * {@code max-duration} still bounds the wait).
   */
  private Behavior<Command> onCafeClosed(Terminated closed) {
    if (closed instanceof ChildFailed failed) {
      journal.withIds(() -> getContext().getLog().error("the cafe failed", failed.getCause()));
      return fail("the cafe failed: " + failed.getCause());
    }
    if (finalReport == null) {
      cafeClosed = true;
      return Behaviors.same();
    }
    getContext().getSelf().tell(Closed.INSTANCE);
    return Behaviors.same();
  }

  /** Ends the run FAILED, at the latest instant anything happened; its actors stop. */
  private Behavior<Command> fail(String reason) {
    if (finalReport == null) {
      RunStats stats = tally.stats(makespan(Status.FAILED));
      journal.record(CafeEvent.ofRun(journal.latestInstant(), Type.RUN_FAILED).because(reason),
          outcome(Status.FAILED, stats));
      ended(report(Status.FAILED, reason, stats));
    }
    return Behaviors.stopped();
  }

  /** Cancelled by a caller: ends now, its slot is free at once; the caller gets the report. */
  private Behavior<Command> onCancel(Cancel cancel) {
    RunReport report = finalReport;
    if (report == null) {
      RunStats stats = tally.stats(makespan(Status.CANCELLED));
      journal.record(CafeEvent.ofRun(journal.latestInstant(), Type.RUN_CANCELLED),
          outcome(Status.CANCELLED, stats));
      report = report(Status.CANCELLED, null, stats);
      ended(report);
    }
    cancel.replyTo().tell(new Cancellation.Cancelled(report));
    return Behaviors.stopped();
  }

  /** What the RUN_STARTED line carries, so the log alone says what the run was. */
  private LogstashMarker setup() {
    Map<String, Object> setup = new LinkedHashMap<>();
    setup.put("scenario", spec.scenario());
    setup.put("mode", spec.mode().label());
    setup.put("speed", spec.speed());
    // A virtual run's speed is 1 only in name: its clock says what its time was.
    setup.put("clock", spec.clock().label());
    setup.put("baristas", spec.baristas());
    setup.put("machines", spec.machines());
    setup.put("expectedSeconds", spec.expectedSeconds());
    setup.put("failureRate", spec.faults().failureRate());
    // A string: a 64-bit seed does not fit in a JSON number that JavaScript reads exactly.
    setup.put("seed", Long.toString(seed));
    setup.put("attempt", attempt);
    setup.put("spanId", trace.spanId());
    setup.put("parentSpanId", trace.parentSpanId());
    return Markers.appendEntries(setup);
  }

  /** What the run's last line carries: the report's numbers. */
  private LogstashMarker outcome(Status status, RunStats stats) {
    double measured = measured(status);
    Lag lag = lag();
    return Markers.append("status", status.name())
        .and(Markers.append("makespanSeconds", micros(makespan(status))))
        .and(Markers.append("lagMillis", lag))
        .and(Markers.append("timing", timing(lag, measured).label()))
        .and(Markers.append("eventsLeftOut", journal.leftOut()))
        .and(Markers.append("failedDrinks", failedDrinks))
        .and(Markers.append("customersServed", served))
        .and(Markers.append("setupSeconds", micros(setupSeconds)))
        .and(Markers.append("elapsedSeconds", micros(measured)))
        .and(Markers.append("wallSeconds", micros(wallSeconds(measured))))
        .and(Markers.append("figures", RunReport.Figures.of(stats)));
  }

  private RunReport report(Status status, String failureReason, RunStats stats) {
    double measured = measured(status);
    Lag lag = lag();
    return new RunReport(runId, trace.traceId(), Long.toString(seed), spec.scenario(),
        spec.mode(), spec.speed(),
        spec.baristas(), spec.machines(), status, failureReason, attempt, spec.expectedSeconds(),
        micros(makespan(status)), micros(measured), micros(wallSeconds(measured)), lag,
        timing(lag, measured), micros(setupSeconds),
        served, failedDrinks, journal.detail(), stats,
        List.of(customers), journal.events(),
        journal.messages());
  }

  /** A realtime run's wall seconds follow from its speed; a virtual run's are its own. */
  private double wallSeconds(double measured) {
    return clock.virtual() ? (System.nanoTime() - startedNanos) / 1e9 : measured / spec.speed();
  }

  private RunReport.Timing timing(Lag lag, double measured) {
    return clock.virtual() ? RunReport.Timing.VIRTUAL
        : RunReport.Timing.of(lag, measured / spec.speed());
  }

  /** The exact answer: the instant the last customer was served, or the latest so far. */
  private double makespan(Status status) {
    return status == Status.COMPLETED ? lastServed : journal.latestInstant();
  }

  /** Simulated seconds by the wall clock: to the last customer served, or so far. */
  private double measured(Status status) {
    return status == Status.COMPLETED ? lastMeasured : timeline.elapsedSeconds();
  }

  /**
   * The worst lag any customer saw, and the lag of the last one served (wall ms); 0 before
   * anyone is served. A run cut short is not behind for being cut short: nothing was due.
   */
  private Lag lag() {
    double end = served == 0 ? 0 : Math.max(0, (lastMeasured - lastServed) / spec.speed() * 1000);
    return new Lag(millis(Math.max(worstLagMillis, end)), millis(end));
  }

  private static double millis(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }

  /** Microseconds of simulated time are more than the clocks can tell apart. */
  private static double micros(double seconds) {
    return Math.round(seconds * 1e6) / 1e6;
  }
}
