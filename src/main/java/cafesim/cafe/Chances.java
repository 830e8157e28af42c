package cafesim.cafe;

import java.util.SplittableRandom;

/**
 * A run's luck. Every draw is keyed by what it is for (which drink, which attempt at it, which
 * step), never by how many draws came before: the same seed gives the same slips to the same
 * drinks, whichever barista makes them and in whatever order the messages happened to run.
 *
 * @param seed the run's seed, in its report and its log
 */
public record Chances(long seed) {

  /** The steps of a drink a barista may slip at the end of. */
  public enum Step { HANDS_ON, BREWING }

  /** What else a run draws for, besides slips: each kind keys its draws apart. */
  public enum Purpose { ARRIVAL_GAP, DRINK_CHOICE, HANDS_ON_TIME, BREW_TIME }

  /** A number in [0, 1) for this step of this attempt at this drink: the same every time. */
  public double draw(Order order, int attempt, Step step) {
    return draw(order.customerNo(), order.drinkNo(), attempt, step.ordinal());
  }

  /** A number in [0, 1) for {@code purpose} of the {@code n}-th of its kind ({@code k}-th part). */
  public double draw(Purpose purpose, long n, long k) {
    return draw(purpose, n, k, 0);
  }

  /** The same, for its {@code m}-th time (an attempt at a drink). */
  public double draw(Purpose purpose, long n, long k, long m) {
    // Five parts: never the key of a slip, which has four.
    return draw(-1 - purpose.ordinal(), n, k, m, 0);
  }

  /**
   * How long this attempt at this drink's hands-on part takes: the menu's time, or drawn with
   * that mean.
   */
  public double handsOnSeconds(Order order, int attempt) {
    return time(order, attempt, order.drink().handsOnSeconds(), Purpose.HANDS_ON_TIME);
  }

  /** How long this attempt at this drink brews. */
  public double brewSeconds(Order order, int attempt) {
    return time(order, attempt, order.drink().brewSeconds(), Purpose.BREW_TIME);
  }

  private double time(Order order, int attempt, double mean, Purpose purpose) {
    if (order.drink().variability() == Drink.Variability.FIXED || mean == 0) {
      return mean;
    }
    // Exponential, by inversion: finite (u < 1), so the run's timeout still bounds the run.
    return -mean * Math.log1p(-draw(purpose, order.customerNo(), order.drinkNo(), attempt));
  }

  private double draw(long... parts) {
    long key = seed;
    for (long part : parts) {
      key = key * 0x9E3779B97F4A7C15L + part;
    }
    // SplittableRandom scrambles its seed (a 64-bit mix), so nearby keys draw unrelated numbers.
    return new SplittableRandom(key).nextDouble();
  }
}
