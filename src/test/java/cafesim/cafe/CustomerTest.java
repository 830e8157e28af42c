package cafesim.cafe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import cafesim.testing.VirtualTime;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A customer on its own, with one probe standing for both its cafe and its run. */
@ExtendWith(TestKitJUnit5Extension.class)
class CustomerTest {

  @JUnit5TestKit
  ActorTestKit testKit = VirtualTime.testKit();

  private static final Drink ESPRESSO =
      new Drink("espresso", 1, 0, Drink.Variability.FIXED);

  @Test
  void aServedCustomerTellsTheRunBeforeTheCafe() {
    // One probe for both, so the order they were told in is the order it hears: once the cafe
    // has the last Collected it may close, and the run must have the customer's word by then.
    TestProbe<Object> both = testKit.createTestProbe();
    ActorRef<Cafe.Command> cafe = both.getRef().narrow();
    ActorRef<Customer.Outcome> run = both.getRef().narrow();
    var visit = new Customer.Visit("ada", 1, List.of(ESPRESSO, ESPRESSO), OrderStyle.TOGETHER,
        0, null);
    ActorRef<Customer.Command> customer = testKit.spawn(Customer.create(visit,
        Timeline.startingNow(1, VirtualTime.clock(testKit)), RunClock.REALTIME, cafe,
        testKit.system().ignoreRef(), run));
    Cafe.Arrive arrive = both.expectMessageClass(Cafe.Arrive.class);
    assertEquals(2, arrive.orders().size());

    customer.tell(serve(arrive.orders().get(0), 1.0));
    assertEquals(arrive.orders().get(0), both.expectMessageClass(Cafe.Collected.class).order());
    customer.tell(serve(arrive.orders().get(1), 1.5));
    Customer.Served served = assertInstanceOf(Customer.Served.class, both.receiveMessage());
    assertEquals(1.5, served.at());
    assertEquals(List.of("Espresso", "Espresso"), served.results());
    assertEquals(arrive.orders().get(1), both.expectMessageClass(Cafe.Collected.class).order());
  }

  private static Customer.Serve serve(Order order, double at) {
    return new Customer.Serve(order, at, Optional.empty(), 0.0, null, 0);
  }
}
