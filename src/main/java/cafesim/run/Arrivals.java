package cafesim.run;

import cafesim.cafe.Chances;
import cafesim.cafe.Drink;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Customers a run makes up as it goes, rather than lists: {@code count} guests, coming in by
 * {@code process} at {@code perSecond} on average, each ordering {@code drinksPerCustomer}
 * drinks together, drawn from {@code drinks} (uniformly, or by {@code weights}). Guests are
 * numbered after the listed customers and named {@code guest-<n>} by that number.
 *
 * <p>Every draw comes from the run's seed, keyed by what it is for (the n-th gap, the k-th
 * drink of the n-th guest), so the same spec and seed make the same guests, however the run's
 * messages happen to be ordered.
 *
 * @param perSecond guests a second on average (unused for {@code at-once})
 * @param weights how likely each of {@code drinks} is; empty: all alike
 * @param patienceSeconds how long a guest waits for its first drink to be started before it
 *     leaves; null: for ever
 */
public record Arrivals(int count, Process process, double perSecond, List<Drink> drinks,
    List<Double> weights, int drinksPerCustomer, Double patienceSeconds) {

  public Arrivals {
    drinks = List.copyOf(drinks);
    weights = weights == null ? List.of() : List.copyOf(weights);
  }

  /** The name of the guest with this number in the run. */
  public static String guestName(int customerNo) {
    return "guest-" + customerNo;
  }

  /** Whether a name is one that guests are given (a listed customer may not take it). */
  public static boolean isGuestName(String name) {
    return name.matches("guest-[0-9]+");
  }

  /** How guests come in. */
  public enum Process {
    /** Independent arrivals: exponential gaps with mean 1/perSecond (M in M/D/1). */
    POISSON("poisson"),
    /** One exactly every 1/perSecond. */
    UNIFORM("uniform"),
    /** Everyone at the start: a crowd. */
    AT_ONCE("at-once");

    private final String label;

    Process(String label) {
      this.label = label;
    }

    @JsonValue
    public String label() {
      return label;
    }

    public static Optional<Process> parse(String label) {
      return Arrays.stream(values()).filter(p -> p.label.equals(label)).findFirst();
    }
  }

  /** When the {@code n}-th guest (from 1) comes in, the one before having come at {@code after}. */
  public double arrival(int n, double after, Chances chances) {
    return switch (process) {
      case AT_ONCE -> 0.0;
      case UNIFORM -> n / perSecond;
      case POISSON -> after
          - Math.log1p(-chances.draw(Chances.Purpose.ARRIVAL_GAP, n, 0)) / perSecond;
    };
  }

  /** What the {@code n}-th guest orders. */
  public List<Drink> order(int n, Chances chances) {
    // An immutable list: the customer's visit keeps it as it is rather than copying it.
    Drink[] order = new Drink[drinksPerCustomer];
    double total = weights.isEmpty() ? drinks.size()
        : weights.stream().mapToDouble(Double::doubleValue).sum();
    for (int k = 0; k < drinksPerCustomer; k++) {
      double pick = chances.draw(Chances.Purpose.DRINK_CHOICE, n, k) * total;
      int chosen = 0;
      for (double seen = weight(0); seen <= pick && chosen < drinks.size() - 1; ) {
        seen += weight(++chosen);
      }
      order[k] = drinks.get(chosen);
    }
    return List.of(order);
  }

  private double weight(int index) {
    return weights.isEmpty() ? 1 : weights.get(index);
  }

  /** How long the arrivals take on average: when the last guest is expected. */
  public double expectedSpanSeconds() {
    return process == Process.AT_ONCE ? 0 : count / perSecond;
  }

  public long drinkCount() {
    return (long) count * drinksPerCustomer;
  }

  /** The longest any guest's order may take to make, one drink after another. */
  public double longestOrderSeconds() {
    return drinksPerCustomer * drinks.stream()
        .mapToDouble(d -> d.brewSeconds() + d.handsOnSeconds()).max().orElse(0);
  }
}
