package cafesim.cafe;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * One drink for one customer. {@code customerNo} and {@code drinkNo} (both from 1) say where
 * it stands in the run: they order events that happen in the same simulated instant, and they
 * are what makes an order this order (equality and hash), cheaply: orders are map keys all over
 * the cafe, and a record's own hash would walk the customer's actor path every time.
 */
public record Order(
    ActorRef<Customer.Command> customer,
    String customerName,
    int customerNo,
    int drinkNo,
    Drink drink) {

  @Override
  public boolean equals(Object other) {
    return other instanceof Order o && o.customerNo == customerNo && o.drinkNo == drinkNo;
  }

  @Override
  public int hashCode() {
    return 31 * customerNo + drinkNo;
  }

  /** Earlier customers first, then a customer's drinks in the order asked. */
  public static int compareInRun(Order a, Order b) {
    int byCustomer = Integer.compare(a.customerNo, b.customerNo);
    return byCustomer != 0 ? byCustomer : Integer.compare(a.drinkNo, b.drinkNo);
  }
}
