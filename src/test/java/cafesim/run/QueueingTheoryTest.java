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
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cafe on its own clock against formulas no one here wrote: Pollaczek-Khinchine for M/D/1,
 * and Erlang C for M/M/1 and M/M/2, at utilisations 0.5 to 0.9. Each run is long enough
 * (150,000 to 4,000,000 customers, the first 1,000 s left out) that its 99 % confidence
 * interval for the mean time in line is within 3 % of the formula's value; the test asserts
 * that the formula lies inside it. docs/validation.md has the same models in SimPy.
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

  /**
   * The mean time in line by formula: Pollaczek-Khinchine for one barista with a fixed job
   * (M/D/1: ρ/(2μ(1-ρ))), Erlang C for exponential jobs and c baristas (M/M/c).
   */
  private static double formula(Drink.Variability service, int c, double lambda) {
    double a = lambda;
    double rho = a / c;
    if (service == Drink.Variability.FIXED) {
      assertEquals(1, c, "Pollaczek-Khinchine is for one server");
      return rho / (2 * (1 - rho));
    }
    double term = 1;
    double sum = 0;
    for (int k = 0; k < c; k++) {
      sum += term;
      term *= a / (k + 1);
    }
    double top = term / (1 - rho);
    return top / (sum + top) / (c - lambda);
  }

  /**
   * Utilisation 0.5 to 0.9. A busier queue has longer, more correlated waits, so it needs
   * more customers for an interval within 3 % (the counts were found with other seeds than
   * these, which are 1 to 6 as they come). M/M/1 at 0.9 would need about ten million (a
   * minute): docs/validation.md has it, from the service.
   */
  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("M/D/1", Drink.Variability.FIXED, 1, 0.5, 150_000, 1),
        Arguments.of("M/M/1", Drink.Variability.EXPONENTIAL, 1, 0.5, 300_000, 2),
        Arguments.of("M/M/2", Drink.Variability.EXPONENTIAL, 2, 1.0, 900_000, 3),
        Arguments.of("M/D/1", Drink.Variability.FIXED, 1, 0.7, 1_000_000, 4),
        Arguments.of("M/M/1", Drink.Variability.EXPONENTIAL, 1, 0.7, 2_000_000, 5),
        Arguments.of("M/D/1", Drink.Variability.FIXED, 1, 0.9, 4_000_000, 6));
  }

  @ParameterizedTest(name = "{0} at lambda {3}")
  @MethodSource("models")
  void theRunAgreesWithTheFormula(String model, Drink.Variability service, int baristas,
      double lambda, int customers, long seed) {
    RunStats stats = run(lambda, service, baristas, customers, seed);
    agrees(model + " at rho " + lambda / baristas, formula(service, baristas, lambda), stats);
    assertEquals(lambda / baristas, stats.utilisation().mean(), 0.01);
  }
}
