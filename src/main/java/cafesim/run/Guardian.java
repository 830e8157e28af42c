package cafesim.run;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The root of every cafesim actor system (the service, {@code cafesim run}, the benchmarks):
 * wires the run layer and hands it over. Two of them: the runs people ask for, and a small one
 * for the warm-up, whose runs log to {@code cafesim.warmup} and are never listed.
 */
public final class Guardian {

  private Guardian() {}

  /** What the root wired, for whoever starts the system (HTTP, a command). */
  public record Ready(Runs runs, Runs warmup) {}

  /** Warm-up runs: one at a time, nothing kept worth keeping. */
  private static final Runs.Limits WARMUP = new Runs.Limits(1, Duration.ofMinutes(1), 1000, 1,
      1000, Integer.MAX_VALUE, Duration.ofSeconds(1), Run.Bounds.NONE);

  public static Behavior<Void> create(Runs.Limits limits, LongSupplier clock,
      Duration askTimeout, Consumer<Ready> ready) {
    return Behaviors.setup(context -> {
      Runs runs = Runs.spawn(context, "runs", limits, clock, Run.EVENT_LOGGER, askTimeout);
      Runs warmup = Runs.spawn(context, "warmup", WARMUP, clock, Warmup.LOGGER, askTimeout);
      ready.accept(new Ready(runs, warmup));
      return Behaviors.empty();
    });
  }
}
