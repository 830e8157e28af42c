package cafesim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.Settings;
import cafesim.cafe.Menu;
import cafesim.cafe.Mode;
import cafesim.testing.VirtualTime;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A wall-clock crowd's customers work on the default dispatcher's threads, apart from their
 * cafe's, so their word to the run and the cafe's close come from different threads. A served
 * customer tells the run before the cafe (CustomerTest); one told to leave tells the run after
 * the cafe has moved on, and the cafe may close first: the run then waits for the rest. Either
 * way the run ends COMPLETED with every customer's outcome. A few crowds of each: which thread
 * is first is the machine's choice.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrowdEndTest {

  private static final int ROUNDS = 5;
  private static final int CROWD = 2 * Greeter.CUSTOMERS_EACH + 500;

  @JUnit5TestKit
  ActorTestKit testKit = VirtualTime.testKit();

  private final Menu menu = Settings.from(VirtualTime.config()).menu();

  @Test
  void aServedCrowdEndsCompletedWithEveryCustomerServed() {
    // Async, one barista: every espresso brews at once and is done at 1 s.
    RunSpec spec = new RunSpec(null, Mode.ASYNC, 1, 1, 0, List.of(), null)
        .withArrivals(atOnce(null));
    for (int round = 1; round <= ROUNDS; round++) {
      RunReport report = VirtualTime.runFor(testKit, spec, 1);
      assertEquals(RunReport.Status.COMPLETED, report.status(), "round " + round);
      assertEquals(CROWD, report.customersServed(), "round " + round);
    }
  }

  @Test
  void aCrowdThatMostlyLeavesEndsCompletedWithEveryoneServedOrGone() {
    // Sync, one barista, 1 s a drink, half a second of patience: the first is served at 1 s,
    // the rest leave at 0.5 s, told by the cafe, each telling the run from its own thread.
    RunSpec spec = new RunSpec(null, Mode.SYNC, 1, 1, 0, List.of(), null)
        .withArrivals(atOnce(0.5));
    for (int round = 1; round <= ROUNDS; round++) {
      RunReport report = VirtualTime.runFor(testKit, spec, 1);
      assertEquals(RunReport.Status.COMPLETED, report.status(), "round " + round);
      assertEquals(1, report.customersServed(), "round " + round);
      assertEquals(CROWD - 1, report.stats().reneged(), "round " + round);
    }
  }

  private Arrivals atOnce(Double patience) {
    return new Arrivals(CROWD, Arrivals.Process.AT_ONCE, 0, List.of(menu.get("espresso")),
        List.of(), 1, patience);
  }
}
