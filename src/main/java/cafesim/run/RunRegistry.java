package cafesim.run;

import cafesim.cafe.CafeEvent;
import cafesim.run.RunReport.Status;
import cafesim.run.RunReport.Summary;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Starts runs, each as a {@link Run} child with a cafe of its own, and keeps their reports
 * (the newest {@code keep} finished ones) for the HTTP API and the command line.
 */
public final class RunRegistry extends AbstractBehavior<RunRegistry.Command> {

  public sealed interface Command {}

  /**
   * Starts a run. {@code replyTo} gets the report as it stands right after the start, or with
   * {@code replyWhenFinished} the final one. {@code watcher} sees each event as it happens.
   */
  public record StartRun(RunSpec spec, TraceContext trace, boolean replyWhenFinished,
      Optional<ActorRef<CafeEvent>> watcher, ActorRef<RunReport> replyTo) implements Command {}

  public record GetRun(String runId, ActorRef<Optional<RunReport>> replyTo) implements Command {}

  /** The newest runs first, at most {@code limit}. */
  public record ListRuns(int limit, ActorRef<List<Summary>> replyTo) implements Command {}

  private record RunFinished(RunReport report) implements Command {}

  private record RunStopped(String runId) implements Command {}

  public static Behavior<Command> create(int keep, LongSupplier clock) {
    return create(keep, clock, Run.EVENT_LOGGER);
  }

  /** A registry whose runs log their events to {@code eventLogger}. */
  public static Behavior<Command> create(int keep, LongSupplier clock, String eventLogger) {
    return Behaviors.setup(context -> new RunRegistry(context, keep, clock, eventLogger));
  }

  private final int keep;
  private final LongSupplier clock;
  private final String eventLogger;
  private final ActorRef<RunReport> finishedAdapter;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, ActorRef<Run.Command>> running = new HashMap<>();
  /** Every run kept, oldest first: the latest report known (RUNNING until it finishes). */
  private final LinkedHashMap<String, RunReport> runs = new LinkedHashMap<>();
  private final Map<String, List<ActorRef<RunReport>>> waiting = new HashMap<>();

  private RunRegistry(ActorContext<Command> context, int keep, LongSupplier clock,
      String eventLogger) {
    super(context);
    this.keep = keep;
    this.clock = clock;
    this.eventLogger = eventLogger;
    this.finishedAdapter = context.messageAdapter(RunReport.class, RunFinished::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StartRun.class, this::onStart)
        .onMessage(GetRun.class, this::onGet)
        .onMessage(ListRuns.class, list -> {
          List<Summary> newestFirst = new ArrayList<>();
          for (RunReport r : runs.values()) {
            newestFirst.add(0, r.summary());
          }
          list.replyTo().tell(newestFirst.subList(0, Math.min(list.limit(), newestFirst.size())));
          return this;
        })
        .onMessage(RunFinished.class, finished -> {
          finish(finished.report());
          return this;
        })
        .onMessage(RunStopped.class, this::onStopped)
        .build();
  }

  private Behavior<Command> onStart(StartRun start) {
    String runId = newRunId();
    ActorRef<Run.Command> run = getContext().spawn(
        Run.create(runId, start.trace(), start.spec(), clock, finishedAdapter, start.watcher(),
            eventLogger),
        runId);
    getContext().watchWith(run, new RunStopped(runId));
    running.put(runId, run);
    RunReport starting = RunReport.starting(runId, start.trace(), start.spec());
    runs.put(runId, starting);
    if (start.replyWhenFinished()) {
      waiting.computeIfAbsent(runId, id -> new ArrayList<>()).add(start.replyTo());
    } else {
      start.replyTo().tell(starting);
    }
    return this;
  }

  private Behavior<Command> onGet(GetRun get) {
    ActorRef<Run.Command> run = running.get(get.runId());
    if (run != null) {
      run.tell(new Run.GetReport(get.replyTo()));
    } else {
      get.replyTo().tell(Optional.ofNullable(runs.get(get.runId())));
    }
    return this;
  }

  /** A run that stops without a report has crashed: it is kept as FAILED, never dropped. */
  private Behavior<Command> onStopped(RunStopped stopped) {
    if (running.containsKey(stopped.runId())) {
      getContext().getLog().error("run {} stopped before it finished", stopped.runId());
      finish(runs.get(stopped.runId()).withStatus(Status.FAILED));
    }
    return this;
  }

  private void finish(RunReport report) {
    running.remove(report.runId());
    runs.put(report.runId(), report);
    for (ActorRef<RunReport> waiter : waiting.getOrDefault(report.runId(), List.of())) {
      waiter.tell(report);
    }
    waiting.remove(report.runId());
    evictBeyondKeep();
  }

  private void evictBeyondKeep() {
    var oldestFirst = runs.entrySet().iterator();
    int finished = runs.size() - running.size();
    while (finished > keep && oldestFirst.hasNext()) {
      if (!running.containsKey(oldestFirst.next().getKey())) {
        oldestFirst.remove();
        finished--;
      }
    }
  }

  private String newRunId() {
    String id;
    do {
      id = String.format("run-%08x", random.nextInt());
    } while (runs.containsKey(id));
    return id;
  }
}
