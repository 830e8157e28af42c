package cafesim.cafe;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * A menu item. Brewing is waiting (the machine works, the barista is free in async mode);
 * hands-on time is work (the barista is busy whatever the mode).
 *
 * @param variability whether each time is exactly as given or drawn, each time the drink is
 *     made, with that mean
 */
public record Drink(String name, double brewSeconds, double handsOnSeconds,
    Variability variability) {

  /** How a drink's times vary from one making to the next. */
  public enum Variability {
    /** Exactly the menu's times (D in M/D/1). */
    FIXED("fixed"),
    /** Each of hands-on and brew drawn from an exponential distribution with that mean (M). */
    EXPONENTIAL("exponential");

    private final String label;

    Variability(String label) {
      this.label = label;
    }

    @JsonValue
    public String label() {
      return label;
    }

    public static Optional<Variability> parse(String label) {
      return Arrays.stream(values()).filter(v -> v.label.equals(label)).findFirst();
    }
  }

  /** A drink that takes exactly its times. */
  public Drink(String name, double brewSeconds, double handsOnSeconds) {
    this(name, brewSeconds, handsOnSeconds, Variability.FIXED);
  }

  public Drink {
    // Stored before drinks could vary: they did not.
    variability = variability == null ? Variability.FIXED : variability;
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a drink needs a name");
    }
    if (brewSeconds < 0 || handsOnSeconds < 0 || brewSeconds + handsOnSeconds <= 0) {
      // A drink that takes no time at all would make start and ready the same instant,
      // and the order of events within an instant relies on every drink taking some time.
      throw new IllegalArgumentException(
          "drink '" + name + "' must take some time: brew and hands-on are >= 0 and not both 0");
    }
  }

  /** What the customer gets back, as the seeds print it: "Americano" for "americano". */
  @JsonIgnore
  public String served() {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
