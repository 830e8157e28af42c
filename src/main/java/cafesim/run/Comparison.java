package cafesim.run;

/**
 * The same run in both modes: how much the non-blocking barista gained. The speedup is the
 * ratio of the exact makespans, so it is the same at every speed and load; each report still
 * shows what the wall clock measured, and how far behind its timeline the run fell.
 *
 * @param waitRatio the sync mean wait over the async one: for a run where people come and go
 *     (arrivals), the figure that matters, as a long day's makespan is mostly when the last
 *     guest came in, whatever the barista does; null when either side served nobody
 */
public record Comparison(RunReport sync, RunReport async, double speedup, Double waitRatio) {

  public static Comparison of(RunReport sync, RunReport async) {
    return new Comparison(sync, async, sync.makespanSeconds() / async.makespanSeconds(),
        waitRatio(sync, async));
  }

  private static Double waitRatio(RunReport sync, RunReport async) {
    if (sync.stats() == null || async.stats() == null
        || sync.stats().waitSeconds() == null || async.stats().waitSeconds() == null
        || async.stats().waitSeconds().mean() == 0) {
      return null;
    }
    return Tally.round(sync.stats().waitSeconds().mean() / async.stats().waitSeconds().mean());
  }
}
