package cafesim.run;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.stream.CompletionStrategy;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;

/**
 * The run layer as the rest of cafesim sees it: start runs and wait for them, read, list and
 * cancel them, watch their events, drain. The HTTP routes, the command line, the benchmarks
 * and the warm-up all go through this, never to the actors themselves, so each ask has one
 * timeout and one shape.
 *
 * <p>Behind it: an {@link Admission} that decides what may start, each run's
 * {@link RunEntity} (found by id, wherever it lives), and the {@link RunTable} every node reads.
 * A finished run is read from the table; a running one is asked of its entity.
 */
public final class Runs {

  /**
   * @param keep finished reports kept at most
   * @param keepFor how long a finished report is kept
   * @param keepEvents events and messages of all finished reports kept, at most: the table's
   *     size, whatever the runs were like
   * @param maxRuns runs in flight at most
   * @param maxDrinks drinks (of all runs in flight) at most
   * @param maxKeptInFlight events and messages all runs in flight may keep together: each run
   *     reserves what it may keep when it starts
   * @param retryAfter what a refused client is told to wait
   * @param run what each run may take
   */
  public record Limits(int keep, Duration keepFor, int keepEvents, int maxRuns, int maxDrinks,
      int maxKeptInFlight, Duration retryAfter, Run.Bounds run) {}

  /** What asking to watch a run comes to. */
  public sealed interface Watch {}

  /**
   * The run's updates from where the client left off: as they happen while it plays (see
   * {@link RunWatcher}), at once if it has ended; then its report, and the end. Run it once.
   */
  public record Watching(Source<RunWatcher.Update, NotUsed> updates) implements Watch {}

  public record NotWatched(String reason) implements Watch {}

  private final ActorRef<Admission.Command> admission;
  private final RunTable table;
  private final Function<String, RecipientRef<RunEntity.Command>> entities;
  private final ActorSystem<?> system;
  private final Scheduler scheduler;
  private final Duration askTimeout;
  /** Names the watchers: each is a system actor of its own. */
  private final AtomicLong watchers = new AtomicLong();

  Runs(ActorRef<Admission.Command> admission, RunTable table,
      Function<String, RecipientRef<RunEntity.Command>> entities, ActorSystem<?> system,
      Duration askTimeout) {
    this.admission = admission;
    this.table = table;
    this.entities = entities;
    this.system = system;
    this.scheduler = system.scheduler();
    this.askTimeout = askTimeout;
  }

  /**
   * Starts runs, all or none. Completes with their reports as they stand at the start, or, if
   * {@code waitFor} is not zero, when all have ended or the wait is over (then as they stand:
   * RUNNING ones go on); or with a refusal.
   */
  public CompletionStage<Admission.StartReply> start(List<RunSpec> specs,
      List<TraceContext> traces, Duration waitFor) {
    return AskPattern.ask(admission,
        reply -> new Admission.StartRuns(specs, traces, waitFor, reply),
        askTimeout.multipliedBy(2).plus(waitFor), scheduler);
  }

  public CompletionStage<Admission.StartReply> start(RunSpec spec, TraceContext trace,
      Duration waitFor) {
    return start(List.of(spec), List.of(trace), waitFor);
  }

  /**
   * The run's report: live while it runs, as it ended once it has; or why there is none. A
   * running run that does not answer in time fails the lookup ({@link TimeoutException}): the
   * table's row of a running run is only its start, and a report must never go backwards.
   */
  public CompletionStage<RunLookup> get(String runId) {
    return table.find(runId).thenCompose(lookup -> {
      if (!running(lookup)) {
        return CompletableFuture.completedFuture(lookup);
      }
      CompletionStage<RunLookup> live = AskPattern.ask(entities.apply(runId),
          RunEntity.GetReport::new, askTimeout, scheduler);
      return live.handle((answer, silence) -> silence == null
              ? CompletableFuture.completedFuture(answer)
              // It may have ended meanwhile; else it is too busy to say.
              : table.find(runId).thenCompose(again -> running(again)
                  ? CompletableFuture.<RunLookup>failedFuture(new TimeoutException(
                      "run '" + runId + "' did not answer within " + askTimeout.toMillis()
                          + " ms"))
                  : CompletableFuture.completedFuture(again)))
          .thenCompose(answer -> answer);
    });
  }

  /** A page of runs, newest first. */
  public CompletionStage<RunTable.Page> list(RunTable.Query query) {
    return table.page(query);
  }

  /**
   * Watches the run: its updates after the {@code after}-th event of its {@code attempt}-th
   * play (of another play: all of the current one, after a {@link RunWatcher.Restarted}).
   */
  public CompletionStage<Watch> watch(String runId, int attempt, int after) {
    return table.find(runId).thenApply(lookup -> {
      if (lookup instanceof RunLookup.Missing missing) {
        return new NotWatched(missing.reason());
      }
      RunReport report = ((RunLookup.Found) lookup).report();
      if (report.status().ended()) {
        return new Watching(Source.from(RunWatcher.replay(report, attempt, after)));
      }
      ActorRef<RunWatcher.Command> watcher = system.systemActorOf(
          RunWatcher.create(runId, attempt, after, entities.apply(runId), table, askTimeout),
          "watch-" + watchers.incrementAndGet(), Props.empty());
      return new Watching(ActorSource.<RunWatcher.Update, RunWatcher.Command>actorRefWithBackpressure(
              watcher, RunWatcher.Acked.INSTANCE,
              update -> update == RunWatcher.Close.INSTANCE
                  ? Optional.of(CompletionStrategy.draining()) : Optional.empty(),
              update -> Optional.empty())
          .mapMaterializedValue(client -> {
            watcher.tell(new RunWatcher.Attach(client));
            return NotUsed.notUsed();
          }));
    });
  }

  public CompletionStage<Cancellation> cancel(String runId) {
    return table.find(runId).thenCompose(lookup -> {
      if (lookup instanceof RunLookup.Missing missing) {
        return CompletableFuture.completedFuture(new Cancellation.NoSuchRun(missing.reason()));
      }
      RunReport report = ((RunLookup.Found) lookup).report();
      if (report.status().ended()) {
        return CompletableFuture.completedFuture(
            new Cancellation.AlreadyEnded(report.status()));
      }
      return AskPattern.ask(entities.apply(runId), RunEntity.Cancel::new, askTimeout,
          scheduler);
    });
  }

  public CompletionStage<Admission.Health> health() {
    return AskPattern.ask(admission, Admission.GetHealth::new, askTimeout, scheduler);
  }

  /** No new runs; the runs in flight get until {@code deadline}; the rest are resumed later. */
  public CompletionStage<Admission.Drained> drain(Duration deadline) {
    return AskPattern.ask(admission, reply -> new Admission.Drain(deadline, reply),
        deadline.plusSeconds(2), scheduler);
  }

  private static boolean running(RunLookup lookup) {
    return lookup instanceof RunLookup.Found found && !found.report().status().ended();
  }

}
