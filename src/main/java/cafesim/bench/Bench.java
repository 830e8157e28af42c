package cafesim.bench;

import cafesim.Settings;
import cafesim.http.Json;
import cafesim.run.Run;
import cafesim.run.Admission;
import cafesim.run.Guardian;
import cafesim.run.RunMeters;
import cafesim.run.Runs;
import cafesim.run.RunReport;
import cafesim.run.RunSpec;
import cafesim.run.TraceContext;
import cafesim.run.Warmup;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The service's own actors, run without HTTP, for measuring: the same registry, runs, cafe
 * and timing path as a served run, with limits wide enough for a million customers.
 */
public final class Bench implements AutoCloseable {

  private final ActorSystem<Guardian.Command> system;
  private final Guardian.Ready wired;
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bench-memory-sampler");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong heapAfterGcPeak = new AtomicLong();
  /** The collectors' time in pauses when the run being measured started, ms. */
  private volatile long gcMillisAtStart;
  /** Collections, and the JIT compilers' time (ms), when the run being measured started. */
  private volatile long collectionsAtStart;
  private volatile long jitMillisAtStart;

  /** With limits wide enough for a million customers. */
  public Bench(Settings settings) {
    this(settings, new Runs.Limits(10, Duration.ofMinutes(10), Integer.MAX_VALUE, 10,
        Integer.MAX_VALUE, Integer.MAX_VALUE, Duration.ofSeconds(1), Run.Bounds.NONE));
  }

  /** With these limits (the service's own, to measure runs as it takes them). */
  public Bench(Settings settings, Runs.Limits limits) {
    CompletableFuture<Guardian.Ready> ready = new CompletableFuture<>();
    system = ActorSystem.create(Guardian.create(Guardian.Storage.MEMORY, limits, System::nanoTime,
        settings.http().askTimeout(), RunMeters.none(), ready), "cafesim-bench", settings.config());
    // The benchmark's own thread, not an actor: it may wait for the system to be wired.
    wired = ready.join();
    sampler.scheduleAtFixedRate(this::sampleHeap, 0, 50, TimeUnit.MILLISECONDS);
  }

  /** The same warm-up as the service's at start, so the runs measured are not the JVM's first. */
  public CompletableFuture<Integer> warmUp(Settings settings) {
    return Warmup.run(wired.warmup(), settings.menu(), settings.warmupRuns(),
            settings.runs().maxSpeed())
        .toCompletableFuture();
  }

  /** Runs a spec to its end; the future completes with its report. */
  public CompletableFuture<RunReport> run(RunSpec spec, Duration timeout) {
    return wired.runs().start(spec, TraceContext.fresh(), timeout)
        .thenApply(Admission.StartReply::orThrow)
        .toCompletableFuture();
  }

  /**
   * Starts a run; the future completes once it is accepted or refused, as {@code POST /runs}
   * answers when not asked to wait.
   */
  public CompletionStage<Admission.StartReply> accept(RunSpec spec) {
    return wired.runs().start(spec, TraceContext.fresh(), Duration.ZERO);
  }

  /** The largest heap in use just after a collection, since the last reset, in MiB. */
  public double heapAfterGcPeakMb() {
    sampleHeap();
    return heapAfterGcPeak.get() / 1048576.0;
  }

  /** Collection pauses since {@link #startMeasuring}, in seconds. */
  public double gcPauseSeconds() {
    return (gcPauseMillis() - gcMillisAtStart) / 1000.0;
  }

  /** Collections since {@link #startMeasuring}: young and full, of any length. */
  public long collections() {
    return collectionCount() - collectionsAtStart;
  }

  /**
   * The JIT compilers' time since {@link #startMeasuring}, ms, added up over their threads: a
   * compiler at work holds one of the cores a run's threads want.
   */
  public long jitMillis() {
    return jitMillisNow() - jitMillisAtStart;
  }

  /** Before a measured run: the heap peak, pauses, collections and JIT time count from here. */
  public void startMeasuring() {
    heapAfterGcPeak.set(0);
    gcMillisAtStart = gcPauseMillis();
    collectionsAtStart = collectionCount();
    jitMillisAtStart = jitMillisNow();
  }

  private static long collectionCount() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(n -> n > 0).sum();
  }

  private static long jitMillisNow() {
    var jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime() : 0;
  }

  /**
   * Time in collections so far, ms: G1's and Parallel's young and full collections (JDK 17's
   * beans count their pauses, not G1's concurrent marking).
   */
  public static long gcPauseMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(ms -> ms > 0).sum();
  }

  /**
   * The JVM's collector, from its first bean's name ("G1 Young Generation", "PS Scavenge",
   * "Copy", "ZGC Cycles", ...): a crowd's figures depend on it as much as on the code
   * (docs/performance.md).
   */
  public static String collector() {
    String first = ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName).findFirst().orElse("unknown");
    return first.startsWith("PS ") ? "Parallel"
        : first.equals("Copy") ? "Serial"
        : first.split(" ")[0];
  }

  /** The process's peak resident set (VmHWM), in MiB; -1 where /proc is not there. */
  public static double peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return -1;
  }

  /** One line of JSON: the result of one run of a workload. */
  public static String line(Map<String, Object> result) {
    try {
      return Json.MAPPER.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void sampleHeap() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        used += pool.getCollectionUsage().getUsed();
      }
    }
    heapAfterGcPeak.accumulateAndGet(used, Math::max);
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    system.terminate();
  }
}
