package cafesim.cafe;

import cafesim.cafe.CafeEvent.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractMatchingBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Orders drinks (all together like {@code asyncio.gather}, or one after another like an
 * awaited loop), collects them as they come, and reports the results in the order it asked,
 * not the order they were finished.
 */
public final class Customer extends AbstractMatchingBehavior<Customer.Command> {

  public sealed interface Command {}

  /**
   * From the cafe: a drink is handed over at simulated time {@code at} by {@code barista},
   * having been started at {@code startedAt}, after {@code busySeconds} of that barista's work;
   * or, with a {@code failure}, given up (its last start, if any, in {@code startedAt}; no
   * barista, no work). The customer says whom it took the drink from when it tells the cafe.
   */
  public record Serve(Order order, double at, Optional<String> failure, Double startedAt,
      ActorRef<Barista.Command> barista, double busySeconds) implements Command {}

  /**
   * One drink's times, for the run's statistics: ordered, started (null if never), done
   * (handed over or given up), by which barista (null if given up) and its work on it.
   */
  public record DrinkTimes(Drink drink, double orderedAt, Double startedAt, double doneAt,
      String barista, double busySeconds) {}

  /**
   * From the cafe: this customer's patience ran out at {@code at} before any of its drinks was
   * started; its orders have left the queue.
   */
  public record Reneged(double at) implements Command {}

  /** What a customer tells whoever started it when it is done: served, or gone. */
  public sealed interface Outcome {}

  /**
   * Everything ordered has come, at simulated time {@code at} on the run's timeline, to a
   * customer who came in at {@code arrivedAt}; {@code drinks}: each drink's times, in the order
   * asked; {@code measuredSeconds} is when that happened by the wall clock, and
   * {@code worstLagMillis} the longest any of its drinks reached it after its instant (wall ms).
   */
  public record Served(String name, int customerNo, List<String> results,
      List<FailedDrink> failures, double arrivedAt, double at, List<DrinkTimes> drinks,
      double measuredSeconds, double worstLagMillis) implements Outcome {}

  /**
   * It left at {@code at}, unserved: its patience ran out. It had come in at {@code arrivedAt}
   * and ordered {@code waiting} drinks, none of them started.
   */
  public record Left(String name, int customerNo, double arrivedAt, double at, int waiting)
      implements Outcome {}

  /**
   * Who comes in, when, and for what.
   *
   * @param customerNo its number in the run, from 1
   * @param arriveAt when it comes in and orders, in simulated seconds
   * @param patience how long it waits for its first drink to be started; null: for ever
   */
  public record Visit(String name, int customerNo, List<Drink> drinks, OrderStyle style,
      double arriveAt, Double patience) {
    public Visit {
      drinks = List.copyOf(drinks);
    }
  }

  /** A drink the cafe gave up on: its place in the order, and why. */
  public record FailedDrink(int drinkNo, String drink, String reason) {}

  /** What stands in the results for a drink the cafe gave up on. */
  public static final String FAILED = "FAILED";


  /**
   * A customer who comes in, and orders, as {@code visit} says. One who came in after the
   * start leaves once done, so a day of arrivals never holds a day of customers.
   */
  public static Behavior<Command> create(Visit visit, Timeline timeline, RunClock clock,
      ActorRef<Cafe.Command> cafe, ActorRef<Happening> journal, ActorRef<Outcome> reportTo) {
    return clock.counting(Behaviors.setup(context -> new Customer(context, visit, timeline,
        clock, cafe, journal, reportTo)), message -> true);
  }

  private final String name;
  private final int customerNo;
  private final List<Drink> drinks;
  private final OrderStyle style;
  private final Timeline timeline;
  private final RunClock clock;
  private final ActorRef<Cafe.Command> cafe;
  private final ActorRef<Happening> journal;
  /** Whether anyone keeps what the journal is told (see {@link Happening#heard}). */
  private final boolean journaling;
  /** Its actor name, as the messages it journals name it; null if it journals nothing. */
  private final String actorName;
  private final ActorRef<Outcome> reportTo;
  /** Whether it stays, idle, until the cafe closes (a crowd at the start) or goes when done. */
  private final boolean leavesWhenDone;
  /**
   * Each drink's times, once it has come. When a drink was ordered is not kept: at the arrival,
   * or (one by one) when the one before it came. What it got is told at the end: a crowd of
   * customers waits in memory, so each keeps what it must and no more.
   */
  private final DrinkTimes[] times;
  private final double arrivedAt;
  private int ordered;
  /** The drinks the cafe gave up on; null while there are none (most customers). */
  private List<FailedDrink> failures;
  private int collected;
  /** The latest any drink reached this customer after its instant on the timeline, wall ms. */
  private double worstLagMillis;
  /**
   * When the last of its drinks was ready: the latest instant, not the instant of the last
   * message. A barista running behind its timeline may hand over a drink due at 3 s before one
   * due at 1 s; the customer is still served at 3.
   */
  private double servedAt;

  private Customer(ActorContext<Command> context, Visit visit, Timeline timeline,
      RunClock clock, ActorRef<Cafe.Command> cafe, ActorRef<Happening> journal,
      ActorRef<Outcome> reportTo) {
    super(context);
    this.clock = clock;
    this.name = visit.name();
    this.customerNo = visit.customerNo();
    this.drinks = visit.drinks();
    this.style = visit.style();
    this.leavesWhenDone = visit.arriveAt() > 0;
    double arriveAt = visit.arriveAt();
    this.timeline = timeline;
    this.cafe = cafe;
    this.journal = journal;
    this.journaling = Happening.heard(journal, context.getSystem());
    this.actorName = journaling ? Message.customerActor(customerNo) : null;
    this.reportTo = reportTo;
    this.times = new DrinkTimes[drinks.size()];
    this.arrivedAt = arriveAt;

    int first = style == OrderStyle.TOGETHER ? drinks.size() : 1;
    List<Order> orders = new ArrayList<>(first);
    for (int i = 0; i < first; i++) {
      orders.add(order(i, arriveAt));
    }
    var arrive = new Cafe.Arrive(orders, arriveAt, visit.patience());
    if (journaling) {
      clock.tell(journal, new Message(arriveAt, actorName, Cafe.NAME, Message.ARRIVE, name, null,
          customerNo, null));
    }
    clock.tell(cafe, arrive);
  }

  /**
   * Its two messages, matched here rather than by a receive builder: a run makes a customer
   * for every guest, and a builder's receive was built anew for each of them.
   */
  @Override
  public Behavior<Command> onMessage(Command message) {
    if (message instanceof Serve serve) {
      return onServe(serve);
    }
    Reneged reneged = (Reneged) message;
    clock.tell(reportTo, new Left(name, customerNo, arrivedAt, reneged.at(), ordered));
    return Behaviors.stopped();
  }

  private Behavior<Command> onServe(Serve serve) {
    Order order = serve.order();
    worstLagMillis = Math.max(worstLagMillis, timeline.lagMillis(serve.at()));
    servedAt = Math.max(servedAt, serve.at());
    if (serve.failure().isPresent()) {
      if (failures == null) {
        failures = new ArrayList<>();
      }
      failures.add(new FailedDrink(order.drinkNo(), order.drink().name(), serve.failure().get()));
    }
    times[order.drinkNo() - 1] = new DrinkTimes(order.drink(),
        orderedAt(order.drinkNo() - 1), serve.startedAt(), serve.at(),
        serve.barista() == null ? null : serve.barista().path().name(), serve.busySeconds());
    collected++;
    boolean more = style == OrderStyle.ONE_BY_ONE && order.drinkNo() < drinks.size();
    Optional<Order> next = more ? Optional.of(order(order.drinkNo(), serve.at())) : Optional.empty();
    var collectedMessage = new Cafe.Collected(order, next, serve.at(), serve.barista());
    if (journaling) {
      clock.tell(journal,
          Message.about(serve.at(), actorName, Cafe.NAME, Message.COLLECTED, order));
    }
    if (collected < drinks.size()) {
      clock.tell(cafe, collectedMessage);
      return Behaviors.same();
    }
    double measured = timeline.elapsedSeconds();
    if (journaling) {
      clock.tell(journal, CafeEvent.ofCustomer(servedAt, Type.CUSTOMER_SERVED, name, customerNo));
    }
    // The run first: once the cafe has this, it may close, and the run must have heard from
    // every customer by then (a crowd's customers and their cafe work on different threads).
    clock.tell(reportTo, new Served(name, customerNo, results(),
        failures == null ? List.of() : List.copyOf(failures), arrivedAt, servedAt,
        Arrays.asList(times), measured, worstLagMillis));
    clock.tell(cafe, collectedMessage);
    // A crowd at the start stays, idle, until the cafe closes and the run stops its actors
    // together: a crowd stopping one by one would make the run's bookkeeping the bottleneck.
    return leavesWhenDone ? Behaviors.stopped() : Behaviors.empty();
  }

  /** When drinks[index] was ordered: on arrival, or (one by one) when the one before came. */
  private double orderedAt(int index) {
    return style == OrderStyle.TOGETHER || index == 0 ? arrivedAt : times[index - 1].doneAt();
  }

  /** What it got, in the order it asked: each drink served, or {@link #FAILED}. */
  private List<String> results() {
    String[] results = new String[drinks.size()];
    for (int i = 0; i < results.length; i++) {
      results[i] = drinks.get(i).served();
    }
    if (failures != null) {
      failures.forEach(failed -> results[failed.drinkNo() - 1] = FAILED);
    }
    return Arrays.asList(results);
  }

  /** Creates the order for drinks[index] and logs it as placed. */
  private Order order(int index, double at) {
    ordered++;
    Order order = new Order(getContext().getSelf(), name, customerNo, index + 1, drinks.get(index));
    if (journaling) {
      clock.tell(journal, CafeEvent.ofOrder(at, Type.ORDER_PLACED, order, null));
    }
    return order;
  }
}
