package cafesim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.Settings;
import cafesim.cafe.CafeEvent;
import cafesim.cafe.CafeEvent.Type;
import cafesim.cafe.Customer;
import cafesim.cafe.Menu;
import cafesim.cafe.Mode;
import cafesim.cafe.OrderStyle;
import cafesim.run.RunSpec.CustomerSpec;
import cafesim.run.RunSpec.Faults;
import cafesim.testing.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Baristas that slip: supervision restarts them, and no drink is lost or served twice. */
@ExtendWith({TestKitJUnit5Extension.class, LogCapturingExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlippingBaristasTest {

  @JUnit5TestKit
  ActorTestKit testKit = VirtualTime.testKit();

  /** A kit on the real clock, for the run too big to step through by hand. */
  private final ActorTestKit realTime = new JUnit5TestKitBuilder()
      .withCustomConfig(Settings.loadConfig()).withName("real-time").build();

  private final Menu menu = Settings.from(VirtualTime.config()).menu();

  @AfterAll
  void stopRealTime() {
    realTime.shutdownTestKit();
  }

  @Test
  void aDrinkSlippedOnAtEveryTryIsGivenUpAfterTheLast() {
    RunSpec spec = new RunSpec(null, Mode.ASYNC, 1, 1, 0,
        List.of(new CustomerSpec("main", List.of(menu.get("americano")), OrderStyle.TOGETHER)),
        null).withFaults(new Faults(1.0, 3));
    RunReport report = VirtualTime.runFor(testKit, spec, 9);
    assertEquals(List.of(
        "0 RUN_STARTED",
        "0 ORDER_PLACED main americano",
        "0 DRINK_STARTED main americano barista-1",
        "3 BARISTA_FAILED main americano barista-1",
        "3 BARISTA_RESTARTED barista-1",
        "3 DRINK_RETRIED main americano",
        "3 DRINK_STARTED main americano barista-1",
        "6 BARISTA_FAILED main americano barista-1",
        "6 BARISTA_RESTARTED barista-1",
        "6 DRINK_RETRIED main americano",
        "6 DRINK_STARTED main americano barista-1",
        "9 BARISTA_FAILED main americano barista-1",
        "9 BARISTA_RESTARTED barista-1",
        "9 DRINK_FAILED main americano",
        "9 CUSTOMER_SERVED main",
        "9 RUN_COMPLETED"), ScenarioRunTest.lines(report));
    assertEquals(RunReport.Status.COMPLETED, report.status());
    assertEquals(List.of(Customer.FAILED), report.customers().get(0).results());
    assertEquals(List.of(new Customer.FailedDrink(1, "americano", "given up after 3 tries")),
        report.customers().get(0).failures());
    assertEquals(1, report.failedDrinks());
    CafeEvent slip = report.events().get(3);
    assertEquals("barista-1 slipped at the end of brewing", slip.reason());
  }

  @Test
  void theOtherDrinksABaristaHadAreRemadeTooWithoutUsingUpTheirTries() {
    // Two brews at once; the barista slips on the first to finish, which also loses the second.
    RunSpec spec = new RunSpec(null, Mode.ASYNC, 1, 1, 0,
        List.of(new CustomerSpec("main", List.of(menu.get("espresso"), menu.get("americano")),
            OrderStyle.TOGETHER)), null).withFaults(new Faults(1.0, 1));
    RunReport report = VirtualTime.runFor(testKit, spec, 4);
    List<String> lines = ScenarioRunTest.lines(report);
    assertTrue(lines.contains("1 DRINK_FAILED main espresso"), lines.toString());
    assertTrue(lines.contains("1 DRINK_RETRIED main americano"), lines.toString());
    assertTrue(lines.contains("1 DRINK_STARTED main americano barista-1"), lines.toString());
    // Its one try was the remake: lost at 1 s without being charged, slipped on at 4 s.
    assertTrue(lines.contains("4 DRINK_FAILED main americano"), lines.toString());
    assertEquals(List.of(Customer.FAILED, Customer.FAILED), report.customers().get(0).results());
  }

  @Test
  void tenThousandDrinksAtFailureRateOneFifthEachEndExactlyOnce() {
    int customers = 100;
    int drinksEach = 100;
    List<CustomerSpec> crowd = new ArrayList<>();
    for (int c = 1; c <= customers; c++) {
      crowd.add(new CustomerSpec("c" + c, Collections.nCopies(drinksEach, menu.get("espresso")),
          c % 2 == 0 ? OrderStyle.TOGETHER : OrderStyle.ONE_BY_ONE));
    }
    RunSpec spec = new RunSpec(null, Mode.ASYNC, 1000, 10, 0, crowd, null).withFaults(new Faults(0.2, 3));
    TestProbe<RunReport> done = realTime.createTestProbe();
    realTime.spawn(Run.create("slips", TraceContext.fresh(), spec, Run.Bounds.NONE, System::nanoTime,
        done.getRef(), "cafesim.quiet"));
    RunReport report = done.receiveMessage(Duration.ofSeconds(60));

    assertEquals(RunReport.Status.COMPLETED, report.status());
    Map<String, Integer> endings = new HashMap<>();
    int slips = 0;
    for (CafeEvent e : report.events()) {
      if (e.type() == Type.DRINK_READY || e.type() == Type.DRINK_FAILED) {
        endings.merge(e.customerNo() + "." + e.drinkNo(), 1, Integer::sum);
      } else if (e.type() == Type.BARISTA_FAILED) {
        slips++;
      }
    }
    assertEquals(customers * drinksEach, endings.size(), "every drink ordered ended");
    assertTrue(endings.values().stream().allMatch(n -> n == 1), "none ended twice");
    int served = 0;
    int failed = 0;
    for (RunReport.CustomerResult c : report.customers()) {
      assertEquals(drinksEach, c.results().size(), c.name());
      for (String result : c.results()) {
        if (result.equals(Customer.FAILED)) {
          failed++;
        } else {
          assertEquals("Espresso", result);
          served++;
        }
      }
      assertEquals(c.failures().size(), Collections.frequency(c.results(), Customer.FAILED));
    }
    assertEquals(customers * drinksEach, served + failed);
    assertEquals(failed, report.failedDrinks());
    assertEquals(failed, count(report, Type.DRINK_FAILED));
    assertEquals(slips, count(report, Type.BARISTA_RESTARTED), "every slip, a restart");
    // Expected about 0.2 x 10,000 slips and 0.2^3 x 10,000 = 80 drinks given up.
    assertTrue(slips > 1500 && slips < 3500, "slips: " + slips);
    assertTrue(failed > 20 && failed < 200, "failed: " + failed);
  }

  private static long count(RunReport report, Type type) {
    return report.events().stream().filter(e -> e.type() == type).count();
  }
}
