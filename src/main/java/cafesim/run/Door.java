package cafesim.run;

import cafesim.cafe.Chances;
import cafesim.cafe.Customer;
import cafesim.cafe.OrderStyle;
import cafesim.run.RunSpec.CustomerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Who comes into a run's cafe, and when: its listed customers by the instant they come, then
 * the guests its {@link Arrivals} make up, one at a time as they come (a day of arrivals is
 * never a day of customers in memory). Not an actor: the {@link Run}'s own state, which sets
 * one timer for the {@link #next} instant and lets in who is {@link #dueAt} it.
 */
final class Door {

  private final RunSpec spec;
  private final Chances chances;
  /** Listed customers still to come, by instant: their index in the spec. */
  private final TreeMap<Double, List<Integer>> listed = new TreeMap<>();
  /** Guests let in so far, and when the next one comes (infinite: no more). */
  private int guestsIn;
  private double nextGuestAt = Double.POSITIVE_INFINITY;

  Door(RunSpec spec) {
    this.spec = spec;
    this.chances = new Chances(spec.seed());
    for (int i = 0; i < spec.customers().size(); i++) {
      listed.computeIfAbsent(spec.customers().get(i).arriveAtSeconds(), at -> new ArrayList<>())
          .add(i);
    }
    if (spec.arrivals() != null && spec.arrivals().count() > 0) {
      nextGuestAt = spec.arrivals().arrival(1, 0.0, chances);
    }
  }

  /** The next instant someone comes in at; empty once everyone has. */
  OptionalDouble next() {
    double next = Math.min(listed.isEmpty() ? Double.POSITIVE_INFINITY : listed.firstKey(),
        nextGuestAt);
    return next == Double.POSITIVE_INFINITY ? OptionalDouble.empty() : OptionalDouble.of(next);
  }

  /** Who comes in at {@code at}: listed customers first, then guests, by number. */
  List<Customer.Visit> dueAt(double at) {
    List<Customer.Visit> visits = new ArrayList<>();
    List<Integer> customers = listed.remove(at);
    if (customers != null) {
      for (int i : customers) {
        CustomerSpec c = spec.customers().get(i);
        visits.add(new Customer.Visit(c.name(), i + 1, c.drinks(), c.order(), at,
            c.patienceSeconds()));
      }
    }
    Arrivals arrivals = spec.arrivals();
    while (nextGuestAt == at) {
      int guest = ++guestsIn;
      int customerNo = spec.customers().size() + guest;
      visits.add(new Customer.Visit(Arrivals.guestName(customerNo), customerNo,
          arrivals.order(guest, chances), OrderStyle.TOGETHER, at, arrivals.patienceSeconds()));
      nextGuestAt = guest < arrivals.count() ? arrivals.arrival(guest + 1, at, chances)
          : Double.POSITIVE_INFINITY;
    }
    return visits;
  }
}
