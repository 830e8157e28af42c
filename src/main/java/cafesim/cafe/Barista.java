package cafesim.cafe;

import cafesim.cafe.CafeEvent.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Map;
import java.util.List;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Makes drinks. Hands-on time keeps the barista busy in either mode. Brewing is a wait: in
 * {@link Mode#ASYNC} the barista starts the machine and tells the cafe it is free for the next
 * order (seed 004's clerk); in {@link Mode#SYNC} it stands by the machine until the drink is done.
 * Either way the wait is a timer message, never a blocked thread.
 *
 * <p>A barista may slip at the end of a step (with the shift's failure rate): it throws, its
 * supervisor restarts it, and before the restart it tells the cafe which drinks it had, so
 * none is lost: the cafe has them remade, or gives one up after the shift's tries.
 */
public final class Barista extends AbstractBehavior<Barista.Command> {

  public sealed interface Command {}

  /**
   * From the cafe: make this drink, starting at simulated time {@code at}; {@code attempt}
   * counts from 1 (a drink remade after a slip is tried again).
   */
  public record Make(Order order, double at, int attempt) implements Command {}

  /**
   * A drink this barista has started at simulated time {@code at}, and which attempt at it
   * that is. It goes with the drink through each step, and back to the cafe with the drink,
   * done or lost: the cafe keeps nothing of its own per drink being made.
   */
  public record Started(Order order, double at, int attempt) {}

  /** A step of a started drink that ends at simulated time {@code at}. */
  private sealed interface Due {
    double at();

    Started drink();
  }

  private record HandsOnDone(Started drink, double at) implements Due {}

  private record BrewDone(Started drink, double at) implements Due {}

  /**
   * The barista's one alarm, set for the earliest step due. One timer however many drinks
   * brew: a barista with a million brews keeps a queue, not a million timers.
   */
  private enum Alarm implements Command { RING }

  /** What a barista throws when it slips; its supervisor restarts it. */
  static final class Slip extends RuntimeException {
    Slip(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * A supervised barista: restarted after a slip, quietly (the slip is an event of the run,
   * not an error of the service). Its chances are keyed by drink, attempt and step, so a
   * retried drink (a new attempt) does not meet the same fate again.
   */
  public static Behavior<Command> create(String name, Shift shift, Chances chances,
      ActorRef<Cafe.Command> cafe, ActorRef<Happening> journal) {
    Behavior<Command> barista = Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new Barista(context, timers, name, shift, chances, cafe, journal)));
    return shift.clock().counting(Behaviors.supervise(barista).onFailure(Slip.class,
        SupervisorStrategy.restart().withLoggingEnabled(false)), message -> true);
  }

  private final TimerScheduler<Command> timers;
  private final String name;
  private final Mode mode;
  private final int machines;
  private final Timeline timeline;
  private final RunClock clock;
  private final double failureRate;
  private final Chances chances;
  private final ActorRef<Cafe.Command> cafe;
  private final ActorRef<Happening> journal;
  /** Whether anyone keeps what the journal is told (see {@link Happening#heard}). */
  private final boolean journaling;

  /** The drink that has the barista's attention: hands-on work, or (sync) the whole drink. */
  private Started inHands;
  /** How many of its drinks are brewing: each has its {@link BrewDone} in {@link #pending}. */
  private int brewing;
  /** The cafe counts this barista as free until it sends the next {@link Make}. */
  private boolean offeredToCafe = true;
  /**
   * Steps waiting for their time, by instant; those of one instant in the order they were set.
   * A crowd's brews all end at one instant: one queue of them, not a heap to sift.
   */
  private final TreeMap<Double, ArrayDeque<Due>> pending = new TreeMap<>();
  /** The instant the alarm is set for; NaN when it is not set. */
  private double alarmAt = Double.NaN;
  /** The drink it slipped on, and when: read when the supervisor restarts it. */
  private Started slippedOn;
  private double slippedAt;

  private Barista(ActorContext<Command> context, TimerScheduler<Command> timers, String name,
      Shift shift, Chances chances, ActorRef<Cafe.Command> cafe,
      ActorRef<Happening> journal) {
    super(context);
    this.timers = timers;
    this.name = name;
    this.mode = shift.mode();
    this.machines = shift.machines();
    this.timeline = shift.timeline();
    this.clock = shift.clock();
    this.failureRate = shift.failureRate();
    this.chances = chances;
    this.cafe = cafe;
    this.journal = journal;
    this.journaling = Happening.heard(journal, context.getSystem());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Make.class, this::onMake)
        .onMessage(Alarm.class, ring -> onAlarm())
        .onSignal(PreRestart.class, restart -> {
          if (journaling) {
            clock.tell(journal, CafeEvent.ofBarista(slippedAt, Type.BARISTA_RESTARTED, name));
          }
          var failed = new Cafe.BaristaFailed(getContext().getSelf(), slippedOn.order(), held(),
              slippedAt);
          if (journaling) {
            clock.tell(journal, Message.about(slippedAt, name, Cafe.NAME, Message.BARISTA_FAILED,
                slippedOn.order()));
          }
          clock.tell(cafe, failed);
          return Behaviors.same();
        })
        .build();
  }

  private Behavior<Command> onMake(Make make) {
    offeredToCafe = false;
    Started drink = new Started(make.order(), make.at(), make.attempt());
    if (journaling) {
      clock.tell(journal, CafeEvent.ofOrder(make.at(), Type.DRINK_STARTED, drink.order(), name));
    }
    double handsOn = chances.handsOnSeconds(drink.order(), drink.attempt());
    if (handsOn > 0) {
      inHands = drink;
      after(new HandsOnDone(drink, make.at() + handsOn));
    } else {
      startBrew(drink, make.at());
    }
    return Behaviors.same();
  }

  private void startBrew(Started drink, double at) {
    if (mode == Mode.SYNC) {
      inHands = drink;
    }
    double brew = chances.brewSeconds(drink.order(), drink.attempt());
    if (brew > 0) {
      brewing++;
      after(new BrewDone(drink, at + brew));
      offerIfFree(at);
    } else {
      ready(drink, at, false);
    }
  }

  /** The drink is done at {@code at}: it was brewing if {@code brewed}. */
  private void ready(Started drink, double at, boolean brewed) {
    brewing -= brewed ? 1 : 0;
    Order order = drink.order();
    // This barista's time on it: its hands, and in sync mode standing by the machine too. The
    // draws are keyed, so asking again gives the times it was made in.
    double handsOn = chances.handsOnSeconds(order, drink.attempt());
    double busy = mode == Mode.SYNC
        ? handsOn + chances.brewSeconds(order, drink.attempt()) : handsOn;
    if (drink.equals(inHands)) {
      inHands = null;
    }
    var drinkReady = new Cafe.DrinkReady(drink, getContext().getSelf(), at, busy);
    if (journaling) {
      clock.tell(journal, CafeEvent.ofOrder(at, Type.DRINK_READY, order, name));
      clock.tell(journal, Message.about(at, name, Cafe.NAME, Message.DRINK_READY, order));
    }
    clock.tell(cafe, drinkReady);
    offerIfFree(at);
  }

  /** With the shift's failure rate, the barista slips at the end of this step. */
  private void mightSlip(Started drink, double at, Chances.Step step) {
    Order order = drink.order();
    if (failureRate > 0 && chances.draw(order, drink.attempt(), step) < failureRate) {
      slippedOn = drink;
      slippedAt = at;
      String reason = name + " slipped at the end of "
          + (step == Chances.Step.HANDS_ON ? "hands-on" : "brewing");
      if (journaling) {
        clock.tell(journal,
            CafeEvent.ofOrder(at, Type.BARISTA_FAILED, order, name).because(reason));
      }
      throw new Slip(reason);
    }
  }

  /**
   * Every drink this barista has started and not handed over, lost with a restart, in the
   * order they were asked: the one it slipped on, and those whose next step is still pending
   * (every other drink it holds has one).
   */
  private List<Started> held() {
    List<Started> held = new ArrayList<>();
    held.add(slippedOn);
    pending.values().forEach(steps -> steps.forEach(step -> held.add(step.drink())));
    held.sort(Comparator.comparing(Started::order, Order::compareInRun));
    return held;
  }

  private void offerIfFree(double at) {
    boolean machineFree = machines == 0 || brewing < machines;
    if (!offeredToCafe && inHands == null && machineFree) {
      offeredToCafe = true;
      var free = new Cafe.BaristaFree(getContext().getSelf(), at);
      if (journaling) {
        clock.tell(journal, Message.plain(at, name, Cafe.NAME, Message.BARISTA_FREE));
      }
      clock.tell(cafe, free);
    }
  }

  /**
   * Every step due by now, in order of their instants: the one the alarm was set for, and any
   * the clock has passed too. A late alarm never holds a step back, and each step still
   * happens at its own simulated instant.
   */
  private Behavior<Command> onAlarm() {
    alarmAt = Double.NaN;
    double first = pending.isEmpty() ? Double.NaN : pending.firstKey();
    while (!pending.isEmpty()) {
      Map.Entry<Double, ArrayDeque<Due>> earliest = pending.firstEntry();
      if (earliest.getKey() > first && !timeline.until(earliest.getKey()).isZero()) {
        break;
      }
      Due next = earliest.getValue().poll();
      if (earliest.getValue().isEmpty()) {
        pending.remove(earliest.getKey());
      }
      if (journaling) {
        clock.tell(journal, Message.about(next.at(), name, name,
            next instanceof HandsOnDone ? Message.HANDS_ON_DONE : Message.BREW_DONE,
            next.drink().order()));
      }
      if (next instanceof HandsOnDone done) {
        mightSlip(done.drink(), done.at(), Chances.Step.HANDS_ON);
        inHands = null;
        startBrew(done.drink(), done.at());
      } else {
        mightSlip(next.drink(), next.at(), Chances.Step.BREWING);
        ready(next.drink(), next.at(), true);
      }
    }
    arm();
    return Behaviors.same();
  }

  private void after(Due due) {
    pending.computeIfAbsent(due.at(), at -> new ArrayDeque<>()).add(due);
    arm();
  }

  /** Sets the alarm for the earliest step due, unless it is set for that already. */
  private void arm() {
    if (pending.isEmpty()) {
      return;
    }
    double earliest = pending.firstKey();
    if (earliest != alarmAt) {
      alarmAt = earliest;
      clock.wakeAt(timers, getContext().getSelf(), Alarm.RING, Alarm.RING, timeline, earliest,
          RunClock.Phase.NOW, java.time.Duration.ZERO);
    }
  }
}
