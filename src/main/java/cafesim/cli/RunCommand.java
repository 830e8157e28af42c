package cafesim.cli;

import cafesim.Main;
import cafesim.Settings;
import cafesim.cafe.Mode;
import cafesim.http.Json;
import cafesim.run.Comparison;
import cafesim.run.RunReport;
import cafesim.run.Admission;
import cafesim.run.Guardian;
import cafesim.run.RunMeters;
import cafesim.run.Runs;
import cafesim.run.RunSpec;
import cafesim.run.RunStats;
import cafesim.run.RunWatcher;
import cafesim.run.Scenario;
import cafesim.run.Scenarios;
import cafesim.run.TraceContext;
import cafesim.run.Warmup;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs a scenario in this process and prints each event as it happens.",
        "Scenarios: americano-latte, find-users, three-calls, five-jobs, hands-on, morning-rush"
            + " (try --speed 100 --mode both)."})
public final class RunCommand implements Callable<Integer> {

  enum ModeChoice { sync, async, both }

  @Parameters(index = "0", paramLabel = "SCENARIO", description = "The scenario to run.")
  String scenario;

  @Option(names = "--mode", defaultValue = "async",
      description = "sync, async or both (sync, then async). Default: ${DEFAULT-VALUE}.")
  ModeChoice mode;

  @Option(names = "--speed", defaultValue = "1",
      description = "Simulated seconds per wall second, 0 < speed <= 1000. Default: ${DEFAULT-VALUE}.")
  double speed;

  @Option(names = "--clock", defaultValue = "realtime", description = "realtime (at --speed)"
      + " or virtual (the run's own time: as fast as its messages go, exact). Default:"
      + " ${DEFAULT-VALUE}.")
  String clock;

  @Option(names = "--seed", description = "Where the run's luck comes from (a 64-bit integer):"
      + " the same seed, the same guests and draws. Default: a random one.")
  Long seed;

  @Option(names = "--json", description = "Print the report as JSON instead of the events.")
  boolean json;

  @Spec
  CommandSpec spec;

  private final PrintStream out = System.out;

  @Override
  public Integer call() {
    Settings settings = Settings.load();
    Scenario chosen = Scenarios.find(scenario).orElseThrow(() -> new ParameterException(
        spec.commandLine(), "unknown scenario '" + scenario + "'; scenarios: " + Scenarios.names()));
    RunSpec.Clock keeping = RunSpec.Clock.parse(clock).orElseThrow(() -> new ParameterException(
        spec.commandLine(), "--clock is '" + clock + "'; allowed: realtime, virtual"));
    if (!(speed > 0 && speed <= settings.runs().maxSpeed())) {
      throw new ParameterException(spec.commandLine(),
          "--speed is " + speed + "; allowed: 0 < speed <= " + settings.runs().maxSpeed());
    }
    if (keeping == RunSpec.Clock.REALTIME) {
      // As POST /runs refuses it: a run that could outlast max-duration would only time out.
      RunSpec longest = chosen.toSpec(settings.menu(), Mode.SYNC, speed,
          chosen.baristas() != null ? chosen.baristas() : settings.runs().defaultBaristas(),
          settings.runs().defaultMachines());
      double least = longest.leastSpeedWithin(settings.runs().maxDuration());
      if (speed < least) {
        throw new ParameterException(spec.commandLine(), "--speed is " + speed + "; '"
            + scenario + "' may take up to " + Math.round(longest.longestSeconds() / speed)
            + " s by the wall clock at that speed, and a run at most "
            + settings.runs().maxDuration().toSeconds() + " s (cafesim.runs.max-duration);"
            + " allowed: " + least + " to " + settings.runs().maxSpeed());
      }
    }
    // The events are printed here; the console log goes to stderr, warnings only, so nothing
    // is said twice. A CAFESIM_LOG_FILE still gets every line.
    System.setProperty("cafesim.log.target", "System.err");
    System.setProperty("cafesim.console.level", "WARN");
    LoggerFactory.getLogger(RunCommand.class);

    CompletableFuture<Guardian.Ready> wired = new CompletableFuture<>();
    ActorSystem<Guardian.Command> system = ActorSystem.create(Guardian.create(Guardian.Storage.MEMORY, settings.runs().limits(),
        System::nanoTime, settings.http().askTimeout(), RunMeters.none(), wired), "cafesim-run",
        settings.config());
    List<Mode> modes = mode == ModeChoice.both ? List.of(Mode.SYNC, Mode.ASYNC)
        : List.of(Mode.parse(mode.name()).orElseThrow());

    CompletionStage<Map<Mode, RunReport>> all = wired.thenCompose(ready -> {
      // The first runs of a fresh JVM are the JIT's, not the cafe's: warm up before measuring.
      CompletionStage<Map<Mode, RunReport>> done = Warmup.run(ready.warmup(), settings.menu(),
              settings.config().getInt("cafesim.cli-warmup-runs"), settings.runs().maxSpeed())
          .thenApply(warmed -> new LinkedHashMap<>());
      for (Mode m : modes) {
        RunSpec runSpec = chosen.toSpec(settings.menu(), m, speed,
            chosen.baristas() != null ? chosen.baristas() : settings.runs().defaultBaristas(),
            settings.runs().defaultMachines());
        RunSpec seeded = (seed == null ? runSpec : runSpec.withSeed(seed)).withClock(keeping);
        done = done.thenCompose(reports -> runOne(system, ready.runs(), seeded)
            .thenApply(report -> {
              reports.put(m, report);
              return reports;
            }));
      }
      return done;
    });
    all.whenComplete((reports, failure) -> {
      // A run that did not complete (it failed, or timed out) is the command's failure too.
      int code = failure == null && reports.values().stream()
          .allMatch(r -> r.status() == RunReport.Status.COMPLETED) ? 0 : 1;
      if (failure != null) {
        System.err.println("run failed: " + failure.getMessage());
      } else if (json) {
        out.println(toJson(reports));
      } else {
        summary(reports);
      }
      system.terminate();
      system.getWhenTerminated().thenRun(() -> System.exit(code));
    });
    return Main.STILL_RUNNING;
  }

  /** Runs one spec, printing its events live unless --json; completes with its report. */
  private CompletionStage<RunReport> runOne(ActorSystem<Guardian.Command> system, Runs runs,
      RunSpec runSpec) {
    if (!json) {
      out.printf("%n== %s, %s, %s ==%n", runSpec.scenario(), runSpec.mode().label(),
          runSpec.clock() == RunSpec.Clock.VIRTUAL ? "virtual clock"
              : "speed " + java.math.BigDecimal.valueOf(speed).stripTrailingZeros()
                  .toPlainString());
    }
    // The same stream as GET /runs/{id}/events: the events in order, then the report.
    return runs.start(runSpec, TraceContext.fresh(), Duration.ZERO)
        .thenApply(Admission.StartReply::orThrow)
        .thenCompose(started -> runs.watch(started.runId(), 1, 0))
        .thenCompose(answer -> {
          if (answer instanceof Runs.NotWatched missing) {
            throw new IllegalStateException(missing.reason());
          }
          CompletableFuture<RunReport> report = new CompletableFuture<>();
          ((Runs.Watching) answer).updates().runForeach(update -> {
            if (update instanceof RunWatcher.Event event && !json) {
              out.println(event.event().line());
            } else if (update instanceof RunWatcher.Report end) {
              report.complete(end.report());
            }
          }, system).whenComplete((done, failure) -> report.completeExceptionally(
              failure != null ? failure : new IllegalStateException("the run's stream ended early")));
          return report;
        });
  }

  /** The exact makespan first; the wall clock's measurement after it, as the proof. */
  private void summary(Map<Mode, RunReport> reports) {
    out.println();
    reports.values().forEach(r -> {
      out.printf("%-5s %-16s %s in %.3f s (expected %s)  results %s%n",
          r.mode().label(), r.scenario(), r.status(), r.makespanSeconds(),
          r.expectedSeconds() == null ? "none" : String.format("%.3f s", r.expectedSeconds()),
          r.customers().size() <= MAX_RESULTS_SHOWN
              ? r.customers().stream().map(c -> c.name() + "=" + c.results()).toList()
              : r.customers().size() + " customers");
      if (r.timing() == RunReport.Timing.VIRTUAL) {
        out.printf("      on its own clock: %.3f s simulated in %.3f s of wall time%n",
            r.elapsedSeconds(), r.wallSeconds());
      } else {
        out.printf("      measured %.3f s by the wall clock (%.3f s at speed %s), lag %.1f ms:"
            + " %s%n", r.elapsedSeconds(), r.wallSeconds(), plain(r.speed()),
            r.lagMillis().worst(), r.timing().label());
      }
      RunStats stats = r.stats();
      if (stats != null && stats.waitSeconds() != null) {
        out.printf("      served %d of %d, %d walked out; wait mean %.3f s, p95 %.3f s;"
                + " baristas busy %.1f %%%n", stats.served(), stats.customers(),
            stats.reneged(), stats.waitSeconds().mean(), stats.waitSeconds().p95(),
            stats.utilisation().mean() * 100);
      }
    });
    if (reports.size() == 2) {
      RunReport sync = reports.get(Mode.SYNC);
      RunReport async = reports.get(Mode.ASYNC);
      Comparison comparison = Comparison.of(sync, async);
      out.printf("async is %.2fx faster than sync (%.3f s against %.3f s)%s%n",
          comparison.speedup(), async.makespanSeconds(), sync.makespanSeconds(),
          comparison.waitRatio() == null ? ""
              : String.format("; waits %.2fx shorter", comparison.waitRatio()));
    }
  }

  /** A run of more customers than this shows their count, not each one's results. */
  private static final int MAX_RESULTS_SHOWN = 10;

  private static String plain(double number) {
    return java.math.BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
  }

  private static String toJson(Map<Mode, RunReport> reports) {
    try {
      Object value = reports.size() == 1 ? reports.values().iterator().next()
          : Comparison.of(reports.get(Mode.SYNC), reports.get(Mode.ASYNC));
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
