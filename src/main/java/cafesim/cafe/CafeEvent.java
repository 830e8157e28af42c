package cafesim.cafe;

import cafesim.trace.Printable;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Comparator;

/**
 * Something that happened in a run, at a simulated time counted from the run's start.
 *
 * <p>{@code atSeconds} is the instant on the run's timeline at which the event is due: the
 * actors compute it from the message that caused it, so it is exact and repeatable. How well
 * the wall clock kept up is measured separately (the run report's {@code elapsedSeconds}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CafeEvent(
    double atSeconds,
    Type type,
    String customer,
    String barista,
    String drink,
    Integer customerNo,
    Integer drinkNo,
    String reason) implements Happening {

  public enum Type {
    RUN_STARTED(0),
    DRINK_READY(1),
    /** A barista slipped at the end of a step of this drink. */
    BARISTA_FAILED(1),
    /** Its supervisor restarted the barista that slipped. */
    BARISTA_RESTARTED(2),
    /** A drink the restarted barista had is back in the queue, to be made again. */
    DRINK_RETRIED(3),
    /** A drink given up after its last try: the customer gets it as failed. */
    DRINK_FAILED(3),
    CUSTOMER_SERVED(4),
    ORDER_PLACED(5),
    DRINK_STARTED(6),
    /**
     * A customer whose patience ran out before any of its drinks was started left; its orders
     * left the queue. A start at that very instant comes first, and wins.
     */
    CUSTOMER_RENEGED(7),
    RUN_COMPLETED(8),
    /** The run ended before every customer was served (see the reason). */
    RUN_FAILED(8),
    /** A caller cancelled the run (DELETE /runs/{id}) before every customer was served. */
    RUN_CANCELLED(8);

    /**
     * Within one instant a cause always has a lower rank than its effect: a drink is ready (or
     * its barista slips, is restarted, and the drink goes back to the queue or is given up),
     * then its customer is served or orders the next, then a barista starts it.
     */
    final int rankInInstant;

    Type(int rankInInstant) {
      this.rankInInstant = rankInInstant;
    }

    /** The run's last event: completed, failed or cancelled. */
    public boolean endsRun() {
      return this == RUN_COMPLETED || this == RUN_FAILED || this == RUN_CANCELLED;
    }
  }

  /** Time first; within an instant cause before effect, then customers and drinks in order. */
  public static final Comparator<CafeEvent> TIMELINE =
      Comparator.comparingDouble(CafeEvent::atSeconds)
          .thenComparingInt(e -> e.type().rankInInstant)
          .thenComparingInt(e -> e.customerNo() == null ? 0 : e.customerNo())
          .thenComparingInt(e -> e.drinkNo() == null ? 0 : e.drinkNo());

  public static CafeEvent ofRun(double atSeconds, Type type) {
    return new CafeEvent(atSeconds, type, null, null, null, null, null, null);
  }

  public static CafeEvent ofOrder(double atSeconds, Type type, Order order, String barista) {
    return new CafeEvent(atSeconds, type, order.customerName(), barista,
        order.drink().name(), order.customerNo(), order.drinkNo(), null);
  }

  public static CafeEvent ofCustomer(double atSeconds, Type type, String customer, int customerNo) {
    return new CafeEvent(atSeconds, type, customer, null, null, customerNo, null, null);
  }

  public static CafeEvent ofBarista(double atSeconds, Type type, String barista) {
    return new CafeEvent(atSeconds, type, null, barista, null, null, null, null);
  }

  /** The same event, saying why. */
  public CafeEvent because(String why) {
    return new CafeEvent(atSeconds, type, customer, barista, drink, customerNo, drinkNo, why);
  }

  /**
   * One line like the seeds' prints: time first, fixed columns. Always one line: names are
   * printed with their control characters escaped ({@link Printable}).
   */
  public String line() {
    String who = barista == null ? "" : "by " + Printable.of(barista);
    String why = reason == null ? "" : "(" + Printable.of(reason) + ")";
    return String.format("%8.3fs  %-15s %-12s %-12s %s",
        atSeconds, type, orDash(Printable.of(customer)), orDash(Printable.of(drink)),
        (who + " " + why).strip())
        .stripTrailing();
  }

  private static String orDash(String s) {
    return s == null ? "-" : s;
  }
}
