package cafesim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.Settings;
import cafesim.cafe.Drink;
import cafesim.cafe.Menu;
import cafesim.cafe.Mode;
import cafesim.http.Json;
import cafesim.testing.VirtualTime;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs on their own clock: the same actors and protocol, time that jumps as soon as an instant
 * is done, and the same events whatever the machine is doing. No time is made to pass here:
 * a virtual run does not read the clock the test kit controls.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VirtualClockTest {

  @JUnit5TestKit
  ActorTestKit testKit = VirtualTime.testKit();

  private final Menu menu = Settings.from(VirtualTime.config()).menu();
  private int runs;

  private RunReport runVirtually(RunSpec spec) {
    TestProbe<RunReport> done = testKit.createTestProbe();
    // Where a run's entity starts it: on the virtual runs' own thread.
    testKit.spawn(Run.create("virtual-" + ++runs, TraceContext.fresh(),
        spec.withClock(RunSpec.Clock.VIRTUAL), Run.Bounds.NONE, System::nanoTime, done.getRef(),
        Run.EVENT_LOGGER), "virtual-" + runs, Run.VIRTUAL_DISPATCHER);
    return done.receiveMessage(Duration.ofSeconds(60));
  }

  @Test
  void everySeedScenarioPlaysTheSameEventsAsOnTheWallClockAndEndsAtItsTotal() {
    for (Scenario scenario : Scenarios.SEEDS) {
      for (Mode mode : Mode.values()) {
        RunSpec spec = scenario.toSpec(menu, mode, 1, 1, 0).withSeed(5);
        RunReport virtual = runVirtually(spec);
        assertEquals(RunReport.Status.COMPLETED, virtual.status());
        assertEquals(scenario.expectedSeconds().of(mode), virtual.makespanSeconds(),
            scenario.name() + " " + mode);
        assertEquals(RunReport.Timing.VIRTUAL, virtual.timing());
        RunReport wallClock = VirtualTime.runFor(testKit, spec,
            (long) scenario.expectedSeconds().of(mode));
        assertEquals(ScenarioRunTest.lines(wallClock), ScenarioRunTest.lines(virtual),
            scenario.name() + " " + mode);
      }
    }
  }

  @Test
  void aCrowdTooBigForOneGreeterIsServedInItsOrderOnEitherClock() {
    int crowd = 2 * Greeter.CUSTOMERS_EACH + 500;
    Arrivals atOnce = new Arrivals(crowd, Arrivals.Process.AT_ONCE, 0,
        List.of(menu.get("espresso")), List.of(), 1, null);
    // Sync, two baristas, 1 s a drink: guest k starts at (k - 1) / 2 rounded down, whichever
    // greeter let it in and whenever its actor happened to run.
    RunReport sync = runVirtually(new RunSpec(null, Mode.SYNC, 1, 2, 0, List.of(), null)
        .withArrivals(atOnce));
    assertEquals(crowd, sync.customersServed());
    assertEquals(crowd / 2.0, sync.makespanSeconds());
    for (int k = 1; k <= crowd; k++) {
      assertEquals((k - 1) / 2 + 1.0, sync.customers().get(k - 1).servedAtSeconds(),
          "guest-" + k);
    }
    // Async, one barista: all brew at once. The wall clock (greeters on their own threads)
    // and the virtual clock (one thread) tell the same story.
    RunSpec async = new RunSpec(null, Mode.ASYNC, 1, 1, 0, List.of(), null).withArrivals(atOnce);
    RunReport wallClock = VirtualTime.runFor(testKit, async, 1);
    assertEquals(crowd, wallClock.customersServed());
    assertEquals(ScenarioRunTest.lines(wallClock), ScenarioRunTest.lines(runVirtually(async)));
  }

  @Test
  void theSameSpecAndSeedGiveTheSameEventsByteForByte() throws Exception {
    Drink pourOver = new Drink("pour-over", 0.5, 1, Drink.Variability.EXPONENTIAL);
    RunSpec spec = new RunSpec(null, Mode.ASYNC, 1, 2, 1, List.of(), null)
        .withArrivals(new Arrivals(3000, Arrivals.Process.POISSON, 1.5,
            List.of(pourOver, menu.get("espresso")), List.of(2.0, 1.0), 1, 4.0))
        .withFaults(new RunSpec.Faults(0.05, 3))
        .withSeed(77);
    RunReport first = runVirtually(spec);
    RunReport again = runVirtually(spec);
    assertEquals(RunReport.Status.COMPLETED, first.status());
    assertEquals(0, first.detail().leftOut(), "every event kept: all of them are compared");
    assertEquals(Json.MAPPER.writeValueAsString(first.events()),
        Json.MAPPER.writeValueAsString(again.events()));
    assertEquals(Json.MAPPER.writeValueAsString(first.stats()),
        Json.MAPPER.writeValueAsString(again.stats()));
    assertTrue(first.stats().reneged() > 0 && first.failedDrinks() >= 0, "patience and slips at"
        + " work: " + first.stats());
    RunReport other = runVirtually(spec.withSeed(78));
    assertNotEquals(first.makespanSeconds(), other.makespanSeconds());
  }

  @Test
  void aLongDayTakesAMomentAndEndsWithEveryCustomerServedOrGone() {
    RunSpec spec = new RunSpec(null, Mode.SYNC, 1, 2, 0, List.of(), null)
        .withArrivals(new Arrivals(20_000, Arrivals.Process.POISSON, 1.0,
            List.of(menu.get("espresso")), List.of(), 1, 30.0))
        .withTraceLevel(RunSpec.TraceLevel.SUMMARY)
        .withSeed(3);
    RunReport report = runVirtually(spec);
    assertEquals(RunReport.Status.COMPLETED, report.status());
    assertEquals(20_000, report.stats().served() + report.stats().reneged());
    assertTrue(report.makespanSeconds() > 19_000, "about 20,000 s of cafe: "
        + report.makespanSeconds());
  }
}
