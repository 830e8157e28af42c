package cafesim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.cafe.Drink;
import cafesim.cafe.Mode;
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
 * The cafe on its own clock against formulas no one here wrote: Pollaczek-Khinchine for M/D/1,
 * M/M/1, and Erlang C for M/M/2, at utilisation 0.5. Each run is long enough (hundreds of
 * thousands of customers, the first 1,000 s left out) that its 99 % confidence interval for
 * the mean time in line is within 3 % of the formula's value; the test asserts that the
 * formula lies inside it. The seeds are 1, 2 and 3, as they come. docs/validation.md has more
 * utilisations and the same models in SimPy.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueingTheoryTest {

  @JUnit5TestKit
  ActorTestKit testKit = VirtualTime.testKit();

  /** Student's t with 19 degrees of freedom: two-sided 95 % and 99 %. */
  private static final double T_95 = 2.093024054408263;
  private static final double T_99 = 2.860934606449914;
  private static final double WARMUP = 1000;
  private int runs;

  /** One queue: Poisson arrivals at {@code lambda}, a hands-on job of mean 1 s, c baristas. */
  private RunStats run(double lambda, Drink.Variability service, int baristas, int customers,
      long seed) {
    Drink job = new Drink("job", 0, 1, service);
    RunSpec spec = new RunSpec(null, Mode.ASYNC, 1, baristas, 0, List.of(), null)
        .withArrivals(new Arrivals(customers, Arrivals.Process.POISSON, lambda, List.of(job),
            List.of(), 1, null))
        .withWarmup(WARMUP)
        .withTraceLevel(RunSpec.TraceLevel.SUMMARY)
        .withClock(RunSpec.Clock.VIRTUAL)
        .withSeed(seed);
    TestProbe<RunReport> done = testKit.createTestProbe();
    testKit.spawn(Run.create("theory-" + seed, TraceContext.fresh(), spec, Run.Bounds.NONE,
        System::nanoTime, done.getRef(), Run.EVENT_LOGGER), "run-" + spec.seed() + "-" + runs++,
        Run.VIRTUAL_DISPATCHER);
    RunReport report = done.receiveMessage(Duration.ofMinutes(10));
    assertEquals(RunReport.Status.COMPLETED, report.status());
    return report.stats();
  }

  /**
   * The formula's mean time in line lies in the run's 99 % interval (the 95 % one the report
   * gives, widened by the ratio of the t quantiles: the same batch means), and that interval
   * is within 3 % of it.
   */
  private static void agrees(String model, double formula, RunStats stats) {
    RunStats.Spread wait = stats.queueWaitSeconds();
    double mean = (wait.ci95().low() + wait.ci95().high()) / 2;
    double half = (wait.ci95().high() - wait.ci95().low()) / 2 * T_99 / T_95;
    String says = String.format("%s: formula %.4f s, run %.4f s +- %.4f (99 %%), %d waits",
        model, formula, mean, half, wait.count());
    System.out.println(says);
    assertTrue(Math.abs(mean - formula) <= half, says);
    assertTrue(half <= 0.03 * formula, "the interval is too wide to say much: " + says);
  }

  @Test
  void mD1MatchesPollaczekKhinchine() {
    double rho = 0.5;
    RunStats stats = run(rho, Drink.Variability.FIXED, 1, 150_000, 1);
    agrees("M/D/1", rho / (2 * (1 - rho)), stats);
    assertEquals(rho, stats.utilisation().mean(), 0.01);
  }

  @Test
  void mM1MatchesItsFormula() {
    double rho = 0.5;
    RunStats stats = run(rho, Drink.Variability.EXPONENTIAL, 1, 300_000, 2);
    agrees("M/M/1", rho / (1 - rho), stats);
    assertEquals(rho, stats.utilisation().mean(), 0.01);
  }

  @Test
  void mM2MatchesErlangC() {
    int c = 2;
    double lambda = 1.0;
    double a = lambda;
    double rho = a / c;
    double top = a * a / 2 / (1 - rho);
    double erlangC = top / (1 + a + top);
    RunStats stats = run(lambda, Drink.Variability.EXPONENTIAL, c, 900_000, 3);
    agrees("M/M/2", erlangC / (c - lambda), stats);
    assertEquals(rho, stats.utilisation().mean(), 0.01);
  }
}
