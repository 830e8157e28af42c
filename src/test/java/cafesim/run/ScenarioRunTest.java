package cafesim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cafesim.Settings;
import cafesim.cafe.CafeEvent;
import cafesim.cafe.Menu;
import cafesim.cafe.Mode;
import cafesim.testing.VirtualTime;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every seed scenario in both modes, on virtual time: the exact events, in order, at the
 * simulated times the seeds print them, and the results in the order asked.
 */
@ExtendWith({TestKitJUnit5Extension.class, LogCapturingExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScenarioRunTest {

  @JUnit5TestKit
  ActorTestKit testKit = VirtualTime.testKit();

  private final Menu menu = Settings.from(VirtualTime.config()).menu();

  @Test
  void americanoAndLatteAsyncTakeFiveSecondsNotEight() {
    RunReport report = run("americano-latte", Mode.ASYNC);
    assertEquals(List.of(
        "0 RUN_STARTED",
        "0 ORDER_PLACED main americano",
        "0 ORDER_PLACED main latte",
        "0 DRINK_STARTED main americano barista-1",
        "0 DRINK_STARTED main latte barista-1",
        "3 DRINK_READY main americano barista-1",
        "5 DRINK_READY main latte barista-1",
        "5 CUSTOMER_SERVED main",
        "5 RUN_COMPLETED"), lines(report));
    assertEquals(List.of("Americano", "Latte"), report.customers().get(0).results());
    assertEquals(5.0, report.customers().get(0).servedAtSeconds());
    assertEquals(5.0, report.elapsedSeconds(), 1e-9);
  }

  @Test
  void americanoAndLatteSyncTakeEight() {
    RunReport report = run("americano-latte", Mode.SYNC);
    assertEquals(List.of(
        "0 RUN_STARTED",
        "0 ORDER_PLACED main americano",
        "0 ORDER_PLACED main latte",
        "0 DRINK_STARTED main americano barista-1",
        "3 DRINK_READY main americano barista-1",
        "3 DRINK_STARTED main latte barista-1",
        "8 DRINK_READY main latte barista-1",
        "8 CUSTOMER_SERVED main",
        "8 RUN_COMPLETED"), lines(report));
    assertEquals(List.of("Americano", "Latte"), report.customers().get(0).results());
    assertEquals(8.0, report.elapsedSeconds(), 1e-9);
  }

  @Test
  void findUsersAsyncCallersInterleaveAndFinishShortestFirst() {
    RunReport report = run("find-users", Mode.ASYNC);
    assertEquals(List.of(
        "0 RUN_STARTED",
        "0 ORDER_PLACED caller-1 espresso",
        "0 ORDER_PLACED caller-2 espresso",
        "0 ORDER_PLACED caller-3 espresso",
        "0 DRINK_STARTED caller-1 espresso barista-1",
        "0 DRINK_STARTED caller-2 espresso barista-1",
        "0 DRINK_STARTED caller-3 espresso barista-1",
        "1 DRINK_READY caller-1 espresso barista-1",
        "1 DRINK_READY caller-2 espresso barista-1",
        "1 DRINK_READY caller-3 espresso barista-1",
        "1 CUSTOMER_SERVED caller-3",
        "1 ORDER_PLACED caller-1 espresso",
        "1 ORDER_PLACED caller-2 espresso",
        "1 DRINK_STARTED caller-1 espresso barista-1",
        "1 DRINK_STARTED caller-2 espresso barista-1",
        "2 DRINK_READY caller-1 espresso barista-1",
        "2 DRINK_READY caller-2 espresso barista-1",
        "2 CUSTOMER_SERVED caller-2",
        "2 ORDER_PLACED caller-1 espresso",
        "2 DRINK_STARTED caller-1 espresso barista-1",
        "3 DRINK_READY caller-1 espresso barista-1",
        "3 CUSTOMER_SERVED caller-1",
        "3 RUN_COMPLETED"), lines(report));
    assertEquals(3.0, report.elapsedSeconds(), 1e-9);
  }

  @Test
  void findUsersSyncServesEachCallerToTheEndBeforeTheNext() {
    RunReport report = run("find-users", Mode.SYNC);
    assertEquals(List.of(
        "0 RUN_STARTED",
        "0 ORDER_PLACED caller-1 espresso",
        "0 ORDER_PLACED caller-2 espresso",
        "0 ORDER_PLACED caller-3 espresso",
        "0 DRINK_STARTED caller-1 espresso barista-1",
        "1 DRINK_READY caller-1 espresso barista-1",
        "1 ORDER_PLACED caller-1 espresso",
        "1 DRINK_STARTED caller-1 espresso barista-1",
        "2 DRINK_READY caller-1 espresso barista-1",
        "2 ORDER_PLACED caller-1 espresso",
        "2 DRINK_STARTED caller-1 espresso barista-1",
        "3 DRINK_READY caller-1 espresso barista-1",
        "3 CUSTOMER_SERVED caller-1",
        "3 DRINK_STARTED caller-2 espresso barista-1",
        "4 DRINK_READY caller-2 espresso barista-1",
        "4 ORDER_PLACED caller-2 espresso",
        "4 DRINK_STARTED caller-2 espresso barista-1",
        "5 DRINK_READY caller-2 espresso barista-1",
        "5 CUSTOMER_SERVED caller-2",
        "5 DRINK_STARTED caller-3 espresso barista-1",
        "6 DRINK_READY caller-3 espresso barista-1",
        "6 CUSTOMER_SERVED caller-3",
        "6 RUN_COMPLETED"), lines(report));
    assertEquals(6.0, report.elapsedSeconds(), 1e-9);
  }

  @Test
  void threeCallsEndInReverseButReportInCallOrder() {
    RunReport report = run("three-calls", Mode.ASYNC);
    assertEquals(List.of(
        "0 RUN_STARTED",
        "0 ORDER_PLACED main latte",
        "0 ORDER_PLACED main americano",
        "0 ORDER_PLACED main espresso",
        "0 DRINK_STARTED main latte barista-1",
        "0 DRINK_STARTED main americano barista-1",
        "0 DRINK_STARTED main espresso barista-1",
        "1 DRINK_READY main espresso barista-1",
        "3 DRINK_READY main americano barista-1",
        "5 DRINK_READY main latte barista-1",
        "5 CUSTOMER_SERVED main",
        "5 RUN_COMPLETED"), lines(report));
    assertEquals(List.of("Latte", "Americano", "Espresso"), report.customers().get(0).results());
  }

  @Test
  void threeCallsSyncTakeTheSum() {
    RunReport report = run("three-calls", Mode.SYNC);
    assertEquals(List.of(
        "0 RUN_STARTED",
        "0 ORDER_PLACED main latte",
        "0 ORDER_PLACED main americano",
        "0 ORDER_PLACED main espresso",
        "0 DRINK_STARTED main latte barista-1",
        "5 DRINK_READY main latte barista-1",
        "5 DRINK_STARTED main americano barista-1",
        "8 DRINK_READY main americano barista-1",
        "8 DRINK_STARTED main espresso barista-1",
        "9 DRINK_READY main espresso barista-1",
        "9 CUSTOMER_SERVED main",
        "9 RUN_COMPLETED"), lines(report));
    assertEquals(List.of("Latte", "Americano", "Espresso"), report.customers().get(0).results());
  }

  @Test
  void fiveJobsAsyncAllStartThenAllFinish() {
    RunReport report = run("five-jobs", Mode.ASYNC);
    List<String> expected = new java.util.ArrayList<>(List.of("0 RUN_STARTED"));
    for (int i = 0; i < 5; i++) {
      expected.add("0 ORDER_PLACED main espresso");
    }
    for (int i = 0; i < 5; i++) {
      expected.add("0 DRINK_STARTED main espresso barista-1");
    }
    for (int i = 0; i < 5; i++) {
      expected.add("1 DRINK_READY main espresso barista-1");
    }
    expected.addAll(List.of("1 CUSTOMER_SERVED main", "1 RUN_COMPLETED"));
    assertEquals(expected, lines(report));
    assertEquals(List.of(1, 2, 3, 4, 5), drinkNumbers(report, CafeEvent.Type.DRINK_READY));
  }

  @Test
  void fiveJobsSyncOneAfterAnother() {
    RunReport report = run("five-jobs", Mode.SYNC);
    List<String> expected = new java.util.ArrayList<>(List.of("0 RUN_STARTED"));
    for (int i = 0; i < 5; i++) {
      expected.add("0 ORDER_PLACED main espresso");
    }
    for (int i = 0; i < 5; i++) {
      expected.add(i + " DRINK_STARTED main espresso barista-1");
      expected.add((i + 1) + " DRINK_READY main espresso barista-1");
    }
    expected.addAll(List.of("5 CUSTOMER_SERVED main", "5 RUN_COMPLETED"));
    assertEquals(expected, lines(report));
  }

  @Test
  void handsOnWorkGainsNothingFromAsync() {
    for (Mode mode : Mode.values()) {
      RunReport report = run("hands-on", mode);
      List<String> expected = new java.util.ArrayList<>(List.of("0 RUN_STARTED"));
      for (int i = 0; i < 5; i++) {
        expected.add("0 ORDER_PLACED main pour-over");
      }
      for (int i = 0; i < 5; i++) {
        expected.add(i + " DRINK_STARTED main pour-over barista-1");
        expected.add((i + 1) + " DRINK_READY main pour-over barista-1");
      }
      expected.addAll(List.of("5 CUSTOMER_SERVED main", "5 RUN_COMPLETED"));
      assertEquals(expected, lines(report), mode.label());
      assertEquals(5.0, report.elapsedSeconds(), 1e-9, mode.label());
    }
  }

  @Test
  void everyScenarioEndsAtTheTotalItsSeedStates() {
    for (Scenario scenario : Scenarios.SEEDS) {
      for (Mode mode : Mode.values()) {
        RunReport report = run(scenario.name(), mode);
        double expected = scenario.expectedSeconds().of(mode);
        assertEquals(expected, report.expectedSeconds(), scenario.name());
        assertEquals(expected, report.elapsedSeconds(), 1e-9, scenario.name() + " " + mode);
        CafeEvent last = report.events().get(report.events().size() - 1);
        assertEquals(CafeEvent.Type.RUN_COMPLETED, last.type());
        assertEquals(expected, last.atSeconds(), 1e-9);
      }
    }
  }

  private RunReport run(String name, Mode mode) {
    Scenario scenario = Scenarios.find(name).orElseThrow();
    RunSpec spec = scenario.toSpec(menu, mode, 1.0, 1, 0);
    return VirtualTime.runFor(testKit, spec, Math.round(scenario.expectedSeconds().of(mode)));
  }

  static List<String> lines(RunReport report) {
    return report.events().stream().map(ScenarioRunTest::line).toList();
  }

  static String line(CafeEvent e) {
    StringBuilder b = new StringBuilder(fmt(e.atSeconds())).append(' ').append(e.type());
    for (String part : new String[] {e.customer(), e.drink(), e.barista()}) {
      if (part != null) {
        b.append(' ').append(part);
      }
    }
    return b.toString();
  }

  private static String fmt(double seconds) {
    return seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds);
  }

  private static List<Integer> drinkNumbers(RunReport report, CafeEvent.Type type) {
    return report.events().stream().filter(e -> e.type() == type).map(CafeEvent::drinkNo).toList();
  }
}
