package cafesim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cafesim.Settings;
import cafesim.cafe.Menu;
import cafesim.cafe.Mode;
import cafesim.cafe.OrderStyle;
import cafesim.run.RunSpec.CustomerSpec;
import cafesim.testing.VirtualTime;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Customers who come in later than the start: an arrival is a message on the run's clock. */
@ExtendWith({TestKitJUnit5Extension.class, LogCapturingExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArrivalsTest {

  @JUnit5TestKit
  ActorTestKit testKit = VirtualTime.testKit();

  private final Menu menu = Settings.from(VirtualTime.config()).menu();

  @Test
  void aLaterCustomerQueuesBehindTheDrinkInTheMaking() {
    RunReport report = run(spec(Mode.SYNC, customer("kim", 0, "latte"),
        customer("lee", 2, "americano")), 8);
    assertEquals(List.of(
        "0 RUN_STARTED",
        "0 ORDER_PLACED kim latte",
        "0 DRINK_STARTED kim latte barista-1",
        "2 ORDER_PLACED lee americano",
        "5 DRINK_READY kim latte barista-1",
        "5 CUSTOMER_SERVED kim",
        "5 DRINK_STARTED lee americano barista-1",
        "8 DRINK_READY lee americano barista-1",
        "8 CUSTOMER_SERVED lee",
        "8 RUN_COMPLETED"), ScenarioRunTest.lines(report));
  }

  @Test
  void aCafeNobodyIsInAtTheStartWaitsForItsFirstCustomer() {
    RunReport report = run(spec(Mode.ASYNC, customer("lee", 2, "espresso")), 3);
    assertEquals(List.of(
        "0 RUN_STARTED",
        "2 ORDER_PLACED lee espresso",
        "2 DRINK_STARTED lee espresso barista-1",
        "3 DRINK_READY lee espresso barista-1",
        "3 CUSTOMER_SERVED lee",
        "3 RUN_COMPLETED"), ScenarioRunTest.lines(report));
    assertEquals(3.0, report.makespanSeconds());
  }

  @Test
  void thoseComingInAtOneInstantAreServedInTheirOrderNotInTheOrderTheirActorsRan() {
    for (int round = 0; round < 5; round++) {
      RunReport report = run(spec(Mode.SYNC, customer("kim", 1, "espresso"),
          customer("lee", 1, "espresso"), customer("max", 1, "espresso")), 4);
      assertEquals(List.of(2.0, 3.0, 4.0), report.customers().stream()
          .map(RunReport.CustomerResult::servedAtSeconds).toList());
    }
  }

  @Test
  void theLongestARunMayTakeCountsFromItsLastArrival() {
    RunSpec spec = spec(Mode.SYNC, customer("kim", 0, "latte"), customer("lee", 30, "espresso"));
    assertEquals(30 + 1 + 5, spec.longestSeconds());
  }

  private CustomerSpec customer(String name, double arriveAt, String... drinks) {
    return new CustomerSpec(name, List.of(drinks).stream().map(menu::get).toList(),
        OrderStyle.TOGETHER, arriveAt);
  }

  private static RunSpec spec(Mode mode, CustomerSpec... customers) {
    return new RunSpec(null, mode, 1, 1, 0, List.of(customers), null);
  }

  private RunReport run(RunSpec spec, int seconds) {
    RunReport report = VirtualTime.runFor(testKit, spec, seconds);
    assertEquals(RunReport.Status.COMPLETED, report.status());
    return report;
  }
}
