package cafesim.run;

/** The same run in both modes: how much the non-blocking barista gained. */
public record Comparison(RunReport sync, RunReport async, double speedup) {

  public static Comparison of(RunReport sync, RunReport async) {
    return new Comparison(sync, async, sync.elapsedSeconds() / async.elapsedSeconds());
  }
}
