package cafesim.run;

import cafesim.cafe.Customer;
import cafesim.cafe.Message;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Lets in a share of a crowd that comes in at one instant: makes those customers (its children)
 * and then only holds them, until the run stops with all its actors.
 *
 * <p>Why not the run itself: Pekko keeps an actor's children in a sorted tree, so one parent of
 * 100,000 customers pays a deep insertion for each, and makes them all on its one thread.
 * Greeters of {@link #CUSTOMERS_EACH} make them side by side, on every core the run's dispatcher
 * has (docs/performance.md, "Crowd"). It needs no message and no clock: the run has told its
 * clock and its cafe how many are coming, and the cafe lines them up by number whatever order
 * they come in.
 */
final class Greeter {

  /** How many customers one greeter lets in; an instant with no more than this needs none. */
  static final int CUSTOMERS_EACH = 1000;

  private Greeter() {}

  /** A greeter for {@code visits}, whose customers {@code customerFor} makes. */
  static Behavior<Void> create(List<Customer.Visit> visits,
      Function<Customer.Visit, Behavior<Customer.Command>> customerFor,
      DispatcherSelector customersDispatcher) {
    return Behaviors.setup(context -> {
      for (Customer.Visit visit : visits) {
        context.spawn(customerFor.apply(visit), Message.customerActor(visit.customerNo()),
            customersDispatcher);
      }
      return Behaviors.empty();
    });
  }

  /** Its actor name: by the first customer it lets in, unique in the run. */
  static String name(List<Customer.Visit> visits) {
    return "greeter-" + visits.get(0).customerNo();
  }
}
