package cafesim.cafe;

import cafesim.trace.Printable;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A message from one of a run's actors to another ({@code from} and {@code to} are actor names:
 * {@code cafe}, {@code barista-1}, {@code customer-1}), at the simulated instant it was sent.
 * A timer's message goes from a barista to itself, at the instant it fires.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Message(
    double atSeconds,
    String from,
    String to,
    String messageType,
    String customer,
    String drink,
    Integer customerNo,
    Integer drinkNo) implements Happening {

  /*
   * The names messages have in the log, the trace and the pictures: fixed here, not taken from
   * class names, so renaming a class never changes a log line (or what an old log means).
   */
  public static final String ARRIVE = "Arrive";
  public static final String MAKE = "Make";
  public static final String HANDS_ON_DONE = "HandsOnDone";
  public static final String BREW_DONE = "BrewDone";
  public static final String DRINK_READY = "DrinkReady";
  public static final String BARISTA_FREE = "BaristaFree";
  public static final String BARISTA_FAILED = "BaristaFailed";
  public static final String SERVE = "Serve";
  public static final String COLLECTED = "Collected";
  public static final String RENEGED = "Reneged";

  /** A message about one order. */
  public static Message about(double at, String from, String to, String type, Order order) {
    return new Message(at, from, to, type, order.customerName(), order.drink().name(),
        order.customerNo(), order.drinkNo());
  }

  /** A message about no order in particular (a barista saying it is free). */
  public static Message plain(double at, String from, String to, String type) {
    return new Message(at, from, to, type, null, null, null, null);
  }

  /** The actor name of the customer with this number. */
  public static String customerActor(int customerNo) {
    return "customer-" + customerNo;
  }

  /** One line, whatever the names hold: their control characters are escaped. */
  public String line() {
    return String.format("%8.3fs  %-10s -> %-10s %-12s %s",
        atSeconds, Printable.of(from), Printable.of(to), Printable.of(messageType),
        drink == null ? "" : Printable.of(drink) + " for " + Printable.of(customer))
        .stripTrailing();
  }
}
