package cafesim.run;

import cafesim.cafe.Menu;
import cafesim.cafe.Mode;
import cafesim.cafe.OrderStyle;
import cafesim.run.RunSpec.CustomerSpec;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * A seed example as a run: who orders what, and the totals the seed states for both modes.
 *
 * @param seed the seed document's file name
 */
public record Scenario(
    String name,
    String description,
    String seed,
    Expected expectedSeconds,
    @JsonIgnore List<Guest> guests) {

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
    boolean asInTheSeed = baristas == 1 && machines == 0;
    return new RunSpec(name, mode, speed, baristas, machines, customers,
        asInTheSeed ? expectedSeconds.of(mode) : null);
  }
}
