package cafesim.cafe;

import cafesim.cafe.CafeEvent.Type;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
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
 */
public final class Barista extends AbstractBehavior<Barista.Command> {

  public sealed interface Command {}

  /** From the cafe: make this drink, starting at simulated time {@code at}. */
  public record Make(Order order, double at) implements Command {}

  /** A timer's message: due at simulated time {@code at}. */
  private sealed interface Due extends Command {
    double at();
  }

  private record HandsOnDone(Order order, double at) implements Due {}

  private record BrewDone(Order order, double at) implements Due {}

  /**
   * @param machines how many drinks may brew at once in async mode; 0 means no limit
   */
  public static Behavior<Command> create(
      String name, Mode mode, int machines, Timeline timeline,
      ActorRef<Cafe.Command> cafe, ActorRef<Happening> journal) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new Barista(context, timers, name, mode, machines, timeline, cafe, journal)));
  }

  private final TimerScheduler<Command> timers;
  private final String name;
  private final Mode mode;
  private final int machines;
  private final Timeline timeline;
  private final ActorRef<Cafe.Command> cafe;
  private final ActorRef<Happening> journal;

  /** The drink that has the barista's attention: hands-on work, or (sync) the whole drink. */
  private Order inHands;
  private final Set<Order> brewing = new HashSet<>();
  /** The cafe counts this barista as free until it sends the next {@link Make}. */
  private boolean offeredToCafe = true;

  private Barista(
      ActorContext<Command> context, TimerScheduler<Command> timers, String name, Mode mode,
      int machines, Timeline timeline, ActorRef<Cafe.Command> cafe, ActorRef<Happening> journal) {
    super(context);
    this.timers = timers;
    this.name = name;
    this.mode = mode;
    this.machines = machines;
    this.timeline = timeline;
    this.cafe = cafe;
    this.journal = journal;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Make.class, this::onMake)
        .onMessage(HandsOnDone.class, done -> {
          journal.tell(Message.about(done.at(), name, name, done, done.order()));
          inHands = null;
          startBrew(done.order(), done.at());
          return this;
        })
        .onMessage(BrewDone.class, done -> {
          journal.tell(Message.about(done.at(), name, name, done, done.order()));
          ready(done.order(), done.at());
          return this;
        })
        .build();
  }

  private Behavior<Command> onMake(Make make) {
    offeredToCafe = false;
    Order order = make.order();
    journal.tell(CafeEvent.ofOrder(make.at(), Type.DRINK_STARTED, order, name));
    double handsOn = order.drink().handsOnSeconds();
    if (handsOn > 0) {
      inHands = order;
      after(new HandsOnDone(order, make.at() + handsOn));
    } else {
      startBrew(order, make.at());
    }
    return this;
  }

  private void startBrew(Order order, double at) {
    if (mode == Mode.SYNC) {
      inHands = order;
    }
    double brew = order.drink().brewSeconds();
    if (brew > 0) {
      brewing.add(order);
      after(new BrewDone(order, at + brew));
      offerIfFree(at);
    } else {
      ready(order, at);
    }
  }

  private void ready(Order order, double at) {
    brewing.remove(order);
    if (order.equals(inHands)) {
      inHands = null;
    }
    journal.tell(CafeEvent.ofOrder(at, Type.DRINK_READY, order, name));
    var drinkReady = new Cafe.DrinkReady(order, getContext().getSelf(), at);
    journal.tell(Message.about(at, name, Cafe.NAME, drinkReady, order));
    cafe.tell(drinkReady);
    offerIfFree(at);
  }

  private void offerIfFree(double at) {
    boolean machineFree = machines == 0 || brewing.size() < machines;
    if (!offeredToCafe && inHands == null && machineFree) {
      offeredToCafe = true;
      var free = new Cafe.BaristaFree(getContext().getSelf(), at);
      journal.tell(Message.plain(at, name, Cafe.NAME, free));
      cafe.tell(free);
    }
  }

  /** Each timer is keyed by its own message: one timer per drink and step, none replaced. */
  private void after(Due due) {
    timers.startSingleTimer(due, due, timeline.until(due.at()));
  }
}
