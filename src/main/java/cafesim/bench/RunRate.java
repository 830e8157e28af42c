package cafesim.bench;

import cafesim.run.Admission;
import cafesim.run.RunSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The run layer alone: {@code callers} each starting a run and, once it is accepted, the next
 * (as wrk's connections post to {@code POST /runs} without waiting), through the service's own
 * admission, sharding, entities and cafes, with nothing in a database and no HTTP. Its runs
 * accepted a second, on the same core as the service's, are what the rest of a run allows.
 */
public final class RunRate {

  private RunRate() {}

  /** What one measurement saw: runs accepted and refused in {@code seconds}. */
  public record Measured(long accepted, long refused, double seconds) {
    public double perSecond() {
      return accepted / seconds;
    }
  }

  /**
   * Starts the callers, lets them run for {@code warmup}, then counts the answers that come in
   * {@code counted}. The caller's thread waits (a command line's, not an actor's).
   */
  public static Measured measure(Bench bench, RunSpec spec, int callers, Duration warmup,
      Duration counted) {
    long from = System.nanoTime() + warmup.toNanos();
    long until = from + counted.toNanos();
    AtomicLong accepted = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      next(bench, spec, from, until, accepted, refused, done);
      all.add(done);
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    return new Measured(accepted.get(), refused.get(), counted.toNanos() / 1e9);
  }

  /** One caller's next run, until the count is over. */
  private static void next(Bench bench, RunSpec spec, long from, long until,
      AtomicLong accepted, AtomicLong refused, CompletableFuture<Void> done) {
    if (System.nanoTime() >= until) {
      done.complete(null);
      return;
    }
    bench.accept(spec).whenComplete((reply, failure) -> {
      if (failure != null) {
        done.completeExceptionally(failure);
        return;
      }
      long now = System.nanoTime();
      if (now >= from && now < until) {
        (reply instanceof Admission.Started ? accepted : refused).incrementAndGet();
      }
      next(bench, spec, from, until, accepted, refused, done);
    });
  }
}
