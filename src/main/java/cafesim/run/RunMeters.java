package cafesim.run;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * What a node's run layer counts, for {@code GET /metrics}: the runs its {@link Admission}
 * accepted, refused and saw end (each once, on the node that accepted or resumed it), what it
 * holds in flight, how far its realtime runs fell behind their timelines, and the run shards
 * and entities living on it. The names are a product surface (docs/metrics.md): change them
 * only on purpose.
 *
 * <p>Micrometer's meters are thread-safe and never block, so actors update them in their
 * behaviours; the gauges read atomics the owning actor sets, never the actor's own state.
 */
public final class RunMeters {

  /** Why a start was refused: the label of {@code cafesim_runs_refused_total}. */
  public enum Refusal {
    /** Runs, drinks or kept events in flight at their limits: try again shortly. */
    BUSY,
    /** Draining or the store failed: this node cannot take runs now. */
    UNAVAILABLE
  }

  /** Meters that count into nothing: the warm-up's runs, the command line's, the benchmarks'. */
  public static RunMeters none() {
    return new RunMeters(new CompositeMeterRegistry());
  }

  private final Counter accepted;
  private final Counter resumed;
  private final Map<Refusal, Counter> refused = new EnumMap<>(Refusal.class);
  private final Map<RunReport.Status, Counter> ended = new EnumMap<>(RunReport.Status.class);
  private final Timer lag;
  private final AtomicInteger runsInFlight = new AtomicInteger();
  private final AtomicInteger drinksInFlight = new AtomicInteger();
  private final AtomicInteger shards = new AtomicInteger();
  private final AtomicInteger entities = new AtomicInteger();

  public RunMeters(MeterRegistry registry) {
    accepted = Counter.builder("cafesim.runs.accepted")
        .description("Runs this node accepted (202 or a waited-for report)")
        .register(registry);
    resumed = Counter.builder("cafesim.runs.resumed")
        .description("Runs accepted before a crash or a move, played again on this node")
        .register(registry);
    for (Refusal reason : Refusal.values()) {
      refused.put(reason, Counter.builder("cafesim.runs.refused")
          .description("Starts refused: busy (429) or unavailable (503)")
          .tag("reason", reason.name().toLowerCase())
          .register(registry));
    }
    for (RunReport.Status status : RunReport.Status.values()) {
      if (status.ended()) {
        ended.put(status, Counter.builder("cafesim.runs.ended")
            .description("Runs accepted or resumed on this node that ended, by how")
            .tag("status", status.name().toLowerCase())
            .register(registry));
      }
    }
    // Buckets a person reads: a faithful run stays in the first few.
    lag = Timer.builder("cafesim.run.lag")
        .description("How far each realtime run fell behind its timeline at worst")
        .serviceLevelObjectives(Stream.of(1, 5, 10, 50, 100, 500, 1000, 5000, 10_000)
            .map(Duration::ofMillis).toArray(Duration[]::new))
        .register(registry);
    gauge(registry, "cafesim.runs.in.flight", runsInFlight,
        "Runs this node accepted or resumed that have not ended");
    gauge(registry, "cafesim.drinks.in.flight", drinksInFlight,
        "Drinks the runs in flight on this node hold");
    gauge(registry, "cafesim.run.shards", shards, "Run shards living on this node");
    gauge(registry, "cafesim.run.entities", entities, "Run entities living on this node");
  }

  private static void gauge(MeterRegistry registry, String name, AtomicInteger value,
      String description) {
    Gauge.builder(name, value, AtomicInteger::get).description(description).register(registry);
  }

  void accepted(int runs) {
    accepted.increment(runs);
  }

  void refused(Refusal reason) {
    refused.get(reason).increment();
  }

  void resumed() {
    resumed.increment();
  }

  /** A run this node counted has ended: how, and (realtime runs) how late it ran at worst. */
  void ended(RunReport report) {
    Counter counter = ended.get(report.status());
    if (counter != null) {
      counter.increment();
    }
    if (report.timing() != RunReport.Timing.VIRTUAL) {
      lag.record(Math.round(report.lagMillis().worst() * 1000), TimeUnit.MICROSECONDS);
    }
  }

  void inFlight(int runs, int drinks) {
    runsInFlight.set(runs);
    drinksInFlight.set(drinks);
  }

  void hosted(int shardCount, int entityCount) {
    shards.set(shardCount);
    entities.set(entityCount);
  }
}
