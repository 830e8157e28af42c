package cafesim.cafe;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A menu item. Brewing is waiting (the machine works, the barista is free in async mode);
 * hands-on time is work (the barista is busy whatever the mode).
 */
public record Drink(String name, double brewSeconds, double handsOnSeconds) {

  public Drink {
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
