package cafesim.run;

import cafesim.cafe.Customer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A run's statistics as it goes: fed every customer's outcome (served or gone), it keeps each
 * wait (a double each, so a million customers cost megabytes, not the events), and answers
 * {@link RunStats} at any moment. Not an actor: the {@link Run}'s own state.
 *
 * <p>The confidence interval is by batch means: the waits, in the order customers were done,
 * are cut into {@link #BATCHES} batches; the batch means are close to independent when each
 * batch is long, so their spread gives an interval for the mean (Student's t, 19 degrees of
 * freedom) that one run's correlated waits cannot give directly.
 */
final class Tally {

  /** Batches of the batch means method. */
  static final int BATCHES = 20;
  /** Student's t for a two-sided 95 % interval with {@code BATCHES - 1} degrees of freedom. */
  private static final double T_95_19 = 2.093024054408263;

  private final RunSpec spec;
  private final Samples waits = new Samples();
  private final Samples queueWaits = new Samples();
  /** When each drink joined the queue, and when it left it (started, or its customer left). */
  private final Samples joinedQueue = new Samples();
  private final Samples leftQueue = new Samples();
  private final Map<String, Double> busySeconds = new HashMap<>();
  private int served;
  private int reneged;

  Tally(RunSpec spec) {
    this.spec = spec;
  }

  void served(Customer.Served s) {
    served++;
    waits.add(s.at() - s.arrivedAt());
    for (Customer.DrinkTimes d : s.drinks()) {
      double left = d.startedAt() != null ? d.startedAt() : d.doneAt();
      joinedQueue.add(d.orderedAt());
      leftQueue.add(left);
      if (d.startedAt() != null) {
        queueWaits.add(d.startedAt() - d.orderedAt());
      }
      if (d.barista() != null) {
        busySeconds.merge(d.barista(), d.busySeconds(), Double::sum);
      }
    }
  }

  void left(Customer.Left l) {
    reneged++;
    for (int i = 0; i < l.waiting(); i++) {
      joinedQueue.add(l.arrivedAt());
      leftQueue.add(l.at());
    }
  }

  /** The statistics so far, over {@code makespan} simulated seconds. */
  RunStats stats(double makespan) {
    List<Double> utilisation = IntStream.rangeClosed(1, spec.baristas())
        .mapToObj(i -> makespan > 0 ? busySeconds.getOrDefault("barista-" + i, 0.0) / makespan
            : 0.0)
        .map(Tally::round)
        .toList();
    return new RunStats(spec.customerCount(), served, reneged, waits.spread(),
        queueWaits.spread(), queueLength(makespan),
        new RunStats.Utilisation(utilisation,
            round(utilisation.stream().mapToDouble(Double::doubleValue).average().orElse(0))),
        round(makespan > 0 ? served / makespan * 3600 : 0));
  }

  /**
   * Mean: the drinks' time in the queue over the makespan (Little's law). Most: a sweep over
   * the instants drinks joined and left the queue, a leave before a join at the same instant.
   */
  private RunStats.QueueLength queueLength(double makespan) {
    double[] joins = joinedQueue.sorted();
    double[] leaves = leftQueue.sorted();
    double inQueue = 0;
    for (int i = 0; i < joins.length; i++) {
      inQueue += leaves[i] - joins[i];
    }
    int now = 0;
    int most = 0;
    for (int j = 0, l = 0; j < joins.length; ) {
      if (l < leaves.length && leaves[l] <= joins[j]) {
        now--;
        l++;
      } else {
        most = Math.max(most, ++now);
        j++;
      }
    }
    return new RunStats.QueueLength(round(makespan > 0 ? inQueue / makespan : 0), most);
  }

  static double round(double value) {
    return Math.round(value * 1e6) / 1e6;
  }

  /** A growing list of doubles, in the order added. */
  private static final class Samples {
    private double[] values = new double[16];
    private int size;

    void add(double value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    double[] sorted() {
      double[] sorted = Arrays.copyOf(values, size);
      Arrays.sort(sorted);
      return sorted;
    }

    RunStats.Spread spread() {
      if (size == 0) {
        return null;
      }
      double sum = 0;
      for (int i = 0; i < size; i++) {
        sum += values[i];
      }
      double mean = sum / size;
      double[] sorted = sorted();
      return new RunStats.Spread(size, round(mean), round(rank(sorted, 0.50)),
          round(rank(sorted, 0.95)), round(sorted[size - 1]), batchMeans());
    }

    /** Nearest rank: the smallest value with at least {@code p} of the sample at or below it. */
    private static double rank(double[] sorted, double p) {
      return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private RunStats.Interval batchMeans() {
      if (size < BATCHES) {
        return null;
      }
      int per = size / BATCHES;
      double[] means = new double[BATCHES];
      for (int b = 0; b < BATCHES; b++) {
        double sum = 0;
        for (int i = b * per; i < (b + 1) * per; i++) {
          sum += values[i];
        }
        means[b] = sum / per;
      }
      double grand = Arrays.stream(means).average().orElse(0);
      double variance = Arrays.stream(means).map(m -> (m - grand) * (m - grand)).sum()
          / (BATCHES - 1);
      double half = T_95_19 * Math.sqrt(variance / BATCHES);
      return new RunStats.Interval(round(grand - half), round(grand + half), BATCHES);
    }
  }
}
