package cafesim.http;

import cafesim.Settings;
import cafesim.cafe.Drink;
import cafesim.cafe.Menu;
import cafesim.cafe.Mode;
import cafesim.cafe.OrderStyle;
import cafesim.run.RunSpec;
import cafesim.run.RunSpec.CustomerSpec;
import cafesim.run.Scenario;
import cafesim.run.Scenarios;
import cafesim.http.ApiError.Failure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /runs} (and, without {@code mode}, of {@code POST /runs/compare}):
 * a built-in scenario, or a custom list of customers. Every field but one of those two is
 * optional; {@link #toSpec} checks all of it against the menu and the limits.
 */
public record RunRequest(
    String scenario,
    String mode,
    Double speed,
    Integer baristas,
    Integer machines,
    Double failureRate,
    List<CustomerRequest> customers) {

  /** One customer of a custom run; {@code order} is "together" (default) or "one-by-one". */
  public record CustomerRequest(String name, List<String> drinks, String order) {}

  private static final String MODES = "sync, async";

  /** The run this request asks for; mode defaults to async. */
  public RunSpec toSpec(Settings settings) {
    Mode chosen = mode == null ? Mode.ASYNC : Mode.parse(mode).orElseThrow(() ->
        Failure.badRequest("field 'mode' is '" + mode + "'; allowed values: " + MODES));
    return toSpec(settings, chosen);
  }

  /** The same run in the given mode, for a comparison (which must not name a mode itself). */
  public RunSpec toSpec(Settings settings, Mode chosen) {
    double rate = failureRate == null ? settings.faults().failureRate() : failureRate;
    if (!(rate >= 0 && rate <= 1)) {
      throw Failure.badRequest("field 'failureRate' is " + number(rate)
          + "; allowed: 0 to 1 (the chance a barista slips at each step of a drink)");
    }
    RunSpec spec = toSpec(settings.menu(), settings.runs(), chosen)
        .withFaults(new RunSpec.Faults(rate, settings.faults().maxTries()));
    // The seeds' totals are for baristas that never slip.
    return rate > 0 ? spec.withoutExpectedTotal() : spec;
  }

  private RunSpec toSpec(Menu menu, Settings.Runs limits, Mode chosen) {
    double s = speed == null ? limits.defaultSpeed() : speed;
    if (!(s > 0 && s <= limits.maxSpeed())) {
      throw Failure.badRequest("field 'speed' is " + number(s) + "; allowed: 0 < speed <= "
          + number(limits.maxSpeed()) + " (1 = real time)");
    }
    int b = baristas == null ? limits.defaultBaristas() : baristas;
    if (b < 1 || b > limits.maxBaristas()) {
      throw Failure.badRequest("field 'baristas' is " + b + "; allowed: 1 to " + limits.maxBaristas());
    }
    int m = machines == null ? limits.defaultMachines() : machines;
    if (m < 0) {
      throw Failure.badRequest("field 'machines' is " + m + "; allowed: 0 (no limit) or more");
    }
    if (scenario != null && customers != null) {
      throw Failure.badRequest("give either 'scenario' or 'customers', not both");
    }
    if (scenario != null) {
      Scenario found = Scenarios.find(scenario).orElseThrow(() -> Failure.notFound(
          "scenario '" + scenario + "' does not exist; scenarios: " + Scenarios.names()));
      return found.toSpec(menu, chosen, s, b, m);
    }
    if (customers == null) {
      throw Failure.badRequest("field 'scenario' or 'customers' is required; scenarios: "
          + Scenarios.names());
    }
    return new RunSpec(null, chosen, s, b, m, customers(menu, limits), null);
  }

  /** 1000.0 as "1000", 0.5 as "0.5". */
  static String number(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private List<CustomerSpec> customers(Menu menu, Settings.Runs limits) {
    if (customers.isEmpty() || customers.size() > limits.maxCustomers()) {
      throw Failure.badRequest("field 'customers' has " + customers.size()
          + " entries; allowed: 1 to " + limits.maxCustomers());
    }
    List<CustomerSpec> specs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < customers.size(); i++) {
      String field = "customers[" + i + "]";
      CustomerRequest c = customers.get(i);
      if (c == null) {
        throw Failure.badRequest("field '" + field + "' must be an object");
      }
      String name = c.name() == null ? "customer-" + (i + 1) : c.name().strip();
      if (name.isEmpty() || name.length() > 64) {
        throw Failure.badRequest("field '" + field + ".name' must have 1 to 64 characters");
      }
      if (!names.add(name)) {
        throw Failure.badRequest("field '" + field + ".name': '" + name + "' is used twice");
      }
      OrderStyle style = c.order() == null ? OrderStyle.TOGETHER
          : OrderStyle.parse(c.order()).orElseThrow(() -> Failure.badRequest("field '" + field
              + ".order' is '" + c.order() + "'; allowed values: together, one-by-one"));
      if (c.drinks() == null || c.drinks().isEmpty()
          || c.drinks().size() > limits.maxDrinksPerCustomer()) {
        throw Failure.badRequest("field '" + field + ".drinks' needs 1 to "
            + limits.maxDrinksPerCustomer() + " drinks from the menu: " + menu.names());
      }
      List<Drink> drinks = new ArrayList<>();
      for (int d = 0; d < c.drinks().size(); d++) {
        String drink = c.drinks().get(d);
        if (drink == null) {
          throw Failure.badRequest("field '" + field + ".drinks[" + d + "]' is null; allowed: "
              + menu.names());
        }
        drinks.add(menu.find(drink).orElseThrow(() -> Failure.badRequest("field '" + field
            + ".drinks' has '" + drink + "', which is not on the menu; allowed: " + menu.names())));
      }
      specs.add(new CustomerSpec(name, drinks, style));
    }
    return specs;
  }
}
