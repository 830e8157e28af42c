package cafesim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.Settings;
import cafesim.cafe.CafeEvent;
import cafesim.cafe.CafeEvent.Type;
import cafesim.cafe.Menu;
import cafesim.cafe.Mode;
import cafesim.cafe.OrderStyle;
import cafesim.run.RunReport.Status;
import cafesim.run.RunSpec.CustomerSpec;
import cafesim.testing.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What bounds a run, on virtual time: its timeout, a cancel, the detail it keeps; and the exact
 * figures its report leads with.
 */
@ExtendWith({TestKitJUnit5Extension.class, LogCapturingExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunBoundsTest {

  @JUnit5TestKit
  ActorTestKit testKit = VirtualTime.testKit();

  private final Menu menu = Settings.from(VirtualTime.config()).menu();

  private RunSpec americanoLatte(Mode mode) {
    return Scenarios.find("americano-latte").orElseThrow().toSpec(menu, mode, 1, 1, 0);
  }

  private ActorRef<Run.Command> start(RunSpec spec, Run.Bounds bounds, TestProbe<RunReport> done) {
    return testKit.spawn(Run.create("bounded", TraceContext.fresh(), spec, bounds,
        VirtualTime.clock(testKit), done.getRef(), Run.EVENT_LOGGER));
  }

  @Test
  void theReportLeadsWithTheExactMakespanAndOnVirtualTimeNoLag() {
    RunReport report = VirtualTime.runFor(testKit, americanoLatte(Mode.SYNC), 8);
    assertEquals(8.0, report.makespanSeconds());
    assertEquals(8.0, report.elapsedSeconds(), 1e-9);
    assertEquals(new RunReport.Lag(0, 0), report.lagMillis());
    assertEquals(RunReport.Timing.FAITHFUL, report.timing());
    assertEquals(new RunReport.Detail(report.events().size() + report.messages().size(), 0),
        report.detail());
  }

  @Test
  void aRunThatOverstaysEndsFailedWithReasonTimeout() {
    TestProbe<RunReport> done = testKit.createTestProbe();
    start(americanoLatte(Mode.SYNC), new Run.Bounds(1000, Duration.ofSeconds(4)), done);
    ManualTime time = ManualTime.get(testKit.system());
    time.timePasses(Duration.ofSeconds(3));
    done.expectNoMessage(Duration.ofMillis(20));
    time.timePasses(Duration.ofSeconds(1));
    RunReport report = done.receiveMessage(Duration.ofSeconds(3));
    assertEquals(Status.FAILED, report.status());
    assertEquals("timeout", report.failureReason());
    // The latest instant anything happened at: the americano was ready at 3.
    assertEquals(3.0, report.makespanSeconds());
    CafeEvent last = report.events().get(report.events().size() - 1);
    assertEquals(Type.RUN_FAILED, last.type());
    assertEquals("timeout", last.reason());
  }

  @Test
  void aCancelledRunEndsAtOnceAndTheCallerGetsTheReport() {
    TestProbe<RunReport> done = testKit.createTestProbe();
    TestProbe<Cancellation> caller = testKit.createTestProbe();
    var run = start(americanoLatte(Mode.SYNC), Run.Bounds.NONE, done);
    ManualTime.get(testKit.system()).timePasses(Duration.ofSeconds(4));
    TestProbe<RunLookup> lookup = testKit.createTestProbe();
    lookup.awaitAssert(() -> {
      run.tell(new Run.GetReport(lookup.getRef()));
      RunReport sofar = ((RunLookup.Found) lookup.receiveMessage()).report();
      assertTrue(sofar.events().stream().anyMatch(e -> e.type() == Type.DRINK_STARTED
          && e.atSeconds() == 3.0), "the latte has started at 3");
      return null;
    });
    run.tell(new Run.Cancel(caller.getRef()));
    RunReport report = done.receiveMessage(Duration.ofSeconds(3));
    assertEquals(Status.CANCELLED, report.status());
    assertEquals(RunReport.Lag.NONE, report.lagMillis(), "cut short is not behind");
    assertEquals(report, ((Cancellation.Cancelled) caller.receiveMessage()).report());
    assertEquals(Type.RUN_CANCELLED, report.events().get(report.events().size() - 1).type());
    assertEquals(3.0, report.events().get(report.events().size() - 1).atSeconds());
    done.expectTerminated(run, Duration.ofSeconds(3));
  }

  @Test
  void slipsCannotMakeARunsWorkGrowWithTheSquareOfItsDrinks() {
    int drinks = 40;
    RunSpec spec = new RunSpec(null, Mode.ASYNC, 1, 1, 0, List.of(new CustomerSpec("kim",
        Collections.nCopies(drinks, menu.get("espresso")), OrderStyle.TOGETHER)), null)
        .withFaults(new RunSpec.Faults(1.0, 3));
    TestProbe<RunReport> done = testKit.createTestProbe();
    start(spec, Run.Bounds.NONE, done);
    // Ten simulated seconds at a time: one jump of 1000 s makes every timer due at once, and
    // the manual scheduler's work grows with their square (minutes on a busy machine).
    ManualTime time = ManualTime.get(testKit.system());
    for (int seconds = 0; seconds < 1000; seconds += 10) {
      time.timePasses(Duration.ofSeconds(10));
    }
    RunReport report = done.receiveMessage(Duration.ofSeconds(10));
    assertEquals(Status.COMPLETED, report.status());
    assertEquals(drinks, report.failedDrinks(), "every barista step slips: every drink fails");
    long remade = report.events().stream().filter(e -> e.type() == Type.DRINK_RETRIED).count();
    long slipped = report.events().stream().filter(e -> e.type() == Type.BARISTA_FAILED).count();
    assertTrue(slipped <= 3L * drinks, "each drink is tried at most 3 times: " + slipped);
    // Retried: each drink after its own slips (at most 2 more tries), and the drinks lost with
    // another's slip, within the run's budget.
    assertTrue(remade <= (long) (Run.REMAKES_PER_DRINK + 2) * drinks,
        "lost drinks are remade within the budget: " + remade);
  }

  @Test
  void theSameSpecAndSeedSlipTheSameDrinksAtTheSameSteps() {
    List<CustomerSpec> crowd = new ArrayList<>();
    for (int c = 1; c <= 8; c++) {
      crowd.add(new CustomerSpec("c" + c, Collections.nCopies(5, menu.get("espresso")),
          c % 2 == 0 ? OrderStyle.TOGETHER : OrderStyle.ONE_BY_ONE));
    }
    // One barista: the cafe's choices do not depend on which message ran first.
    RunSpec spec = new RunSpec(null, Mode.ASYNC, 1, 1, 0, crowd, null)
        .withFaults(new RunSpec.Faults(0.3, 3));
    RunReport first = runToEnd(spec.withSeed(42));
    RunReport again = runToEnd(spec.withSeed(42));
    RunReport other = runToEnd(spec.withSeed(43));
    assertEquals("42", first.seed());
    assertTrue(first.events().stream().anyMatch(e -> e.type() == Type.BARISTA_FAILED));
    assertEquals(first.events(), again.events(), "same spec, same seed: the same run");
    assertEquals(first.customers(), again.customers());
    assertTrue(!first.events().equals(other.events()), "another seed, other slips");
  }

  /** A second of virtual time at a time, each handled before the next, until the run ends. */
  private RunReport runToEnd(RunSpec spec) {
    TestProbe<RunReport> done = testKit.createTestProbe();
    start(spec, Run.Bounds.NONE, done);
    ManualTime time = ManualTime.get(testKit.system());
    for (int second = 0; second < 200; second++) {
      try {
        return done.receiveMessage(Duration.ofMillis(20));
      } catch (AssertionError notYet) {
        time.timePasses(Duration.ofSeconds(1));
      }
    }
    throw new AssertionError("the run did not end in 200 simulated seconds");
  }

  @Test
  void aRunKeepsAtMostItsDetailAndCountsTheRestButServesEveryone() {
    List<CustomerSpec> crowd = new ArrayList<>();
    for (int c = 1; c <= 50; c++) {
      crowd.add(new CustomerSpec("c" + c, Collections.nCopies(4, menu.get("espresso")),
          OrderStyle.TOGETHER));
    }
    RunSpec spec = new RunSpec(null, Mode.ASYNC, 1, 1, 0, crowd, null);
    TestProbe<RunReport> done = testKit.createTestProbe();
    start(spec, new Run.Bounds(100, Duration.ofHours(1)), done);
    ManualTime.get(testKit.system()).timePasses(Duration.ofSeconds(1));
    RunReport report = done.receiveMessage(Duration.ofSeconds(3));
    assertEquals(Status.COMPLETED, report.status());
    assertEquals(50, report.customersServed());
    assertEquals(1.0, report.makespanSeconds());
    // The run's last event is always kept: 100 plus RUN_COMPLETED.
    assertEquals(101, report.detail().kept());
    assertEquals(101, report.events().size() + report.messages().size());
    assertTrue(report.detail().leftOut() > 1000, "" + report.detail());
  }
}
