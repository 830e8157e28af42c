package cafesim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cafesim.cafe.Customer;
import cafesim.cafe.Drink;
import cafesim.cafe.Mode;
import cafesim.cafe.OrderStyle;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statistics' arithmetic, on outcomes made up here, checked against a plain computation. */
class TallyTest {

  private static final Drink POUR_OVER = new Drink("pour-over", 0, 1);

  private static RunSpec spec(Mode mode, int customers) {
    return new RunSpec(null, mode, 1, 2, 0, java.util.Collections.nCopies(customers,
        new RunSpec.CustomerSpec("c", List.of(POUR_OVER), OrderStyle.TOGETHER)), null);
  }

  /** Customer n came in at n and was served {@code wait} later; its one drink started at once. */
  private static Customer.Served served(int n, double wait, String barista) {
    return new Customer.Served("c" + n, n, List.of("Pour-over"), List.of(), n, n + wait,
        List.of(new Customer.DrinkTimes(POUR_OVER, n, (double) n, n + wait, barista, 1)), 0, 0);
  }

  @Test
  void batchMeansGiveAStudentTIntervalAroundTheMeanOfTwentyBatches() {
    Tally tally = new Tally(spec(Mode.ASYNC, 100));
    for (int n = 1; n <= 100; n++) {
      tally.served(served(n, n, "barista-1"));
    }
    RunStats.Spread waits = tally.stats(200).waitSeconds();
    assertEquals(50.5, waits.mean());
    assertEquals(50, waits.p50());
    assertEquals(95, waits.p95());
    assertEquals(100, waits.max());
    // Batches of 5: means 3, 8, ..., 98; their standard deviation over sqrt(20), times t(19).
    double[] means = new double[20];
    Arrays.setAll(means, b -> 5 * b + 3);
    double sd = Math.sqrt(Arrays.stream(means).map(m -> (m - 50.5) * (m - 50.5)).sum() / 19);
    double half = 2.093024054408263 * sd / Math.sqrt(20);
    assertEquals(50.5 - half, waits.ci95().low(), 1e-6);
    assertEquals(50.5 + half, waits.ci95().high(), 1e-6);
    assertEquals(20, waits.ci95().batches());
  }

  @Test
  void aWarmUpLeavesTheStartOut() {
    // Customer n comes in at n, its drink starts at once, it waits n seconds.
    Tally tally = new Tally(spec(Mode.ASYNC, 4).withWarmup(2.5));
    for (int n = 1; n <= 4; n++) {
      tally.served(served(n, n, "barista-1"));
    }
    RunStats stats = tally.stats(8.5);
    assertEquals(new RunStats.Spread(2, 3.5, 3, 4, 4, null), stats.waitSeconds(),
        "only those who came in after 2.5 s");
    assertEquals(4, stats.served(), "the counts are of everyone");
    // Busy 1 s from each start (1, 2, 3, 4): after 2.5 s, half of the second and all of the
    // last two: 2.5 s of the 6 from 2.5 to 8.5.
    assertEquals(new RunStats.Utilisation(List.of(Tally.round(2.5 / 6), 0.0),
        Tally.round(2.5 / 12)), stats.utilisation());
    assertEquals(Tally.round(3 / 6.0 * 3600), stats.throughputPerHour(),
        "served at 4, 6 and 8 s: after the warm-up");
  }

  @Test
  void fewerWaitsThanBatchesHaveNoInterval() {
    Tally tally = new Tally(spec(Mode.ASYNC, 19));
    for (int n = 1; n <= 19; n++) {
      tally.served(served(n, 1, "barista-1"));
    }
    assertNull(tally.stats(20).waitSeconds().ci95());
  }

  @Test
  void eachBaristasWorkCountsApart() {
    Tally tally = new Tally(spec(Mode.ASYNC, 3));
    tally.served(served(1, 1, "barista-1"));
    tally.served(served(2, 1, "barista-1"));
    tally.served(served(3, 1, "barista-2"));
    RunStats stats = tally.stats(4);
    assertEquals(new RunStats.Utilisation(List.of(0.5, 0.25), 0.375), stats.utilisation());
    assertEquals(3 / 4.0 * 3600, stats.throughputPerHour());
  }

  @Test
  void theLongestLineIsCountedAtItsInstantAndANoWaitDrinkNeverStandsInIt() {
    Tally tally = new Tally(spec(Mode.SYNC, 3));
    // Three customers at 0: drinks started at 0, 1 and 2.
    for (int n = 0; n < 3; n++) {
      tally.served(new Customer.Served("c" + n, n + 1, List.of("Pour-over"), List.of(), 0, n + 1,
          List.of(new Customer.DrinkTimes(POUR_OVER, 0, (double) n, n + 1, "barista-1", 1)), 0,
          0));
    }
    RunStats stats = tally.stats(3);
    assertEquals(new RunStats.QueueLength((0 + 1 + 2) / 3.0, 2), stats.queueLength());
    assertEquals(new RunStats.Spread(3, 1, 1, 2, 2, null), stats.queueWaitSeconds());
  }
}
