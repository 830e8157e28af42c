package cafesim.run;

import java.util.List;

/**
 * What a cafe owner asks of a run: how long people waited, how long the line was, how busy the
 * baristas were, how many walked out. Computed as the run goes ({@link Tally}), from every
 * customer, not from the events the report keeps. Times are simulated seconds.
 *
 * @param customers customers and guests, all told
 * @param served those who got everything they ordered (a drink given up counts as got)
 * @param reneged those who left unserved: their patience ran out
 * @param waitSeconds arrival to served, over those served; null if nobody was
 * @param queueWaitSeconds each drink started: ordered to (last) started; null if none was
 * @param queueLength drinks waiting to be started, weighted by time
 * @param utilisation each barista's share of the makespan busy (hands-on, and in sync mode
 *     standing by the machine too), and their mean
 * @param throughputPerHour customers served per simulated hour of the makespan
 */
public record RunStats(int customers, int served, int reneged, Spread waitSeconds,
    Spread queueWaitSeconds, QueueLength queueLength, Utilisation utilisation,
    double throughputPerHour) {

  /**
   * A sample's mean, median, 95th percentile (nearest rank) and maximum, with a 95 %
   * confidence interval for the mean by batch means ({@code ci95}; null below
   * {@link Tally#BATCHES} values).
   */
  public record Spread(long count, double mean, double p50, double p95, double max,
      Interval ci95) {}

  /** {@code low} to {@code high}, from {@code batches} batch means. */
  public record Interval(double low, double high, int batches) {}

  public record QueueLength(double mean, int max) {}

  /** @param baristas barista-1 first */
  public record Utilisation(List<Double> baristas, double mean) {}
}
