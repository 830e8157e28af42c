package cafesim.cli;

import cafesim.Settings;
import cafesim.bench.AlarmFloor;
import cafesim.bench.Bench;
import cafesim.bench.Floor;
import cafesim.bench.JournalRate;
import cafesim.bench.RunRate;
import cafesim.cafe.Drink;
import cafesim.cafe.Mode;
import cafesim.cafe.OrderStyle;
import cafesim.http.Json;
import cafesim.http.RunRequest;
import cafesim.run.RunReport;
import cafesim.run.RunSpec;
import cafesim.run.RunSpec.CustomerSpec;
import cafesim.run.Scenarios;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Benchmarks: one JSON line per run on stdout, a readable summary (median, min, max) on
 * stderr. docs/performance.md has the commands and the numbers.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measures cafesim: timing fidelity and its floor, crowds of customers and "
        + "theirs, barista pools, the journal's write rate and the run layer's.",
    subcommands = {BenchCommand.Fidelity.class, BenchCommand.Alarms.class,
        BenchCommand.Crowd.class, BenchCommand.Pool.class, BenchCommand.FloorCommand.class,
        BenchCommand.Journal.class, BenchCommand.Runs.class})
public final class BenchCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println(
        "bench needs a workload: fidelity, alarms, crowd, pool, floor, journal or runs"
            + " (see --help)");
    return 2;
  }

  /**
   * Results go to stdout; the log to stderr, warnings only. A run's lines are not wanted, so
   * they are not even built: filtered only at the console, they cost the run its timing.
   */
  static void logToStderr() {
    System.setProperty("cafesim.log.target", "System.err");
    System.setProperty("cafesim.console.level", "WARN");
    System.setProperty("cafesim.events.level", "WARN");
    LoggerFactory.getLogger(BenchCommand.class);
  }

  /** The readable summary of a workload's runs, on stderr: median, min and max. */
  static void printSummary(String what, List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    System.err.printf("%s: median %.4f  min %.4f  max %.4f  (%d runs)%n", what,
        sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1),
        sorted.size());
  }

  /**
   * A value an option cannot take, named with what it can, before anything starts (a run of 0
   * customers or a rate over 0 seconds measures nothing, and said so only as NaN or a stack).
   */
  static void check(boolean ok, String option, Object value, String allowed) {
    if (!ok) {
      throw new IllegalArgumentException(option + " is " + value + "; allowed: " + allowed);
    }
  }

  /** Options every workload has. */
  abstract static class Workload implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "3", description = "Runs to measure. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--warmup", defaultValue = "0", description = "Runs of the same before "
        + "those measured, not reported: a JVM compiles a big crowd's path during its first "
        + "few. Default: ${DEFAULT-VALUE}.")
    int warmup;

    /** The specs to run, in order; each becomes one JSON line. */
    abstract List<RunSpec> specs();

    /** What one run measured. */
    abstract Map<String, Object> result(RunSpec spec, RunReport report, Bench bench);

    /** The number the summary reports the median, min and max of. */
    abstract String headline();

    /** The workload's own options, checked before anything starts. */
    void checkOptions(Settings settings) {}

    @Override
    public Integer call() {
      check(runs >= 1, "--runs", runs, "1 or more");
      check(warmup >= 0, "--warmup", warmup, "0 or more");
      // The command line's own main thread waits for its runs; no actor waits for anything.
      Settings settings = Settings.load();
      checkOptions(settings);
      logToStderr();
      try (Bench bench = new Bench(settings)) {
        List<Map<String, Object>> results = new ArrayList<>();
        CompletableFuture<Void> all = bench.warmUp(settings).thenApply(runs -> null);
        List<RunSpec> specs = specs();
        for (int i = 0; i < warmup + specs.size(); i++) {
          // The warm-up runs the same mix as is measured (both modes, for fidelity).
          RunSpec spec = specs.get(i < warmup ? i % specs.size() : i - warmup);
          boolean measured = i >= warmup;
          all = all.thenCompose(done -> {
            bench.startMeasuring();
            return bench.run(spec, Duration.ofMinutes(10)).thenAccept(report -> {
              if (measured) {
                Map<String, Object> result = result(spec, report, bench);
                results.add(result);
                System.out.println(Bench.line(result));
              }
            });
          });
        }
        all.join();
        summary(results);
        return 0;
      }
    }

    private void summary(List<Map<String, Object>> results) {
      Map<Object, List<Double>> byGroup = new LinkedHashMap<>();
      for (Map<String, Object> r : results) {
        byGroup.computeIfAbsent(r.getOrDefault("mode", ""), k -> new ArrayList<>())
            .add(((Number) r.get(headline())).doubleValue());
      }
      byGroup.forEach((group, values) -> printSummary(
          getClass().getSimpleName().toLowerCase() + " " + headline()
              + (group.toString().isEmpty() ? "" : " (" + group + ")"), values));
    }

    /**
     * {@code runs} times the same run: every customer orders one {@code drink}, at real speed,
     * kept as a summary. One customer spec serves them all: a million need no million specs.
     */
    List<RunSpec> sameDrinkForAll(int customers, Drink drink, Mode mode, int baristas,
        double expected) {
      var everyone = Collections.nCopies(customers,
          new CustomerSpec(drink.name(), List.of(drink), OrderStyle.TOGETHER));
      RunSpec spec = new RunSpec(null, mode, 1, baristas, 0, everyone, expected)
          .withTraceLevel(RunSpec.TraceLevel.SUMMARY);
      return Collections.nCopies(runs, spec);
    }

    static double round(double value) {
      return Math.round(value * 1e6) / 1e6;
    }
  }

  @Command(name = "fidelity", mixinStandardHelpOptions = true,
      description = "americano-latte in both modes: measured against the expected total.")
  static final class Fidelity extends Workload {

    @Option(names = "--speed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    double speed;

    @Override
    void checkOptions(Settings settings) {
      double most = settings.runs().maxSpeed();
      check(speed > 0 && speed <= most, "--speed", speed, "0 < speed <= " + most);
    }

    @Override
    List<RunSpec> specs() {
      var scenario = Scenarios.find("americano-latte").orElseThrow();
      var menu = Settings.load().menu();
      List<RunSpec> specs = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        for (Mode mode : Mode.values()) {
          specs.add(scenario.toSpec(menu, mode, speed, 1, 0));
        }
      }
      return specs;
    }

    @Override
    Map<String, Object> result(RunSpec spec, RunReport report, Bench bench) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("workload", "fidelity");
      r.put("mode", spec.mode().label());
      r.put("speed", spec.speed());
      r.put("expectedSeconds", spec.expectedSeconds());
      r.put("measuredSeconds", report.elapsedSeconds());
      r.put("errorPercent", round((report.elapsedSeconds() / spec.expectedSeconds() - 1) * 100));
      // What else had the cores meanwhile: a late run is a thread that waited for one.
      r.put("collections", bench.collections());
      r.put("gcPauseSeconds", bench.gcPauseSeconds());
      r.put("jitMillis", bench.jitMillis());
      return r;
    }

    @Override
    String headline() {
      return "errorPercent";
    }
  }

  @Command(name = "alarms", mixinStandardHelpOptions = true,
      description = "The floor under fidelity: a bare actor on the cafe's dispatcher rings "
          + "americano-latte's alarms on cafesim's timers, both modes in turn, and nothing else "
          + "happens; measured against the exact total as fidelity measures a run.")
  static final class Alarms implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "3", description = "Rings of each mode to "
        + "measure. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--speed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    double speed;

    @Option(names = "--warmup", defaultValue = "200", description = "Rings at top speed "
        + "before those measured, not reported: the JIT's, for a path this small. "
        + "Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Override
    public Integer call() {
      check(runs >= 1, "--runs", runs, "1 or more");
      check(warmup >= 0, "--warmup", warmup, "0 or more");
      Settings settings = Settings.load();
      double most = settings.runs().maxSpeed();
      check(speed > 0 && speed <= most, "--speed", speed, "0 < speed <= " + most);
      logToStderr();
      // cafesim's scheduler and dispatchers, without the cluster: nothing else runs in it.
      ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "alarm-floor",
          ConfigFactory.parseString("pekko.actor.provider = local")
              .withFallback(settings.config()));
      try {
        ActorRef<AlarmFloor.Command> alarms = system.systemActorOf(AlarmFloor.create(),
            "alarms", DispatcherSelector.fromConfig("cafesim.cafe-dispatcher"));
        Map<Mode, List<Double>> errors = new EnumMap<>(Mode.class);
        for (int i = 0; i < warmup + runs; i++) {
          boolean measured = i >= warmup;
          for (Mode mode : Mode.values()) {
            // The command line's thread waits for each ring; the actor waits for nothing.
            double seconds = AskPattern.<AlarmFloor.Command, Double>ask(alarms,
                    replyTo -> new AlarmFloor.Ring(mode, measured ? speed : most, replyTo),
                    Duration.ofMinutes(1), system.scheduler())
                .toCompletableFuture().join();
            if (measured) {
              double expected = AlarmFloor.expectedSeconds(mode);
              double error = Workload.round((seconds / expected - 1) * 100);
              Map<String, Object> r = new LinkedHashMap<>();
              r.put("workload", "alarms");
              r.put("mode", mode.label());
              r.put("speed", speed);
              r.put("expectedSeconds", expected);
              r.put("measuredSeconds", Workload.round(seconds));
              r.put("errorPercent", error);
              System.out.println(Bench.line(r));
              errors.computeIfAbsent(mode, m -> new ArrayList<>()).add(error);
            }
          }
        }
        errors.forEach((mode, values) ->
            printSummary("alarms errorPercent (" + mode.label() + ")", values));
        return 0;
      } finally {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
      }
    }
  }

  @Command(name = "crowd", mixinStandardHelpOptions = true,
      description = "N customers, each one drink brewing SECONDS; one async barista, no limit on "
          + "machines: how long until the last is served.")
  static final class Crowd extends Workload {

    @Option(names = "--customers", defaultValue = "100000", description = "Default: ${DEFAULT-VALUE}.")
    int customers;

    @Option(names = "--wait", defaultValue = "1", description = "Brew seconds. Default: ${DEFAULT-VALUE}.")
    double wait;

    @Override
    void checkOptions(Settings settings) {
      check(customers >= 1, "--customers", customers, "1 or more");
      check(wait > 0 && wait <= 86_400, "--wait", wait, "above 0, at most 86400 (seconds)");
    }

    @Override
    List<RunSpec> specs() {
      return sameDrinkForAll(customers, new Drink("brew", wait, 0), Mode.ASYNC, 1, wait);
    }

    @Override
    Map<String, Object> result(RunSpec spec, RunReport report, Bench bench) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("workload", "crowd");
      r.put("customers", customers);
      r.put("waitSeconds", wait);
      // The exact makespan is the wait; the figure is how long the machine took to get there.
      r.put("makespanSeconds", report.makespanSeconds());
      r.put("wallSeconds", report.wallSeconds());
      r.put("overheadSeconds", round(report.wallSeconds() - wait));
      // The run's own part of the start: its cafe open and its crowd handed to greeters.
      r.put("setupSeconds", report.setupSeconds());
      r.put("served", report.customersServed());
      r.put("heapAfterGcPeakMb", round(bench.heapAfterGcPeakMb()));
      r.put("peakRssMb", round(Bench.peakRssMb()));
      r.put("collector", Bench.collector());
      // The run's threads stood still this long: most of a big crowd's overhead on G1.
      r.put("gcPauseSeconds", bench.gcPauseSeconds());
      return r;
    }

    @Override
    String headline() {
      return "wallSeconds";
    }
  }

  @Command(name = "pool", mixinStandardHelpOptions = true,
      description = "N customers, B sync baristas, each drink SECONDS of the barista's time: "
          + "makespan against the ideal ceil(N/B) x SECONDS.")
  static final class Pool extends Workload {

    @Option(names = "--customers", defaultValue = "10000", description = "Default: ${DEFAULT-VALUE}.")
    int customers;

    @Option(names = "--baristas", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.")
    int baristas;

    @Option(names = "--wait", defaultValue = "0.01", description = "Seconds per drink. Default: ${DEFAULT-VALUE}.")
    double wait;

    @Override
    void checkOptions(Settings settings) {
      check(customers >= 1, "--customers", customers, "1 or more");
      check(baristas >= 1, "--baristas", baristas, "1 or more");
      check(wait > 0 && wait <= 86_400, "--wait", wait, "above 0, at most 86400 (seconds)");
    }

    @Override
    List<RunSpec> specs() {
      return sameDrinkForAll(customers, new Drink("work", wait, 0), Mode.SYNC, baristas, ideal());
    }

    private double ideal() {
      return Math.ceil((double) customers / baristas) * wait;
    }

    @Override
    Map<String, Object> result(RunSpec spec, RunReport report, Bench bench) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("workload", "pool");
      r.put("customers", customers);
      r.put("baristas", baristas);
      r.put("waitSeconds", wait);
      r.put("idealSeconds", round(ideal()));
      r.put("makespanSeconds", report.wallSeconds());
      r.put("makespanOverIdeal", round(report.wallSeconds() / ideal()));
      r.put("served", report.customersServed());
      return r;
    }

    @Override
    String headline() {
      return "makespanOverIdeal";
    }
  }

  @Command(name = "floor", mixinStandardHelpOptions = true,
      description = "The engine alone: N bare typed actors under 1000 parents, one scheduled "
          + "message each after SECONDS; how long until the last has it (compare with crowd).")
  static final class FloorCommand implements Callable<Integer> {

    @Option(names = "--customers", defaultValue = "100000",
        description = "Actors, one per customer of a crowd. Default: ${DEFAULT-VALUE}.")
    int actors;

    @Option(names = "--wait", defaultValue = "1", description = "Seconds. Default: ${DEFAULT-VALUE}.")
    double wait;

    @Option(names = "--runs", defaultValue = "3", description = "Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--warmup", defaultValue = "0",
        description = "Runs before those measured, not reported. Default: ${DEFAULT-VALUE}.")
    int warmup;

    /** Who keeps the timers (see {@link Floor.Timers}). */
    enum TimersChoice { each, parent }

    @Option(names = "--timers", defaultValue = "each",
        description = "each: every actor has a timer of its own; parent: each parent has one "
            + "and wakes its children with a message, as a crowd's barista does "
            + "(${COMPLETION-CANDIDATES}). Default: ${DEFAULT-VALUE}.")
    TimersChoice timersChoice;

    @Override
    public Integer call() throws InterruptedException {
      check(actors >= 1, "--customers", actors, "1 or more");
      check(wait > 0 && wait <= 86_400, "--wait", wait, "above 0, at most 86400 (seconds)");
      check(runs >= 1, "--runs", runs, "1 or more");
      check(warmup >= 0, "--warmup", warmup, "0 or more");
      logToStderr();
      Floor.Timers timers = Floor.Timers.valueOf(timersChoice.name().toUpperCase(Locale.ROOT));
      for (int i = 0; i < warmup; i++) {
        Floor.measure(actors, Duration.ofNanos(Math.round(wait * 1e9)), timers);
      }
      List<Double> walls = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        long gcBefore = Bench.gcPauseMillis();
        Floor.Measured measured = Floor.measure(actors,
            Duration.ofNanos(Math.round(wait * 1e9)), timers);
        double gcPause = (Bench.gcPauseMillis() - gcBefore) / 1000.0;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("workload", "floor");
        r.put("timers", timersChoice.name());
        r.put("customers", actors);
        r.put("waitSeconds", wait);
        r.put("wallSeconds", Workload.round(measured.wallSeconds()));
        r.put("overheadSeconds", Workload.round(measured.wallSeconds() - wait));
        r.put("spawnSeconds", Workload.round(measured.spawnSeconds()));
        r.put("peakRssMb", Workload.round(Bench.peakRssMb()));
        r.put("collector", Bench.collector());
        r.put("gcPauseSeconds", gcPause);
        System.out.println(Bench.line(r));
        walls.add(measured.wallSeconds());
      }
      printSummary("floor wallSeconds", walls);
      return 0;
    }
  }

  /** How a rate is measured: seconds of work not counted, then seconds counted, so often. */
  static final class Rate {

    @Option(names = "--seconds", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Option(names = "--warmup", defaultValue = "3",
        description = "Seconds of work before those counted, from the first event stored."
            + " Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--runs", defaultValue = "3", description = "Default: ${DEFAULT-VALUE}.")
    int runs;

    void check() {
      BenchCommand.check(seconds >= 1, "--seconds", seconds, "1 or more");
      BenchCommand.check(warmup >= 0, "--warmup", warmup, "0 or more");
      BenchCommand.check(runs >= 1, "--runs", runs, "1 or more");
    }
  }

  @Command(name = "runs", mixinStandardHelpOptions = true,
      description = "The run layer alone: CALLERS each starting the run docs/post-runs.lua posts "
          + "(one espresso, speed 1000), the next once the last is accepted, on the service's "
          + "limits, with no HTTP and nothing in a database: runs accepted a second.")
  static final class Runs implements Callable<Integer> {

    /** What docs/post-runs.lua posts. */
    static final String BODY =
        "{\"customers\":[{\"name\":\"load\",\"drinks\":[\"espresso\"]}],\"speed\":1000}";

    @Option(names = "--callers", defaultValue = "16",
        description = "Runs asked for at once (wrk's connections). Default: ${DEFAULT-VALUE}.")
    int callers;

    @Mixin
    Rate rate;

    @Override
    public Integer call() throws IOException {
      check(callers >= 1, "--callers", callers, "1 or more");
      rate.check();
      logToStderr();
      Settings settings = Settings.load();
      RunSpec spec = Json.MAPPER.readValue(BODY, RunRequest.class).toSpec(settings);
      List<Double> rates = new ArrayList<>();
      try (Bench bench = new Bench(settings, settings.runs().limits())) {
        bench.warmUp(settings).join();
        for (int i = 0; i < rate.runs; i++) {
          RunRate.Measured m = RunRate.measure(bench, spec, callers,
              Duration.ofSeconds(rate.warmup), Duration.ofSeconds(rate.seconds));
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("workload", "runs");
          r.put("callers", callers);
          r.put("accepted", m.accepted());
          r.put("refused", m.refused());
          r.put("seconds", Workload.round(m.seconds()));
          r.put("runsPerSecond", Math.round(m.perSecond()));
          System.out.println(Bench.line(r));
          rates.add(m.perSecond());
        }
      }
      printSummary("runs runsPerSecond", rates);
      return 0;
    }
  }

  @Command(name = "journal", mixinStandardHelpOptions = true,
      description = "The journal alone: WRITERS event-sourced actors each persisting one event "
          + "after another, on the service's database (H2 in a fresh directory unless "
          + "CAFESIM_DB_URL or CAFESIM_DATA_DIR says otherwise): events written a second.")
  static final class Journal implements Callable<Integer> {

    @Option(names = "--writers", defaultValue = "16",
        description = "Actors writing at once (a run's entity is one). Default: ${DEFAULT-VALUE}.")
    int writers;

    @Option(names = "--events-per-entity", defaultValue = "0",
        description = "A writer stops after this many events and a new entity, which recovers "
            + "first, takes its place: 4 is a run's journal (0: never). Default: ${DEFAULT-VALUE}.")
    int eventsPerEntity;

    @Mixin
    Rate rate;

    @Override
    public Integer call() throws IOException, InterruptedException {
      check(writers >= 1, "--writers", writers, "1 or more");
      check(eventsPerEntity >= 0, "--events-per-entity", eventsPerEntity, "0 (never) or more");
      rate.check();
      logToStderr();
      var config = Settings.loadConfig();
      boolean ownDatabase = System.getenv("CAFESIM_DB_URL") == null
          && System.getenv("CAFESIM_DATA_DIR") == null;
      Path own = ownDatabase ? Files.createTempDirectory("cafesim-journal-bench") : null;
      if (ownDatabase) {
        // Never the repository's ./data: a fresh H2 file of its own, removed at the end.
        config = ConfigFactory.parseMap(Map.of("cafesim.storage.data-dir", own.toString()))
            .withFallback(config);
      }
      Settings settings = Settings.from(config);
      List<Double> rates = new ArrayList<>();
      for (int i = 0; i < rate.runs; i++) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "journal-bench",
            ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(settings.config()));
        try {
          JournalRate.Measured m = JournalRate.measure(system, writers, eventsPerEntity,
              Duration.ofSeconds(rate.warmup), Duration.ofSeconds(rate.seconds));
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("workload", "journal");
          r.put("database", settings.storage().database().where());
          r.put("writers", writers);
          r.put("eventsPerEntity", eventsPerEntity);
          r.put("events", m.events());
          r.put("entities", m.entities());
          r.put("seconds", Workload.round(m.seconds()));
          r.put("eventsPerSecond", Math.round(m.perSecond()));
          r.put("entitiesPerSecond", Math.round(m.entities() / m.seconds()));
          System.out.println(Bench.line(r));
          rates.add(m.perSecond());
        } finally {
          system.terminate();
          system.getWhenTerminated().toCompletableFuture().join();
        }
      }
      if (own != null) {
        try (var files = Files.walk(own)) {
          files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
      }
      printSummary("journal eventsPerSecond", rates);
      return 0;
    }
  }
}
