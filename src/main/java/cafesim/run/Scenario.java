package cafesim.run;

import cafesim.cafe.Menu;
import cafesim.cafe.Mode;
import cafesim.cafe.OrderStyle;
import cafesim.run.RunSpec.CustomerSpec;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * A run worth telling: a seed example (who orders what, and the totals the seed states for
 * both modes), or a cafe under a crowd.
 *
 * @param seed the seed document's file name; null for a scenario not from the seeds
 * @param expectedSeconds the seed's totals; null without a seed
 * @param baristas how many the scenario is staffed with unless the request says otherwise;
 *     null: the configured default
 * @param arrivals the guests it makes up (as {@code arrivals} in a request); null: none
 */
public record Scenario(
    String name,
    String description,
    String seed,
    Expected expectedSeconds,
    Integer baristas,
    Crowd arrivals,
    @JsonIgnore List<Guest> guests) {

  /** A seed example: its customers, one barista, the seed's totals. */
  public Scenario(String name, String description, String seed, Expected expectedSeconds,
      List<Guest> guests) {
    this(name, description, seed, expectedSeconds, null, null, guests);
  }

  /** Guests as a request gives them, with drinks named as on the menu. */
  public record Crowd(int count, Arrivals.Process process, double perSecond, List<String> drinks,
      List<Double> weights, int drinksPerCustomer, Double patienceSeconds) {

    Arrivals toArrivals(Menu menu) {
      return new Arrivals(count, process, perSecond, drinks.stream().map(menu::get).toList(),
          weights, drinksPerCustomer, patienceSeconds);
    }
  }

  public record Expected(double sync, double async) {
    public double of(Mode mode) {
      return mode == Mode.SYNC ? sync : async;
    }
  }

  /** A customer of the scenario, with drinks named as on the menu. */
  public record Guest(String name, OrderStyle order, List<String> drinks) {}

  /**
   * The run of this scenario. Its expected total is the seed's for one barista with no limit
   * on machines; with other staffing there is no seed to compare with, and it is null.
   */
  public RunSpec toSpec(Menu menu, Mode mode, double speed, int baristas, int machines) {
    List<CustomerSpec> customers = guests.stream()
        .map(g -> new CustomerSpec(g.name(), g.drinks().stream().map(menu::get).toList(), g.order()))
        .toList();
    boolean asInTheSeed = expectedSeconds != null && baristas == 1 && machines == 0;
    return new RunSpec(name, mode, speed, baristas, machines, customers,
        asInTheSeed ? expectedSeconds.of(mode) : null)
        .withArrivals(arrivals == null ? null : arrivals.toArrivals(menu));
  }
}
