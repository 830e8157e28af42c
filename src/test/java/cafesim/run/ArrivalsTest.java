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
    RunStats stats = report.stats();
    assertEquals(2, stats.customers());
    assertEquals(2, stats.served());
    assertEquals(0, stats.reneged());
    // kim waited 5 s (0 to 5), lee 6 (2 to 8); their drinks 0 and 3 s in the line.
    assertEquals(new RunStats.Spread(2, 5.5, 5, 6, 6, null), stats.waitSeconds());
    assertEquals(new RunStats.Spread(2, 1.5, 0, 3, 3, null), stats.queueWaitSeconds());
    assertEquals(new RunStats.QueueLength(3.0 / 8, 1), stats.queueLength());
    assertEquals(new RunStats.Utilisation(List.of(1.0), 1.0), stats.utilisation(),
        "in sync mode the barista stands by each drink: busy all 8 s");
    assertEquals(2 / 8.0 * 3600, stats.throughputPerHour());
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
  void aCustomerWhosePatienceRunsOutBeforeAnyDrinkIsStartedLeaves() {
    RunReport report = run(spec(Mode.SYNC, customer("kim", 0, "latte"),
        patient("lee", 1, 2.0, "espresso")), 5);
    assertEquals(List.of(
        "0 RUN_STARTED",
        "0 ORDER_PLACED kim latte",
        "0 DRINK_STARTED kim latte barista-1",
        "1 ORDER_PLACED lee espresso",
        "3 CUSTOMER_RENEGED lee",
        "5 DRINK_READY kim latte barista-1",
        "5 CUSTOMER_SERVED kim",
        "5 RUN_COMPLETED"), ScenarioRunTest.lines(report));
    assertEquals(1, report.customersServed(), "lee was not served");
    RunStats stats = report.stats();
    assertEquals(1, stats.served());
    assertEquals(1, stats.reneged());
    assertEquals(new RunStats.Spread(1, 5, 5, 5, 5, null), stats.waitSeconds(),
        "only those served have a wait");
    assertEquals(new RunStats.QueueLength(2 / 5.0, 1), stats.queueLength(),
        "lee's espresso was in the line from 1 to 3 s, kim's latte not at all");
  }

  @Test
  void aStartAtTheVeryInstantThePatienceRunsOutWins() {
    RunReport report = run(spec(Mode.SYNC, customer("kim", 0, "espresso"),
        patient("lee", 0, 1.0, "espresso")), 2);
    assertEquals(List.of(
        "0 RUN_STARTED",
        "0 ORDER_PLACED kim espresso",
        "0 ORDER_PLACED lee espresso",
        "0 DRINK_STARTED kim espresso barista-1",
        "1 DRINK_READY kim espresso barista-1",
        "1 CUSTOMER_SERVED kim",
        "1 DRINK_STARTED lee espresso barista-1",
        "2 DRINK_READY lee espresso barista-1",
        "2 CUSTOMER_SERVED lee",
        "2 RUN_COMPLETED"), ScenarioRunTest.lines(report));
  }

  @Test
  void guestsComeInOneEveryGapAndAreNumberedAfterTheListedCustomers() {
    RunSpec spec = spec(Mode.SYNC, customer("kim", 0, "espresso"))
        .withArrivals(guests(2, Arrivals.Process.UNIFORM, 0.5, null, "espresso"));
    RunReport report = run(spec, 5);
    assertEquals(List.of(
        "0 RUN_STARTED",
        "0 ORDER_PLACED kim espresso",
        "0 DRINK_STARTED kim espresso barista-1",
        "1 DRINK_READY kim espresso barista-1",
        "1 CUSTOMER_SERVED kim",
        "2 ORDER_PLACED guest-2 espresso",
        "2 DRINK_STARTED guest-2 espresso barista-1",
        "3 DRINK_READY guest-2 espresso barista-1",
        "3 CUSTOMER_SERVED guest-2",
        "4 ORDER_PLACED guest-3 espresso",
        "4 DRINK_STARTED guest-3 espresso barista-1",
        "5 DRINK_READY guest-3 espresso barista-1",
        "5 CUSTOMER_SERVED guest-3",
        "5 RUN_COMPLETED"), ScenarioRunTest.lines(report));
    assertEquals(List.of("kim", "guest-2", "guest-3"),
        report.customers().stream().map(RunReport.CustomerResult::name).toList());
  }

  @Test
  void aCrowdAtOnceWithPatienceKeepsThoseStartedInTimeAndLosesTheRest() {
    RunSpec spec = new RunSpec(null, Mode.SYNC, 1, 1, 0, List.of(), null)
        .withArrivals(guests(5, Arrivals.Process.AT_ONCE, 0, 2.5, "espresso"));
    RunReport report = run(spec, 3);
    List<String> lines = ScenarioRunTest.lines(report);
    assertEquals(List.of("2.5 CUSTOMER_RENEGED guest-4", "2.5 CUSTOMER_RENEGED guest-5"),
        lines.stream().filter(l -> l.contains("RENEGED")).toList());
    assertEquals(List.of("1 CUSTOMER_SERVED guest-1", "2 CUSTOMER_SERVED guest-2",
        "3 CUSTOMER_SERVED guest-3"), lines.stream().filter(l -> l.contains("SERVED")).toList());
    assertEquals(3, report.customersServed());
    assertEquals(3.0, report.makespanSeconds());
  }

  @Test
  void theSameSeedMakesTheSameGuestsAndPoissonGapsAverageOneOverTheRate() {
    Arrivals arrivals = new Arrivals(20_000, Arrivals.Process.POISSON, 0.8,
        List.of(menu.get("espresso"), menu.get("latte")), List.of(3.0, 1.0), 1, null);
    RunSpec spec = new RunSpec(null, Mode.ASYNC, 1, 1, 0, List.of(), null).withArrivals(arrivals)
        .withSeed(99);
    List<cafesim.cafe.Customer.Visit> first = everyone(new Door(spec));
    assertEquals(first, everyone(new Door(spec)), "the same spec and seed, the same guests");
    assertEquals(20_000, first.size());
    double meanGap = first.get(first.size() - 1).arriveAt() / first.size();
    assertEquals(1 / 0.8, meanGap, 0.05 * (1 / 0.8), "exponential gaps, mean 1/perSecond");
    long espressos = first.stream().filter(v -> v.drinks().get(0).name().equals("espresso"))
        .count();
    assertEquals(0.75, espressos / 20_000.0, 0.02, "weights 3:1");
    List<cafesim.cafe.Customer.Visit> other = everyone(new Door(spec.withSeed(100)));
    assertEquals(false, first.equals(other), "another seed, other guests");
  }

  private static List<cafesim.cafe.Customer.Visit> everyone(Door door) {
    List<cafesim.cafe.Customer.Visit> all = new java.util.ArrayList<>();
    for (var next = door.next(); next.isPresent(); next = door.next()) {
      all.addAll(door.dueAt(next.getAsDouble()));
    }
    return all;
  }

  @Test
  void theLongestARunMayTakeCountsFromItsLastArrival() {
    RunSpec spec = spec(Mode.SYNC, customer("kim", 0, "latte"), customer("lee", 30, "espresso"));
    assertEquals(30 + 1 + 5, spec.longestSeconds());
  }

  private CustomerSpec customer(String name, double arriveAt, String... drinks) {
    return patient(name, arriveAt, null, drinks);
  }

  private CustomerSpec patient(String name, double arriveAt, Double patience, String... drinks) {
    return new CustomerSpec(name, List.of(drinks).stream().map(menu::get).toList(),
        OrderStyle.TOGETHER, arriveAt, patience);
  }

  private Arrivals guests(int count, Arrivals.Process process, double perSecond,
      Double patience, String... drinks) {
    return new Arrivals(count, process, perSecond,
        List.of(drinks).stream().map(menu::get).toList(), List.of(), 1, patience);
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
