package cafesim.http;

import cafesim.Settings;
import cafesim.cafe.Drink;
import cafesim.cafe.Menu;
import cafesim.cafe.Mode;
import cafesim.cafe.OrderStyle;
import cafesim.run.Arrivals;
import cafesim.run.RunSpec;
import cafesim.run.RunSpec.CustomerSpec;
import cafesim.run.Scenario;
import cafesim.run.Scenarios;
import cafesim.http.ApiError.Failure;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
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
    List<CustomerRequest> customers,
    ArrivalsRequest arrivals,
    List<DrinkRequest> menu,
    Double warmupSeconds,
    String clock,
    String trace,
    JsonNode seed) {

  /**
   * One customer of a custom run; {@code order} is "together" (default) or "one-by-one";
   * {@code arriveAtSeconds} when it comes in, in simulated seconds (default 0).
   */
  public record CustomerRequest(String name, List<String> drinks, String order,
      Double arriveAtSeconds, Double patienceSeconds) {}

  /**
   * Guests the run makes up: {@code count} of them, coming in by {@code process} ("poisson",
   * the default; "uniform"; "at-once") at {@code perSecond}, each ordering
   * {@code drinksPerCustomer} (default 1) of {@code drinks}, by {@code weights} if given.
   */
  public record ArrivalsRequest(Integer count, String process, Double perSecond,
      List<String> drinks, List<Double> weights, Integer drinksPerCustomer,
      Double patienceSeconds) {}

  private static final String PROCESSES = "poisson, uniform, at-once";

  /**
   * A drink of this run's own, added to the configured menu (or in place of the one it
   * names): {@code variability} "fixed" (default) or "exponential".
   */
  public record DrinkRequest(String name, Double handsOnSeconds, Double brewSeconds,
      String variability) {}

  /** Drinks a request may bring. */
  static final int MAX_MENU = 20;
  /** The shortest a drink's step may be when it is not 0, in seconds: a microsecond. */
  static final double MIN_DRINK_SECONDS = 1e-6;
  /** The longest a drink's mean time may be, in seconds: a day. */
  static final double MAX_DRINK_SECONDS = 86_400;
  /**
   * The furthest a run's timeline may reach, in simulated seconds: about 32 years. Up to there
   * a double keeps every instant to a tenth of a microsecond and the virtual clock's long count
   * of microseconds cannot overflow; no question about a cafe needs more. A realtime run is
   * held far shorter by {@code max-duration}.
   */
  static final double MAX_SIMULATED_SECONDS = 1e9;

  private static final String MODES = "sync, async";

  /** The run this request asks for; mode defaults to async. */
  public RunSpec toSpec(Settings settings) {
    Mode chosen = mode == null ? Mode.ASYNC : Mode.parse(mode).orElseThrow(() ->
        Failure.badRequest("mode", "field 'mode' is " + quote(mode) + "; allowed values: " + MODES));
    return toSpec(settings, chosen);
  }

  /** The same run in the given mode, for a comparison (which must not name a mode itself). */
  public RunSpec toSpec(Settings settings, Mode chosen) {
    double rate = failureRate == null ? settings.faults().failureRate() : failureRate;
    if (!(rate >= 0 && rate <= 1)) {
      throw Failure.badRequest("failureRate", "field 'failureRate' is " + number(rate)
          + "; allowed: 0 to 1 (the chance a barista slips at each step of a drink)");
    }
    RunSpec.Clock keeping = clock == null ? RunSpec.Clock.REALTIME
        : RunSpec.Clock.parse(clock).orElseThrow(() -> Failure.badRequest("clock",
            "field 'clock' is " + quote(clock) + "; allowed values: realtime, virtual"));
    boolean virtual = keeping == RunSpec.Clock.VIRTUAL;
    if (virtual && speed != null) {
      throw Failure.badRequest("speed", "field 'speed' is not allowed with clock 'virtual': its"
          + " time is its own, as fast as the run's messages go; leave 'speed' out");
    }
    RunSpec.TraceLevel tracing = trace == null ? RunSpec.TraceLevel.FULL
        : RunSpec.TraceLevel.parse(trace).orElseThrow(() -> Failure.badRequest("trace",
            "field 'trace' is " + quote(trace) + "; allowed values: full, summary"));
    RunSpec spec = toSpec(menu(settings.menu()), settings.runs(), chosen, virtual)
        .withFaults(new RunSpec.Faults(rate, settings.faults().maxTries()))
        .withClock(keeping)
        .withTraceLevel(tracing);
    int maxDrinks = settings.runs().limits().maxDrinks();
    if (!virtual && spec.arrivals() != null && (long) spec.drinks() > maxDrinks) {
      // More than all runs together may have in flight: it could never start.
      throw Failure.badRequest("arrivals.count", "this run orders " + spec.drinks()
          + " drinks, and at most " + maxDrinks + " may be in flight"
          + " (cafesim.runs.max-drinks-in-flight): lower 'arrivals.count' or"
          + " 'arrivals.drinksPerCustomer'");
    }
    double longest = spec.longestSeconds();
    if (virtual && longest > MAX_SIMULATED_SECONDS) {
      throw Failure.badRequest(longestPart(spec), "this run's drinks, made one after another,"
          + " may take up to " + number(Math.ceil(longest)) + " simulated seconds, and a run's"
          + " timeline may reach at most " + number(MAX_SIMULATED_SECONDS) + ": order less");
    }
    long maxWall = settings.runs().maxDuration().toSeconds();
    double fastest = settings.runs().maxSpeed();
    if (!virtual && longest / spec.speed() > maxWall) {
      double needed = spec.leastSpeedWithin(settings.runs().maxDuration());
      throw needed <= fastest
          ? Failure.badRequest("speed", "at speed " + number(spec.speed()) + " this run may take"
              + " up to " + number(Math.ceil(longest / spec.speed())) + " s by the wall clock,"
              + " and a run may take at most " + maxWall + " s (cafesim.runs.max-duration):"
              + " raise 'speed' to at least " + number(needed) + ", or order less")
          : Failure.badRequest(longestPart(spec), "this run may take up to "
              + number(Math.ceil(longest)) + " simulated seconds, and even at the top speed ("
              + number(fastest) + ") a run may take at most " + number(maxWall * fastest)
              + " (cafesim.runs.max-duration, " + maxWall + " s by the wall clock): order less,"
              + " let the customers come in sooner, or use \"clock\": \"virtual\"");
    }
    // The seeds' totals are for baristas that never slip.
    spec = rate > 0 ? spec.withoutExpectedTotal() : spec;
    if (warmupSeconds != null) {
      if (!(warmupSeconds >= 0 && warmupSeconds <= MAX_SIMULATED_SECONDS)) {
        throw Failure.badRequest("warmupSeconds", "field 'warmupSeconds' is "
            + number(warmupSeconds) + "; allowed: 0 to " + number(MAX_SIMULATED_SECONDS)
            + " (simulated seconds at the start that the statistics leave out)");
      }
      spec = spec.withWarmup(warmupSeconds + 0.0);
    }
    return seed == null || seed.isNull() ? spec : spec.withSeed(seed(seed));
  }

  /**
   * The field that makes a run too long: the latest listed customer, the guests' rate, or (when
   * the drinks themselves take longest) what is ordered.
   */
  private String longestPart(RunSpec spec) {
    int latest = 0;
    for (int i = 1; i < spec.customers().size(); i++) {
      if (spec.customers().get(i).arriveAtSeconds()
          > spec.customers().get(latest).arriveAtSeconds()) {
        latest = i;
      }
    }
    double listedIn = spec.customers().isEmpty() ? 0
        : spec.customers().get(latest).arriveAtSeconds();
    double guestsIn = spec.arrivals() == null ? 0 : spec.arrivals().expectedSpanSeconds();
    double lastIn = Math.max(listedIn, guestsIn);
    if (spec.longestSeconds() - lastIn >= lastIn || scenario != null) {
      return spec.arrivals() != null ? "arrivals.count" : scenario != null ? "scenario"
          : "customers";
    }
    return guestsIn >= listedIn ? "arrivals.perSecond"
        : "customers[" + latest + "].arriveAtSeconds";
  }

  private RunSpec toSpec(Menu menu, Settings.Runs limits, Mode chosen, boolean virtual) {
    double s = speed == null ? limits.defaultSpeed() : speed;
    if (!(s > 0 && s <= limits.maxSpeed())) {
      throw Failure.badRequest("speed", "field 'speed' is " + number(s) + "; allowed: 0 < speed <= "
          + number(limits.maxSpeed()) + " (1 = real time)");
    }
    Integer staffed = scenario == null ? null
        : Scenarios.find(scenario).map(Scenario::baristas).orElse(null);
    int b = baristas != null ? baristas : staffed != null ? staffed : limits.defaultBaristas();
    if (b < 1 || b > limits.maxBaristas()) {
      throw Failure.badRequest("baristas",
          "field 'baristas' is " + b + "; allowed: 1 to " + limits.maxBaristas());
    }
    int m = machines == null ? limits.defaultMachines() : machines;
    if (m < 0) {
      throw Failure.badRequest("machines",
          "field 'machines' is " + m + "; allowed: 0 (no limit) or more");
    }
    if (scenario != null && customers != null) {
      throw Failure.badRequest("customers", "give either 'scenario' or 'customers', not both");
    }
    if (scenario != null && arrivals != null) {
      throw Failure.badRequest("arrivals", "give either 'scenario' or 'arrivals', not both");
    }
    if (scenario != null) {
      Scenario found = Scenarios.find(scenario).orElseThrow(() -> Failure.notFound("scenario",
          "scenario " + quote(scenario) + " does not exist; scenarios: " + Scenarios.names()));
      RunSpec fromScenario = found.toSpec(menu, chosen, s, b, m);
      // The seed's totals are for the configured menu.
      return this.menu == null ? fromScenario : fromScenario.withoutExpectedTotal();
    }
    if (customers == null && arrivals == null) {
      throw Failure.badRequest("scenario", "field 'scenario', 'customers' or 'arrivals' is"
          + " required; scenarios: " + Scenarios.names());
    }
    return new RunSpec(null, chosen, s, b, m,
        customers == null ? List.of() : customers(menu, limits), null)
        .withArrivals(arrivals == null ? null : arrivals(menu, limits, virtual));
  }

  /** The largest integer a JSON number carries exactly to every client (JavaScript's). */
  private static final BigInteger EXACT_IN_JSON = BigInteger.TWO.pow(53);

  /**
   * A seed: an integer up to 2^53 in size (beyond, JSON numbers are not exact in every
   * client), or any 64-bit integer as a decimal string.
   */
  static long seed(JsonNode given) {
    if (given.isIntegralNumber() && given.bigIntegerValue().abs().compareTo(EXACT_IN_JSON) <= 0) {
      return given.longValue();
    }
    // One spelling per number: no "05", no "-0".
    if (given.isTextual() && given.textValue().matches("0|-?[1-9]\\d{0,18}")) {
      try {
        return Long.parseLong(given.textValue());
      } catch (NumberFormatException beyond64Bits) {
        // Answered below.
      }
    }
    String sent = given.isTextual() ? quote(given.textValue()) : quote(given.toString());
    throw Failure.badRequest("seed", "field 'seed' is " + sent + "; allowed: an integer of at"
        + " most 2^53 in size, or a 64-bit integer as a decimal string (\"-9223372036854775808\""
        + " to \"9223372036854775807\")");
  }

  /** Longest name, in characters: long enough for a name, short enough for a log line. */
  static final int MAX_NAME = 64;

  /** Most characters of what a client sent that an error message quotes. */
  static final int MAX_QUOTED = 32;

  /**
   * A name is one word of printable text: line breaks, control characters (and so terminal
   * escape sequences), invisible formatting characters (bidirectional overrides) and broken
   * surrogates are refused, so no name can forge a log line or hide what it says; spaces too,
   * and a lone "-", so that no name can pass for other columns of a text log line or trace
   * ("kim    9.000s  RUN_COMPLETED") or for the "-" that stands for no one there.
   */
  static String name(String given, String field) {
    String name = given.strip();
    int length = name.codePointCount(0, name.length());
    if (length < 1 || length > MAX_NAME) {
      throw Failure.badRequest(field, "field '" + field + "' must have 1 to " + MAX_NAME
          + " characters");
    }
    name.codePoints().filter(c -> !printable(c) || Character.isSpaceChar(c)
        || Character.isWhitespace(c)).findFirst().ifPresent(c -> {
      throw Failure.badRequest(field, "field '" + field + "' has the character "
          + String.format("U+%04X", c) + "; allowed: one word of printable text, no spaces,"
          + " control characters, line breaks or escape sequences");
    });
    if (name.equals("-")) {
      throw Failure.badRequest(field, "field '" + field + "' is '-', which the logs use for"
          + " no one; allowed: a word of 1 to " + MAX_NAME + " characters other than '-'");
    }
    return name;
  }

  private static boolean printable(int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR, Character.SURROGATE, Character.UNASSIGNED,
          Character.PRIVATE_USE -> false;
      default -> true;
    };
  }

  /**
   * What a client sent, quoted for an error message: at most {@link #MAX_QUOTED} characters,
   * anything unprintable shown as its code.
   */
  static String quote(String sent) {
    return "'" + shown(sent, MAX_QUOTED) + "'";
  }

  /**
   * What a client sent, as an answer may show it: at most {@code most} characters (then
   * "..."), anything unprintable as its code, so that no echo is longer than the answer needs
   * or breaks a line.
   */
  static String shown(String sent, int most) {
    StringBuilder shown = new StringBuilder();
    int[] codePoints = sent.codePoints().limit(most + 1L).toArray();
    for (int i = 0; i < Math.min(codePoints.length, most); i++) {
      int c = codePoints[i];
      shown.append(printable(c) ? Character.toString(c) : String.format("\\u%04x", c));
    }
    return shown.append(codePoints.length > most ? "..." : "").toString();
  }

  /**
   * 1000.0 as "1000", 0.5 as "0.5"; a number too big or too small to read that way (a client
   * may send 1e300) in the exponent form, "1.0E300", so no message runs to 300 digits.
   */
  static String number(double value) {
    double size = Math.abs(value);
    return Double.isFinite(value) && (size == 0 || size >= 1e-9 && size < 1e15)
        ? java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString()
        : String.valueOf(value);
  }

  private List<CustomerSpec> customers(Menu menu, Settings.Runs limits) {
    if (customers.isEmpty() || customers.size() > limits.maxCustomers()) {
      throw Failure.badRequest("customers", "field 'customers' has "
          + entries(customers.size()) + "; allowed: 1 to " + limits.maxCustomers());
    }
    List<CustomerSpec> specs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < customers.size(); i++) {
      String field = "customers[" + i + "]";
      CustomerRequest c = customers.get(i);
      if (c == null) {
        throw Failure.badRequest(field, "field '" + field + "' must be an object");
      }
      String name = c.name() == null ? "customer-" + (i + 1) : name(c.name(), field + ".name");
      if (!names.add(name)) {
        throw Failure.badRequest(field + ".name",
            "field '" + field + ".name': " + quote(name) + " is used twice");
      }
      if (arrivals != null && Arrivals.isGuestName(name)) {
        // The arriving guests are named guest-N; one listed as well would be two customers
        // of one name in the report, the log and the trace.
        throw Failure.badRequest(field + ".name", "field '" + field + ".name': " + quote(name)
            + " is how the arriving guests are named; allowed: any other name");
      }
      OrderStyle style = c.order() == null ? OrderStyle.TOGETHER
          : OrderStyle.parse(c.order()).orElseThrow(() -> Failure.badRequest(field + ".order",
              "field '" + field + ".order' is " + quote(c.order())
                  + "; allowed values: together, one-by-one"));
      if (c.drinks() == null || c.drinks().isEmpty()
          || c.drinks().size() > limits.maxDrinksPerCustomer()) {
        throw Failure.badRequest(field + ".drinks", "field '" + field + ".drinks' needs 1 to "
            + limits.maxDrinksPerCustomer() + " drinks from the menu: " + menu.names());
      }
      List<Drink> drinks = drinks(menu, c.drinks(), field + ".drinks");
      double arrive = c.arriveAtSeconds() == null ? 0 : c.arriveAtSeconds();
      if (!(arrive >= 0 && arrive <= MAX_SIMULATED_SECONDS)) {
        throw Failure.badRequest(field + ".arriveAtSeconds", "field '" + field
            + ".arriveAtSeconds' is " + number(arrive) + "; allowed: 0 to "
            + number(MAX_SIMULATED_SECONDS) + " (simulated seconds after the run starts)");
      }
      // + 0.0: a -0 sent is the start, like 0.
      specs.add(new CustomerSpec(name, drinks, style, arrive + 0.0,
          patience(c.patienceSeconds(), field + ".patienceSeconds")));
    }
    return specs;
  }

  /** Names from the menu, each checked. */
  private static List<Drink> drinks(Menu menu, List<String> names, String field) {
    List<Drink> drinks = new ArrayList<>();
    for (int d = 0; d < names.size(); d++) {
      String drink = names.get(d);
      String at = field + "[" + d + "]";
      if (drink == null) {
        throw Failure.badRequest(at, "field '" + at + "' is null; allowed: " + menu.names());
      }
      drinks.add(menu.find(drink).orElseThrow(() -> Failure.badRequest(at, "field '" + field
          + "' has " + quote(drink) + ", which is not on the menu; allowed: " + menu.names())));
    }
    return drinks;
  }

  private static String entries(int count) {
    return count + (count == 1 ? " entry" : " entries");
  }

  /** A patience: none, or a positive number of seconds. */
  private static Double patience(Double given, String field) {
    if (given != null && !(given > 0 && given <= MAX_SIMULATED_SECONDS)) {
      throw Failure.badRequest(field, "field '" + field + "' is " + number(given)
          + "; allowed: more than 0, at most " + number(MAX_SIMULATED_SECONDS) + " (simulated"
          + " seconds a customer waits for its first drink to be started), or leave it out to"
          + " wait for ever");
    }
    return given;
  }

  private Arrivals arrivals(Menu menu, Settings.Runs limits, boolean virtual) {
    ArrivalsRequest a = arrivals;
    int most = virtual ? limits.maxVirtualArrivals() : limits.maxArrivals();
    if (a.count() == null || a.count() < 1 || a.count() > most) {
      throw Failure.badRequest("arrivals.count", "field 'arrivals.count' is "
          + (a.count() == null ? "missing" : a.count()) + "; allowed: 1 to " + most
          + (virtual ? " (cafesim.runs.max-virtual-arrivals)"
              : " (cafesim.runs.max-arrivals; more with \"clock\": \"virtual\")"));
    }
    Arrivals.Process process = a.process() == null ? Arrivals.Process.POISSON
        : Arrivals.Process.parse(a.process()).orElseThrow(() -> Failure.badRequest(
            "arrivals.process", "field 'arrivals.process' is " + quote(a.process())
                + "; allowed values: " + PROCESSES));
    double perSecond = 0;
    if (process != Arrivals.Process.AT_ONCE) {
      // The guests' arrivals, on average, must end on the timeline.
      double slowest = a.count() / MAX_SIMULATED_SECONDS;
      if (a.perSecond() == null || !(a.perSecond() >= slowest && a.perSecond() <= 1e6)) {
        throw Failure.badRequest("arrivals.perSecond", "field 'arrivals.perSecond' is "
            + (a.perSecond() == null ? "missing" : number(a.perSecond())) + "; allowed: "
            + number(slowest) + " to 1000000 (guests a second, on average, for "
            + process.label() + "; " + a.count() + " of them within "
            + number(MAX_SIMULATED_SECONDS) + " simulated seconds)");
      }
      perSecond = a.perSecond();
    }
    if (a.drinks() == null || a.drinks().isEmpty()) {
      throw Failure.badRequest("arrivals.drinks", "field 'arrivals.drinks' needs 1 or more"
          + " drinks from the menu: " + menu.names());
    }
    List<Drink> drinks = drinks(menu, a.drinks(), "arrivals.drinks");
    if (a.weights() != null) {
      if (a.weights().size() != drinks.size()) {
        throw Failure.badRequest("arrivals.weights", "field 'arrivals.weights' has "
            + entries(a.weights().size()) + " and 'arrivals.drinks' " + entries(drinks.size())
            + "; allowed: one weight for each drink");
      }
      for (int i = 0; i < a.weights().size(); i++) {
        Double w = a.weights().get(i);
        if (w == null || !(w >= 0 && Double.isFinite(w))) {
          String at = "arrivals.weights[" + i + "]";
          throw Failure.badRequest(at, "field '" + at + "' is "
              + (w == null ? "null" : number(w)) + "; allowed: 0 or more");
        }
      }
      if (a.weights().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
        throw Failure.badRequest("arrivals.weights",
            "field 'arrivals.weights' adds up to 0; allowed: at least one weight above 0");
      }
    }
    int each = a.drinksPerCustomer() == null ? 1 : a.drinksPerCustomer();
    if (each < 1 || each > limits.maxDrinksPerCustomer()) {
      throw Failure.badRequest("arrivals.drinksPerCustomer", "field"
          + " 'arrivals.drinksPerCustomer' is " + each + "; allowed: 1 to "
          + limits.maxDrinksPerCustomer());
    }
    return new Arrivals(a.count(), process, perSecond, drinks, a.weights(), each,
        patience(a.patienceSeconds(), "arrivals.patienceSeconds"));
  }

  /** The configured menu with this request's own drinks. */
  private Menu menu(Menu configured) {
    if (menu == null) {
      return configured;
    }
    if (menu.isEmpty() || menu.size() > MAX_MENU) {
      throw Failure.badRequest("menu", "field 'menu' has " + entries(menu.size())
          + "; allowed: 1 to " + MAX_MENU + " drinks");
    }
    List<Drink> drinks = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < menu.size(); i++) {
      String field = "menu[" + i + "]";
      DrinkRequest d = menu.get(i);
      if (d == null || d.name() == null) {
        throw Failure.badRequest(field + ".name", "field '" + field + ".name' is required");
      }
      String name = name(d.name(), field + ".name");
      if (!names.add(name)) {
        throw Failure.badRequest(field + ".name",
            "field '" + field + ".name': " + quote(name) + " is used twice");
      }
      double handsOn = drinkSeconds(d.handsOnSeconds(), field + ".handsOnSeconds");
      double brew = drinkSeconds(d.brewSeconds(), field + ".brewSeconds");
      if (handsOn + brew <= 0) {
        throw Failure.badRequest(field + ".brewSeconds", "field '" + field + "': a drink must"
            + " take some time; allowed: handsOnSeconds and brewSeconds of 0 or more, not both 0");
      }
      Drink.Variability variability = d.variability() == null ? Drink.Variability.FIXED
          : Drink.Variability.parse(d.variability()).orElseThrow(() -> Failure.badRequest(
              field + ".variability", "field '" + field + ".variability' is "
                  + quote(d.variability()) + "; allowed values: fixed, exponential"));
      drinks.add(new Drink(name, brew, handsOn, variability));
    }
    return configured.with(drinks);
  }

  private static double drinkSeconds(Double given, String field) {
    double seconds = given == null ? 0 : given;
    // Under a microsecond, a drink is a rounding error of the timeline (and its rate per
    // hour an absurd number): 0, or a microsecond or more.
    if (!(seconds == 0 || seconds >= MIN_DRINK_SECONDS && seconds <= MAX_DRINK_SECONDS)) {
      throw Failure.badRequest(field, "field '" + field + "' is " + number(seconds)
          + "; allowed: 0, or " + number(MIN_DRINK_SECONDS) + " to " + number(MAX_DRINK_SECONDS)
          + " (seconds; the mean, if the drink varies)");
    }
    return seconds + 0.0;
  }
}
