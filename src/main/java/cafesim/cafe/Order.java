package cafesim.cafe;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * One drink for one customer. {@code customerNo} and {@code drinkNo} (both from 1) say where
 * it stands in the run: they order events that happen in the same simulated instant.
 */
public record Order(
    ActorRef<Customer.Command> customer,
    String customerName,
    int customerNo,
    int drinkNo,
    Drink drink) {}
