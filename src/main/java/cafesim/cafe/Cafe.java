package cafesim.cafe;

import org.apache.pekko.actor.DeadLetterSuppression;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The counter: owns the baristas and the queue of waiting orders, and gives each free barista
 * the next order. Customers only talk to the cafe; baristas only to the cafe (and the event log).
 *
 * <p>The cafe closes (stops, and its baristas with it) once every customer of the run has
 * come, every drink has been collected and every barista is free, so no message of the run is
 * left in flight when its actors go. Customers may come in later than the start; those of one
 * instant are all in line before anyone is served.
 *
 * <p>When a barista slips, it hands back every drink it had: each goes back to the queue, and
 * the one it slipped on is given up as failed after the shift's last try. Nothing ordered is
 * lost, nothing is served twice.
 *
 * <p>One house rule makes sync mode behave like the seeds' blocking calls: a barista who hands
 * a drink over and is free at that moment stays at the counter for that customer, who may order
 * the next drink right there. So a one-by-one customer is served to the end before the next
 * customer, as {@code find_users(3); find_users(2); find_users(1)} runs in the sync seed.
 */
public final class Cafe extends AbstractBehavior<Cafe.Command> {

  public sealed interface Command {}

  /**
   * From a customer coming in: what it orders on arrival at simulated time {@code at}, and how
   * long it waits for the first of it to be started ({@code patience}; null: for ever).
   */
  public record Arrive(List<Order> orders, double at, Double patience) implements Command {}

  /**
   * From a customer: the drink was taken from {@code handedOverBy} (null: it was given up);
   * {@code next} is ordered at the counter, if any.
   */
  public record Collected(Order order, Optional<Order> next, double at,
      ActorRef<Barista.Command> handedOverBy) implements Command {}

  /** From a barista: a drink is done; the barista spent {@code busySeconds} of work on it. */
  public record DrinkReady(Barista.Started drink, ActorRef<Barista.Command> barista, double at,
      double busySeconds) implements Command {}

  /** From a barista: free to make another drink from simulated time {@code at}. */
  public record BaristaFree(ActorRef<Barista.Command> barista, double at) implements Command {}

  /**
   * From a barista about to be restarted: it slipped on {@code slippedOn} at {@code at}, and
   * {@code held} are all the drinks it had started and not handed over.
   */
  public record BaristaFailed(ActorRef<Barista.Command> barista, Order slippedOn,
      List<Barista.Started> held, double at) implements Command {}

  /**
   * From the run, before it lets {@code customers} in at one instant: the cafe serves nobody
   * until all of them are in line, so who is first does not depend on which actor happened to
   * run first. (The run tells this before it makes those customers, so it is always here
   * before their {@link Arrive}.)
   */
  public record Expect(int customers) implements Command {}

  /**
   * @param customers how many customers the run has, all told: the cafe closes once all have
   *     come and been served
   * @param atStart how many of them come in at the start (see {@link Expect})
   */
  public static Behavior<Command> create(Shift shift, int customers, int atStart,
      ActorRef<Happening> journal) {
    return shift.clock().counting(Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new Cafe(context, timers, shift, customers, atStart, journal))), message -> true);
  }

  /**
   * The earliest patience the cafe keeps an eye on may have run out. On a virtual clock it may
   * come after the cafe has closed: nothing is lost, so no dead letter is logged.
   */
  private enum PatienceAlarm implements Command, DeadLetterSuppression { RING }

  /** On a virtual clock: every message of this instant is in; hand out its orders. */
  private enum Settle implements Command { NOW }

  /**
   * How long after a patience runs out, by the wall clock, the cafe looks at least: a barista
   * free at that very instant may still be on its way, and a start at that instant wins. The
   * cafe looks later when its messages come in later than that (twice the latest seen, as the
   * run's log does), up to {@link #MAX_PATIENCE_GRACE}: a run behind its timeline would
   * otherwise send people away that a barista was about to serve.
   */
  static final java.time.Duration PATIENCE_GRACE = java.time.Duration.ofMillis(20);
  static final java.time.Duration MAX_PATIENCE_GRACE = java.time.Duration.ofSeconds(5);

  /** The cafe's actor name, as messages name it. */
  public static final String NAME = "cafe";

  /** A free barista, from when, and its number: the first free, then the lowest number. */
  private record Idle(ActorRef<Barista.Command> barista, double since, int number) {
    static final java.util.Comparator<Idle> FIRST = java.util.Comparator
        .comparingDouble(Idle::since).thenComparingInt(Idle::number);

  }

  /** A customer none of whose drinks has been started yet, and when its patience runs out. */
  private record Impatient(int customerNo, String name, ActorRef<Customer.Command> customer,
      double until) {}

  private final Line queue = new Line();
  private final PriorityQueue<Idle> idle = new PriorityQueue<>(Idle.FIRST);
  /** Each barista's number (barista-1 is 1). */
  private final Map<ActorRef<Barista.Command>, Integer> numbers = new HashMap<>();
  /** Each barista's latest drink handed over, while its customer has not collected it. */
  private final Map<ActorRef<Barista.Command>, Handover> lastHandover = new HashMap<>();

  private record Handover(Order order, double at) {}
  /** Free baristas staying at the counter until their customer has collected. */
  private final Set<ActorRef<Barista.Command>> atCounter = new HashSet<>();
  /**
   * How many drinks each barista (barista-1 first) was told to make and has not handed over
   * yet. What is being made the baristas keep (see {@link Barista.Started}), and the
   * customers say who handed them their drink: the cafe keeps nothing per drink but the line.
   */
  private final int[] assigned;
  /** How often each drink was slipped on. */
  private final Map<Order, Integer> slips = new HashMap<>();
  private final int maxTries;
  /** Drinks lost with a slipping barista that the cafe will still remake (see Shift). */
  private long remakesLeft;

  /** Customers not yet come in; the cafe cannot close before this is 0. */
  private int toArrive;
  /** Customers expected at this instant and not yet in line; nobody is served meanwhile. */
  private int atTheDoor;
  private final int baristas;
  private final ActorRef<Happening> journal;
  /** Whether anyone keeps what the journal is told (see {@link Happening#heard}). */
  private final boolean journaling;
  /** Orders placed and not yet collected. */
  private int open;
  private final TimerScheduler<Command> timers;
  private final Timeline timeline;
  private final RunClock clock;
  /** On a virtual clock: the instant's orders are handed out once it settles (set for it). */
  private boolean settling;
  /** Customers with a patience, until their first drink is started; by number. */
  private final Map<Integer, Impatient> impatient = new HashMap<>();
  /** The latest any message reached the cafe after its instant, wall ms. */
  private double worstLateMillis;
  /** The same, soonest out of patience first. */
  private final PriorityQueue<Impatient> patienceRunsOut =
      new PriorityQueue<>(java.util.Comparator.comparingDouble(Impatient::until)
          .thenComparingInt(Impatient::customerNo));

  private Cafe(ActorContext<Command> context, TimerScheduler<Command> timers, Shift shift,
      int customers, int atStart, ActorRef<Happening> journal) {
    super(context);
    this.timers = timers;
    this.timeline = shift.timeline();
    this.clock = shift.clock();
    this.journal = journal;
    this.journaling = Happening.heard(journal, context.getSystem());
    this.toArrive = customers;
    this.atTheDoor = atStart;
    this.baristas = shift.baristas();
    this.assigned = new int[baristas];
    this.maxTries = shift.maxTries();
    this.remakesLeft = shift.maxRemakes();
    var chances = new Chances(shift.seed());
    for (int i = 1; i <= baristas; i++) {
      var barista = context.spawn(
          Barista.create("barista-" + i, shift, chances, context.getSelf(), journal),
          "barista-" + i, DispatcherSelector.sameAsParent());
      numbers.put(barista, i);
      idle.add(idle(barista, 0.0));
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Arrive.class, arrived -> {
          arrived.orders().forEach(order -> queue.add(new Line.Waiting(order, arrived.at(), 0)));
          open += arrived.orders().size();
          if (arrived.patience() != null && !arrived.orders().isEmpty()) {
            Order first = arrived.orders().get(0);
            Impatient waiting = new Impatient(first.customerNo(), first.customerName(),
                first.customer(), arrived.at() + arrived.patience());
            impatient.put(waiting.customerNo(), waiting);
            patienceRunsOut.add(waiting);
            setPatienceAlarm();
          }
          toArrive--;
          atTheDoor--;
          clock.arrived();
          return dispatch();
        })
        .onMessage(Expect.class, expect -> {
          atTheDoor += expect.customers();
          return Behaviors.same();
        })
        .onMessage(DrinkReady.class, ready -> {
          noteLate(ready.at());
          Order order = ready.drink().order();
          assigned[numbers.get(ready.barista()) - 1]--;
          lastHandover.put(ready.barista(), new Handover(order, ready.at()));
          serve(new Customer.Serve(order, ready.at(), Optional.empty(), ready.drink().at(),
              ready.barista(), ready.busySeconds()));
          return Behaviors.same();
        })
        .onMessage(BaristaFailed.class, this::onBaristaFailed)
        .onMessage(BaristaFree.class, free -> {
          noteLate(free.at());
          // Free at the very instant it handed a drink over: it stays for that customer. A Free
          // from an earlier instant (the cafe running behind the timeline) does not count.
          Handover handover = lastHandover.get(free.barista());
          if (handover != null && handover.at() == free.at()) {
            atCounter.add(free.barista());
            return Behaviors.same();
          }
          idle.add(idle(free.barista(), free.at()));
          return dispatch();
        })
        .onMessage(Collected.class, this::onCollected)
        .onMessage(Settle.class, settle -> {
          settling = false;
          return handOut();
        })
        .onMessage(PatienceAlarm.class, ring -> {
          // Due now (and anyone else due by then): the instant is the earliest patience's.
          Impatient due = patienceRunsOut.peek();
          while (due != null && timeline.until(due.until()).isZero()) {
            renege(patienceRunsOut.poll());
            due = patienceRunsOut.peek();
          }
          setPatienceAlarm();
          return dispatch();
        })
        .build();
  }

  private Behavior<Command> onCollected(Collected collected) {
    open += collected.next().isPresent() ? 0 : -1;
    ActorRef<Barista.Command> barista = collected.handedOverBy();
    if (barista != null) {
      Handover handover = lastHandover.get(barista);
      if (handover != null && handover.order().equals(collected.order())) {
        lastHandover.remove(barista);
      }
    }
    if (barista != null && atCounter.remove(barista)) {
      if (collected.next().isPresent()) {
        make(barista, collected.next().get(), collected.at(), 1);
        return Behaviors.same();
      }
      idle.add(idle(barista, collected.at()));
    } else {
      collected.next().ifPresent(next -> queue.add(new Line.Waiting(next, collected.at(), 0)));
    }
    return dispatch();
  }

  /**
   * The drinks the barista had go back to the queue; the one it slipped on is given up after
   * its last try. Drinks told to it but not yet started are its new self's to make; if there
   * are none, it is free again.
   */
  private Behavior<Command> onBaristaFailed(BaristaFailed failed) {
    ActorRef<Barista.Command> barista = failed.barista();
    double at = failed.at();
    int number = numbers.get(barista);
    for (Barista.Started held : failed.held()) {
      Order order = held.order();
      assigned[number - 1]--;
      boolean slippedOn = order.equals(failed.slippedOn());
      int tries = slippedOn ? slips.merge(order, 1, Integer::sum) : 0;
      boolean giveUp = slippedOn ? tries >= maxTries : remakesLeft-- <= 0;
      if (giveUp) {
        String reason = slippedOn ? "given up after " + tries + " tries"
            : "given up: the run's remakes are spent";
        if (journaling) {
          clock.tell(journal, CafeEvent.ofOrder(at, CafeEvent.Type.DRINK_FAILED, order, null)
              .because(reason));
        }
        serve(new Customer.Serve(order, at, Optional.of(reason), held.at(), null, 0));
      } else {
        if (journaling) {
          clock.tell(journal, CafeEvent.ofOrder(at, CafeEvent.Type.DRINK_RETRIED, order, null)
              .because(barista.path().name() + " was restarted"));
        }
        queue.add(new Line.Waiting(order, at, held.attempt()));
      }
    }
    atCounter.remove(barista);
    lastHandover.remove(barista);
    idle.removeIf(i -> i.barista().equals(barista));
    if (assigned[number - 1] == 0) {
      idle.add(idle(barista, at));
    }
    return dispatch();
  }

  /** The customer leaves at the instant its patience ran out; its orders leave the queue. */
  private void renege(Impatient gone) {
    impatient.remove(gone.customerNo());
    open -= queue.removeIf(w -> w.order().customerNo() == gone.customerNo());
    if (journaling) {
      clock.tell(journal, CafeEvent.ofCustomer(gone.until(), CafeEvent.Type.CUSTOMER_RENEGED,
          gone.name(), gone.customerNo()));
      clock.tell(journal, new Message(gone.until(), NAME, Message.customerActor(gone.customerNo()),
          Message.RENEGED, gone.name(), null, gone.customerNo(), null));
    }
    clock.tell(gone.customer(), new Customer.Reneged(gone.until()));
  }

  /** One alarm, for the soonest patience to run out (a little after, see PATIENCE_GRACE). */
  private void setPatienceAlarm() {
    if (patienceRunsOut.isEmpty()) {
      clock.cancel(timers, getContext().getSelf(), PatienceAlarm.RING);
    } else {
      long graceNanos = Math.max(PATIENCE_GRACE.toNanos(),
          Math.min(MAX_PATIENCE_GRACE.toNanos(), Math.round(2 * worstLateMillis * 1e6)));
      clock.wakeAt(timers, getContext().getSelf(), PatienceAlarm.RING, PatienceAlarm.RING,
          timeline, patienceRunsOut.peek().until(), RunClock.Phase.PATIENCE,
          java.time.Duration.ofNanos(graceNanos));
    }
  }

  private void noteLate(double at) {
    worstLateMillis = Math.max(worstLateMillis, timeline.lagMillis(at));
  }

  private void serve(Customer.Serve serve) {
    Order order = serve.order();
    if (journaling) {
      clock.tell(journal, Message.about(serve.at(), NAME, Message.customerActor(order.customerNo()),
          Message.SERVE, order));
    }
    clock.tell(order.customer(), serve);
  }

  /** Tells the barista to make the order from {@code at}: its {@code attempt}-th start. */
  private void make(ActorRef<Barista.Command> barista, Order order, double at, int attempt) {
    Impatient started = impatient.remove(order.customerNo());
    if (started != null) {
      patienceRunsOut.remove(started);
    }
    assigned[numbers.get(barista) - 1]++;
    var make = new Barista.Make(order, at, attempt);
    if (journaling) {
      clock.tell(journal, Message.about(at, NAME, barista.path().name(), Message.MAKE, order));
    }
    clock.tell(barista, make);
  }

  /**
   * Hands out orders now, or on a virtual clock once every message of the instant is in: the
   * baristas free at an instant then take its orders in a fixed order, whatever order their
   * messages came in.
   */
  private Behavior<Command> dispatch() {
    if (!clock.virtual()) {
      return handOut();
    }
    if (!settling && atTheDoor <= 0 && !queue.isEmpty() && !idle.isEmpty()) {
      settling = true;
      clock.wakeAt(timers, getContext().getSelf(), Settle.NOW, Settle.NOW, timeline,
          clock.now(timeline), RunClock.Phase.SETTLE, java.time.Duration.ZERO);
    }
    return closeIfDone();
  }

  private Behavior<Command> handOut() {
    while (atTheDoor <= 0 && !queue.isEmpty() && !idle.isEmpty()) {
      Line.Waiting next = queue.peek();
      Idle barista = idle.peek();
      double startAt = Math.max(next.at(), barista.since());
      Impatient waiting = impatient.get(next.order().customerNo());
      if (waiting != null && waiting.until() < startAt) {
        // Its patience ran out before this start could be: it has left (a start at that very
        // instant would have won).
        patienceRunsOut.remove(waiting);
        renege(waiting);
        continue;
      }
      queue.poll();
      idle.poll();
      make(barista.barista(), next.order(), startAt, next.attempts() + 1);
    }
    return closeIfDone();
  }

  /** The barista, free from {@code since}. */
  private Idle idle(ActorRef<Barista.Command> barista, double since) {
    return new Idle(barista, since, numbers.get(barista));
  }

  private Behavior<Command> closeIfDone() {
    boolean done = toArrive <= 0 && open == 0 && idle.size() == baristas && !settling;
    // Not this: under interceptors (the clock's counting, timers) a behaviour other than
    // same() has Pekko wrap the interceptor anew, at every message the cafe handles.
    return done ? Behaviors.stopped() : Behaviors.same();
  }
}
