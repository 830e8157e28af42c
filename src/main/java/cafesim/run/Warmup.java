package cafesim.run;

import cafesim.cafe.Menu;
import cafesim.cafe.Mode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * Runs the built-in scenarios at top speed, one after another, on the warm-up's own run layer
 * (its events go to the {@code cafesim.warmup} logger, off by default), until the JIT has
 * compiled the path a drink takes. Measured here: the first runs of a fresh JVM end 1-4 ms
 * (wall) late, warmed ones about 0.2 ms: at speed 100 that is the difference between 4 % and
 * 0.4 %. One after another on purpose: 2,000 runs eight at a time left the compiler four times
 * busier during the runs that followed than 200 one by one did.
 */
public final class Warmup {

  /** The logger the warm-up's runs log to. */
  public static final String LOGGER = "cafesim.warmup";

  private Warmup() {}

  /** Completes with the number of runs made. */
  public static CompletionStage<Integer> run(Runs warmup, Menu menu, int runs, double speed) {
    return run(warmup, menu, runs, speed, () -> false);
  }

  /**
   * The same, but no run is started once {@code stop} says so: a service stopping within its
   * first seconds would otherwise wait for warm-up runs its shard regions no longer take.
   */
  public static CompletionStage<Integer> run(Runs warmup, Menu menu, int runs, double speed,
      BooleanSupplier stop) {
    return from(0, warmup, menu, runs, speed, stop);
  }

  private static CompletionStage<Integer> from(int made, Runs warmup, Menu menu, int runs,
      double speed, BooleanSupplier stop) {
    if (made == runs || stop.getAsBoolean()) {
      return CompletableFuture.completedFuture(made);
    }
    Scenario scenario = Scenarios.SEEDS.get(made % Scenarios.SEEDS.size());
    Mode mode = Mode.values()[(made / Scenarios.SEEDS.size()) % 2];
    return warmup.start(scenario.toSpec(menu, mode, speed, 1, 0), TraceContext.fresh(),
            Duration.ofSeconds(10))
        .thenCompose(reply -> {
          reply.orThrow();
          return from(made + 1, warmup, menu, runs, speed, stop);
        });
  }
}
