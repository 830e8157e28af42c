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
 * <p>With a warm-up ({@link RunSpec#warmupSeconds}) the statistics describe the run after it:
 * the waits of customers who came in then, the drinks ordered then, the line and the baristas'
 * work over that span, and those served in it. The counts of customers are all of them.
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
  /** Each barista's busy spans: a drink's work starts when the drink does (hands-on first). */
  private final Map<String, Samples> busyFrom = new HashMap<>();
  private final Map<String, Samples> busyUntil = new HashMap<>();
  private final double warmup;
  private int served;
  private int servedAfterWarmup;
  private int reneged;

  Tally(RunSpec spec) {
    this.spec = spec;
    this.warmup = spec.warmupSeconds();
  }

  void served(Customer.Served s) {
    served++;
    if (s.at() >= warmup) {
      servedAfterWarmup++;
    }
    if (s.arrivedAt() >= warmup) {
      waits.add(s.at() - s.arrivedAt());
    }
    for (Customer.DrinkTimes d : s.drinks()) {
      inLine(d.orderedAt(), d.startedAt() != null ? d.startedAt() : d.doneAt());
      if (d.startedAt() != null && d.orderedAt() >= warmup) {
        queueWaits.add(d.startedAt() - d.orderedAt());
      }
      if (d.barista() != null) {
        busyFrom.computeIfAbsent(d.barista(), b -> new Samples()).add(d.startedAt());
        busyUntil.computeIfAbsent(d.barista(), b -> new Samples())
            .add(d.startedAt() + d.busySeconds());
      }
    }
  }

  void left(Customer.Left l) {
    reneged++;
    for (int i = 0; i < l.waiting(); i++) {
      inLine(l.arrivedAt(), l.at());
    }
  }

  /** A drink was in the line from {@code joined} to {@code left}: the part after the warm-up. */
  private void inLine(double joined, double left) {
    if (left >= warmup) {
      joinedQueue.add(Math.max(joined, warmup));
      leftQueue.add(left);
    }
  }

  /** The statistics so far, over {@code makespan} simulated seconds (after the warm-up). */
  RunStats stats(double makespan) {
    double span = Math.max(0, makespan - warmup);
    List<Double> utilisation = IntStream.rangeClosed(1, spec.baristas())
        .mapToObj(i -> span > 0 ? busy("barista-" + i, makespan) / span : 0.0)
        .toList();
    return new RunStats(spec.customerCount(), served, reneged, waits.spread(),
        queueWaits.spread(), queueLength(span),
        new RunStats.Utilisation(utilisation.stream().map(Tally::round).toList(),
            round(utilisation.stream().mapToDouble(Double::doubleValue).average().orElse(0))),
        round(span > 0 ? servedAfterWarmup / span * 3600 : 0));
  }

  /** A barista's busy time between the warm-up and {@code end}. */
  private double busy(String barista, double end) {
    Samples from = busyFrom.get(barista);
    if (from == null) {
      return 0;
    }
    Samples until = busyUntil.get(barista);
    double busy = 0;
    for (int i = 0; i < from.size; i++) {
      busy += Math.max(0, Math.min(until.values[i], end) - Math.max(from.values[i], warmup));
    }
    return busy;
  }

  /**
   * Mean: the drinks' time in the queue over the span (Little's law). Most: a sweep over
   * the instants drinks joined and left the queue, a leave before a join at the same instant.
   */
  private RunStats.QueueLength queueLength(double span) {
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
    return new RunStats.QueueLength(round(span > 0 ? inQueue / span : 0), most);
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
