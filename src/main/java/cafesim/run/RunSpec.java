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
 * @param faults how often baristas slip, and how often a drink is tried
 */
public record RunSpec(
    String scenario,
    Mode mode,
    double speed,
    int baristas,
    int machines,
    List<CustomerSpec> customers,
    Double expectedSeconds,
    Faults faults) {

  public RunSpec {
    customers = List.copyOf(customers);
  }

  /** A run whose baristas never slip. */
  public RunSpec(String scenario, Mode mode, double speed, int baristas, int machines,
      List<CustomerSpec> customers, Double expectedSeconds) {
    this(scenario, mode, speed, baristas, machines, customers, expectedSeconds, Faults.NONE);
  }

  public RunSpec withoutExpectedTotal() {
    return new RunSpec(scenario, mode, speed, baristas, machines, customers, null, faults);
  }

  public RunSpec withFaults(Faults other) {
    return new RunSpec(scenario, mode, speed, baristas, machines, customers, expectedSeconds, other);
  }

  /**
   * @param failureRate the chance (0 to 1) that a barista slips at the end of a step
   * @param maxTries how often a drink is made before it is given up
   */
  public record Faults(double failureRate, int maxTries) {
    public static final Faults NONE = new Faults(0, 3);
  }

  /** How many drinks the run's customers order, all told. */
  public int drinks() {
    return customers.stream().mapToInt(c -> c.drinks().size()).sum();
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
