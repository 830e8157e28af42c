package cafesim.run;

import cafesim.cafe.Drink;
import cafesim.cafe.Mode;
import cafesim.cafe.OrderStyle;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Everything a run needs, already checked against the menu and the limits.
 *
 * @param scenario the built-in scenario's name, or null for a custom run
 * @param machines drinks one barista may brew at once in async mode; 0 means no limit
 * @param expectedSeconds the total the seeds state for this scenario and mode; null if custom
 * @param faults how often baristas slip, and how often a drink is tried
 * @param traceLevel what the run keeps and logs of what happens in it
 * @param seed where the run's luck comes from (its baristas' slips, its guests): the same
 *     spec and seed slip the same drinks at the same steps and make the same guests
 * @param arrivals guests the run makes up as it goes, after {@code customers}; null: none
 * @param warmupSeconds the start its statistics leave out (simulated seconds), so that they
 *     describe the cafe once it has filled up
 * @param clock whose time the run keeps: the wall clock's (at its speed), or its own
 */
public record RunSpec(
    String scenario,
    Mode mode,
    double speed,
    int baristas,
    int machines,
    List<CustomerSpec> customers,
    Double expectedSeconds,
    Faults faults,
    TraceLevel traceLevel,
    long seed,
    Arrivals arrivals,
    double warmupSeconds,
    Clock clock) {

  public RunSpec {
    customers = List.copyOf(customers);
    // Stored before runs had a choice: they kept the wall clock's time.
    clock = clock == null ? Clock.REALTIME : clock;
  }

  /** Whose time a run keeps. */
  public enum Clock {
    /** The wall clock's, at the run's speed: the demonstration. */
    REALTIME("realtime"),
    /** Its own, jumping to the next instant once the current one is done: the answer. */
    VIRTUAL("virtual");

    private final String label;

    Clock(String label) {
      this.label = label;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
      return label;
    }

    public static java.util.Optional<Clock> parse(String label) {
      return java.util.Arrays.stream(values()).filter(c -> c.label.equals(label)).findFirst();
    }
  }

  /** Listed customers only. */
  public RunSpec(String scenario, Mode mode, double speed, int baristas, int machines,
      List<CustomerSpec> customers, Double expectedSeconds, Faults faults,
      TraceLevel traceLevel, long seed) {
    this(scenario, mode, speed, baristas, machines, customers, expectedSeconds, faults,
        traceLevel, seed, null, 0, Clock.REALTIME);
  }

  /** A run whose baristas never slip, with a seed of its own. */
  public RunSpec(String scenario, Mode mode, double speed, int baristas, int machines,
      List<CustomerSpec> customers, Double expectedSeconds) {
    this(scenario, mode, speed, baristas, machines, customers, expectedSeconds, Faults.NONE,
        TraceLevel.FULL, new SplittableRandom().nextLong());
  }

  /**
   * FULL: every event and message is kept for the report and logged. SUMMARY, for runs too
   * big for that (benchmarks of a million customers): the actors do exactly the same, but what
   * they report goes nowhere; the run keeps and logs only its start, its end and its counts.
   */
  public enum TraceLevel {
    FULL, SUMMARY;

    /** As a request names it: "full" or "summary" (stored runs keep the upper-case name). */
    public static java.util.Optional<TraceLevel> parse(String label) {
      return java.util.Arrays.stream(values())
          .filter(level -> level.name().toLowerCase(java.util.Locale.ROOT).equals(label))
          .findFirst();
    }
  }

  public RunSpec withTraceLevel(TraceLevel level) {
    return new RunSpec(scenario, mode, speed, baristas, machines, customers, expectedSeconds,
        faults, level, seed, arrivals, warmupSeconds, clock);
  }

  public RunSpec withSeed(long other) {
    return new RunSpec(scenario, mode, speed, baristas, machines, customers, expectedSeconds,
        faults, traceLevel, other, arrivals, warmupSeconds, clock);
  }

  public RunSpec withoutExpectedTotal() {
    return new RunSpec(scenario, mode, speed, baristas, machines, customers, null, faults,
        traceLevel, seed, arrivals, warmupSeconds, clock);
  }

  public RunSpec withFaults(Faults other) {
    return new RunSpec(scenario, mode, speed, baristas, machines, customers, expectedSeconds, other,
        traceLevel, seed, arrivals, warmupSeconds, clock);
  }

  public RunSpec withArrivals(Arrivals other) {
    return new RunSpec(scenario, mode, speed, baristas, machines, customers, expectedSeconds,
        faults, traceLevel, seed, other, warmupSeconds, clock);
  }

  public RunSpec withWarmup(double seconds) {
    return new RunSpec(scenario, mode, speed, baristas, machines, customers, expectedSeconds,
        faults, traceLevel, seed, arrivals, seconds, clock);
  }

  /** The same run on {@code other}'s time (a virtual run keeps speed 1: its time is its own). */
  public RunSpec withClock(Clock other) {
    return new RunSpec(scenario, mode, other == Clock.VIRTUAL ? 1 : speed, baristas, machines,
        customers, expectedSeconds, faults, traceLevel, seed, arrivals, warmupSeconds, other);
  }

  /**
   * @param failureRate the chance (0 to 1) that a barista slips at the end of a step
   * @param maxTries how often a drink is made before it is given up
   */
  public record Faults(double failureRate, int maxTries) {
    public static final Faults NONE = new Faults(0, 3);
  }

  /** How many drinks the run's customers and guests order, all told. */
  public int drinks() {
    return (int) Math.min(Integer.MAX_VALUE,
        customers.stream().mapToInt(c -> c.drinks().size()).sum()
            + (arrivals == null ? 0 : arrivals.drinkCount()));
  }

  /**
   * The drinks the run may hold at once, as admission counts them: a realtime run's all of
   * them (its crowd may be in at once); a virtual run's none beyond its line, which passes
   * in no wall time at all: it counts as {@link #VIRTUAL_DRINKS_HELD}, so a few at a time run.
   */
  public int drinksHeld() {
    return clock == Clock.VIRTUAL ? Math.min(drinks(), VIRTUAL_DRINKS_HELD) : drinks();
  }

  /** What admission counts for a virtual run: with the default limit, four at once. */
  public static final int VIRTUAL_DRINKS_HELD = 50_000;

  /** Customers and guests, all told. */
  public int customerCount() {
    return customers.size() + (arrivals == null ? 0 : arrivals.count());
  }

  /**
   * An upper bound on the run's simulated length: every drink one after another, after the
   * last customer has come in. No barista idles while an order waits, so the run cannot take
   * longer. Guests of a random process count as coming in by their expected span: the run's
   * timeout still bounds a run that draws a longer one.
   */
  /**
   * The least speed (to a thousandth, rounded up) at which the run ends within {@code
   * maxDuration} by the wall clock however its drinks fall: {@link #longestSeconds()} over it.
   */
  public double leastSpeedWithin(java.time.Duration maxDuration) {
    return Math.ceil(longestSeconds() / maxDuration.toSeconds() * 1000) / 1000;
  }

  public double longestSeconds() {
    double lastIn = customers.stream().mapToDouble(CustomerSpec::arriveAtSeconds).max().orElse(0);
    double work = customers.stream().flatMap(c -> c.drinks().stream())
        .mapToDouble(d -> d.brewSeconds() + d.handsOnSeconds()).sum();
    if (arrivals != null) {
      lastIn = Math.max(lastIn, arrivals.expectedSpanSeconds());
      work += arrivals.count() * arrivals.longestOrderSeconds();
    }
    return lastIn + work;
  }

  /**
   * @param arriveAtSeconds when the customer comes in, on the run's timeline (0: at the start)
   * @param patienceSeconds how long it waits for its first drink to be started before it
   *     leaves; null: for ever
   */
  public record CustomerSpec(String name, List<Drink> drinks, OrderStyle order,
      double arriveAtSeconds, Double patienceSeconds) {
    public CustomerSpec {
      drinks = List.copyOf(drinks);
    }

    /** A customer who is there when the cafe opens and waits as long as it takes. */
    public CustomerSpec(String name, List<Drink> drinks, OrderStyle order) {
      this(name, drinks, order, 0.0, null);
    }
  }
}
