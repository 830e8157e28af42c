package cafesim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.cafe.Chances;
import cafesim.cafe.Drink;
import cafesim.cafe.Mode;
import cafesim.cafe.Order;
import cafesim.cafe.OrderStyle;
import cafesim.run.RunSpec.CustomerSpec;
import cafesim.testing.VirtualTime;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Drinks whose times are drawn each time they are made: exponential, keyed, repeatable. */
@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VariableServiceTest {

  @JUnit5TestKit
  ActorTestKit testKit = VirtualTime.testKit();

  private static final Drink POUR_OVER =
      new Drink("pour-over", 0, 1, Drink.Variability.EXPONENTIAL);
  private static final Drink CAPPUCCINO =
      new Drink("cappuccino", 2, 0.5, Drink.Variability.EXPONENTIAL);

  @Test
  void exponentialTimesHaveTheMenusMeanAndShapeAndEachAttemptDrawsAnew() {
    Chances chances = new Chances(2024);
    int n = 200_000;
    double sum = 0;
    int beyondMean = 0;
    for (int i = 1; i <= n; i++) {
      double t = chances.handsOnSeconds(new Order(null, "c", i, 1, POUR_OVER), 1);
      sum += t;
      beyondMean += t > 1 ? 1 : 0;
    }
    assertEquals(1.0, sum / n, 0.01, "the mean is the menu's time");
    assertEquals(Math.exp(-1), (double) beyondMean / n, 0.005, "P(X > mean) = 1/e");
    Order order = new Order(null, "c", 7, 2, CAPPUCCINO);
    assertEquals(chances.brewSeconds(order, 1), chances.brewSeconds(order, 1),
        "the same key, the same time");
    assertNotEquals(chances.brewSeconds(order, 1), chances.brewSeconds(order, 2),
        "a remake draws again");
    assertNotEquals(chances.brewSeconds(order, 1), chances.handsOnSeconds(order, 1) * 4,
        "hands-on and brew are drawn apart");
    Order fixed = new Order(null, "c", 7, 2, new Drink("latte", 5, 0));
    assertEquals(5.0, chances.brewSeconds(fixed, 3), "a fixed drink takes its time");
  }

  @Test
  void theSameSpecAndSeedMakeTheSameDrawnRunAndAnotherSeedAnother() {
    RunSpec spec = new RunSpec(null, Mode.SYNC, 1, 1, 0, List.of(
        new CustomerSpec("kim", List.of(POUR_OVER, CAPPUCCINO), OrderStyle.TOGETHER)), null)
        .withSeed(11);
    RunReport first = VirtualTime.runFor(testKit, spec, (long) Math.ceil(makespan(spec)));
    RunReport again = VirtualTime.runFor(testKit, spec, (long) Math.ceil(makespan(spec)));
    assertEquals(ScenarioRunTest.lines(first), ScenarioRunTest.lines(again));
    assertEquals(makespan(spec), first.makespanSeconds(), 1e-6,
        "sync, one barista: the drawn times one after another");
    assertTrue(first.makespanSeconds() != Math.rint(first.makespanSeconds()), "drawn, not 3.5");
    RunSpec other = spec.withSeed(12);
    assertNotEquals(makespan(spec), makespan(other));
  }

  /** What the run must take: each drawn time, as the barista draws it, end to end. */
  private static double makespan(RunSpec spec) {
    Chances chances = new Chances(spec.seed());
    double total = 0;
    List<Drink> drinks = spec.customers().get(0).drinks();
    for (int d = 0; d < drinks.size(); d++) {
      Order order = new Order(null, "kim", 1, d + 1, drinks.get(d));
      total += chances.handsOnSeconds(order, 1) + chances.brewSeconds(order, 1);
    }
    return total;
  }
}
