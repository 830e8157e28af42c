package cafesim.run;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The run layer as the rest of cafesim sees it: start runs and wait for them, read, list and
 * cancel them, drain. The HTTP routes, the command line, the benchmarks and the warm-up all go
 * through this, never to the actors themselves, so each ask has one timeout and one shape.
 *
 * <p>Behind it: an {@link Admission} that decides what may start and starts it, a
 * {@link RunStore} that keeps what runs did, and, for a caller that waits, a {@link RunWaiter}
 * child with its own deadline.
 */
public final class Runs {

  /**
   * @param keep finished reports kept at most
   * @param keepFor how long a finished report is kept
   * @param keepEvents events and messages of all finished reports kept, at most: the store's
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

  private final ActorRef<Admission.Command> admission;
  private final ActorRef<RunStore.Command> store;
  private final Scheduler scheduler;
  private final Duration askTimeout;

  private Runs(ActorRef<Admission.Command> admission, ActorRef<RunStore.Command> store,
      Scheduler scheduler, Duration askTimeout) {
    this.admission = admission;
    this.store = store;
    this.scheduler = scheduler;
    this.askTimeout = askTimeout;
  }

  /**
   * Spawns a run layer as children of {@code context}: {@code name}-admission and
   * {@code name}-store. Its runs log their events to {@code eventLogger}.
   */
  static Runs spawn(ActorContext<?> context, String name, Limits limits, LongSupplier clock,
      String eventLogger, Duration askTimeout) {
    ActorRef<RunStore.Command> store = context.spawn(RunStore.create(limits), name + "-store");
    ActorRef<Admission.Command> admission = context.spawn(
        Admission.create(limits, clock, eventLogger, store), name + "-admission");
    return new Runs(admission, store, context.getSystem().scheduler(), askTimeout);
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
        askTimeout.plus(waitFor), scheduler);
  }

  public CompletionStage<Admission.StartReply> start(RunSpec spec, TraceContext trace,
      Duration waitFor) {
    return start(List.of(spec), List.of(trace), waitFor);
  }

  /** The run's report: live while it runs, kept once it ended; or why there is none. */
  public CompletionStage<RunLookup> get(String runId) {
    return AskPattern.ask(store, reply -> new RunStore.GetRun(runId, reply), askTimeout,
        scheduler);
  }

  /** A page of runs, newest first. */
  public CompletionStage<RunStore.Page> list(RunStore.RunQuery query) {
    return AskPattern.ask(store, reply -> new RunStore.ListRuns(query, reply), askTimeout,
        scheduler);
  }

  /** Streams the run's events (after the {@code after}-th) to {@code subscriber}, or says why not. */
  public CompletionStage<RunStore.StreamAnswer> stream(String runId,
      ActorRef<Run.Streamed> subscriber, int after) {
    return AskPattern.ask(store, reply -> new RunStore.StreamEvents(runId, subscriber, after,
        reply), askTimeout, scheduler);
  }

  public CompletionStage<RunStore.CancelReply> cancel(String runId) {
    return AskPattern.ask(store, reply -> new RunStore.CancelRun(runId, reply), askTimeout,
        scheduler);
  }

  public CompletionStage<Admission.Health> health() {
    return AskPattern.ask(admission, Admission.GetHealth::new, askTimeout, scheduler);
  }

  /** No new runs; the runs in flight get until {@code deadline}, then end FAILED. */
  public CompletionStage<Admission.Drained> drain(Duration deadline) {
    return AskPattern.ask(admission, reply -> new Admission.Drain(deadline, reply),
        deadline.plusSeconds(2), scheduler);
  }
}
