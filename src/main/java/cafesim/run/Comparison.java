package cafesim.run;

/**
 * The same run in both modes: how much the non-blocking barista gained. The speedup is the
 * ratio of the exact makespans, so it is the same at every speed and load; each report still
 * shows what the wall clock measured, and how far behind its timeline the run fell.
 */
public record Comparison(RunReport sync, RunReport async, double speedup) {

  public static Comparison of(RunReport sync, RunReport async) {
    return new Comparison(sync, async, sync.makespanSeconds() / async.makespanSeconds());
  }
}
