package cafesim.run;

import cafesim.cafe.Drink;
import cafesim.cafe.Mode;
import cafesim.cafe.OrderStyle;
import java.util.List;

/**
 * Everything a run needs, already checked against the menu and the limits.
 *
 * @param scenario the built-in scenario's name, or null for a custom run
 * @param machines drinks one barista may brew at once in async mode; 0 means no limit
 * @param expectedSeconds the total the seeds state for this scenario and mode; null if custom
 */
public record RunSpec(
    String scenario,
    Mode mode,
    double speed,
    int baristas,
    int machines,
    List<CustomerSpec> customers,
    Double expectedSeconds) {

  public RunSpec {
    customers = List.copyOf(customers);
  }

  /**
   * An upper bound on the run's simulated length: every drink one after another. No barista
   * idles while an order waits, so the run cannot take longer.
   */
  public double longestSeconds() {
    return customers.stream().flatMap(c -> c.drinks().stream())
        .mapToDouble(d -> d.brewSeconds() + d.handsOnSeconds()).sum();
  }

  public record CustomerSpec(String name, List<Drink> drinks, OrderStyle order) {
    public CustomerSpec {
      drinks = List.copyOf(drinks);
    }
  }
}
