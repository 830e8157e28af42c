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

/** The cafe's rules beyond the seeds: machines, several baristas, hands-on plus brewing. */
@ExtendWith({TestKitJUnit5Extension.class, LogCapturingExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CafeRulesTest {

  @JUnit5TestKit
  ActorTestKit testKit = VirtualTime.testKit();

  private final Menu menu = Settings.from(VirtualTime.config()).menu();

  @Test
  void withOneMachineAnAsyncBaristaBrewsOneDrinkAtATime() {
    RunReport report = run(spec(Mode.ASYNC, 1, 1, customer("main", "americano", "latte")), 8);
    assertEquals(List.of(
        "0 RUN_STARTED",
        "0 ORDER_PLACED main americano",
        "0 ORDER_PLACED main latte",
        "0 DRINK_STARTED main americano barista-1",
        "3 DRINK_READY main americano barista-1",
        "3 DRINK_STARTED main latte barista-1",
        "8 DRINK_READY main latte barista-1",
        "8 CUSTOMER_SERVED main",
        "8 RUN_COMPLETED"), ScenarioRunTest.lines(report));
  }

  @Test
  void twoMachinesOverlapTwoOfThreeBrews() {
    RunReport report = run(spec(Mode.ASYNC, 1, 2, customer("main", "latte", "latte", "latte")), 10);
    assertEquals(10.0, report.customers().get(0).servedAtSeconds());
  }

  @Test
  void syncBaristasWorkInParallelWithEachOther() {
    RunReport report = run(spec(Mode.SYNC, 3, 0,
        customer("a", "latte"), customer("b", "latte"), customer("c", "latte")), 5);
    assertEquals(List.of(5.0, 5.0, 5.0),
        report.customers().stream().map(RunReport.CustomerResult::servedAtSeconds).toList());
  }

  @Test
  void handsOnKeepsAnAsyncBaristaBusyButTheBrewDoesNot() {
    var cappuccino = new cafesim.cafe.Drink("cappuccino", 2, 1);
    RunSpec spec = new RunSpec(null, Mode.ASYNC, 1, 1, 0, List.of(
        new CustomerSpec("main", List.of(cappuccino, cappuccino), OrderStyle.TOGETHER)), null);
    RunReport report = run(spec, 4);
    assertEquals(List.of(
        "0 RUN_STARTED",
        "0 ORDER_PLACED main cappuccino",
        "0 ORDER_PLACED main cappuccino",
        "0 DRINK_STARTED main cappuccino barista-1",
        "1 DRINK_STARTED main cappuccino barista-1",
        "3 DRINK_READY main cappuccino barista-1",
        "4 DRINK_READY main cappuccino barista-1",
        "4 CUSTOMER_SERVED main",
        "4 RUN_COMPLETED"), ScenarioRunTest.lines(report));
  }

  @Test
  void aOneByOneCustomersNextDrinkIsOrderedWhenTheLastOneCame() {
    // lee's latte is ordered at 3 s, as lee collects the americano, and started at once by
    // the barista still at the counter; kim's americano, ordered at 0, waits for the machine.
    RunSpec spec = spec(Mode.ASYNC, 1, 1,
        new CustomerSpec("lee", List.of(menu.get("americano"), menu.get("latte")),
            OrderStyle.ONE_BY_ONE),
        customer("kim", "americano"));
    RunReport report = run(spec, 11);
    RunStats.Spread waits = report.stats().queueWaitSeconds();
    assertEquals(3, waits.count());
    assertEquals(8.0, waits.max(), "kim: ordered at 0, started at 8");
    assertEquals(8.0 / 3, waits.mean(), 1e-6, "lee's two drinks waited none");
  }

  private CustomerSpec customer(String name, String... drinks) {
    return new CustomerSpec(name, List.of(drinks).stream().map(menu::get).toList(),
        OrderStyle.TOGETHER);
  }

  private static RunSpec spec(Mode mode, int baristas, int machines, CustomerSpec... customers) {
    return new RunSpec(null, mode, 1, baristas, machines, List.of(customers), null);
  }

  private RunReport run(RunSpec spec, int seconds) {
    RunReport report = VirtualTime.runFor(testKit, spec, seconds);
    assertEquals(RunReport.Status.COMPLETED, report.status());
    assertEquals(seconds, report.elapsedSeconds(), 1e-9);
    return report;
  }
}
