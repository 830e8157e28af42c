package cafesim.run;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One caller's runs, from the door to the answer: asks each run's entity to accept it, and
 * answers once every acceptance is stored, with the starting reports; or, for a caller that
 * waits ({@code ?wait=true}, a comparison), with the final reports when all have ended, or the
 * reports as they stand when its deadline comes first (the runs go on). Then it stops. Like the
 * IoT tutorial's DeviceGroupQuery: a child per request, with its own timeouts, so no shared
 * actor keeps waiting callers in its state.
 */
public final class RunWaiter extends AbstractBehavior<RunWaiter.Command> {

  public sealed interface Command {}

  /** A run to start: its new id, what it is, the trace it belongs to. */
  public record NewRun(String runId, RunSpec spec, TraceContext trace) {}

  private record Accepted(RunEntity.Accepted accepted) implements Command {}

  private record RunEnded(RunReport report) implements Command {}

  private enum AcceptOver implements Command { INSTANCE }

  private enum WaitOver implements Command { INSTANCE }

  /** The service is stopping: answer with the reports as they stand (the runs go on later). */
  public enum AnswerNow implements Command { INSTANCE }

  /**
   * @param runs in the order the caller wants the reports
   * @param acceptWithin how long the entities get to store the acceptances
   * @param waitFor zero to answer at the start, else how long to wait for the ends
   * @param entities each run's entity, by run id
   * @param admission told of each run's end (or of a run never accepted, as FAILED)
   */
  public static Behavior<Command> create(List<NewRun> runs, Duration acceptWithin,
      Duration waitFor, Function<String, RecipientRef<RunEntity.Command>> entities,
      ActorRef<RunReport> admission, ActorRef<Admission.StartReply> replyTo) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startSingleTimer(AcceptOver.INSTANCE, acceptWithin);
      return new RunWaiter(context, timers, runs, waitFor, entities, admission, replyTo);
    }));
  }

  private final TimerScheduler<Command> timers;
  private final Map<String, RunReport> reports = new LinkedHashMap<>();
  private final Duration waitFor;
  private final ActorRef<RunReport> admission;
  private final ActorRef<Admission.StartReply> replyTo;
  private final List<NewRun> runs;
  private int accepting;
  private int running;

  private RunWaiter(ActorContext<Command> context, TimerScheduler<Command> timers,
      List<NewRun> runs, Duration waitFor,
      Function<String, RecipientRef<RunEntity.Command>> entities, ActorRef<RunReport> admission,
      ActorRef<Admission.StartReply> replyTo) {
    super(context);
    this.timers = timers;
    this.runs = runs;
    this.waitFor = waitFor;
    this.admission = admission;
    this.replyTo = replyTo;
    ActorRef<RunEntity.Accepted> accepted =
        context.messageAdapter(RunEntity.Accepted.class, Accepted::new);
    ActorRef<RunReport> ended = context.messageAdapter(RunReport.class, RunEnded::new);
    List<ActorRef<RunReport>> tellWhenEnded =
        waitFor.isZero() ? List.of(admission) : List.of(admission, ended);
    for (NewRun run : runs) {
      reports.put(run.runId(), null);
      entities.apply(run.runId()).tell(
          new RunEntity.Accept(run.spec(), run.trace(), accepted, tellWhenEnded));
    }
    this.accepting = runs.size();
    this.running = runs.size();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Accepted.class, this::onAccepted)
        .onMessage(RunEnded.class, ended -> {
          RunReport was = reports.put(ended.report().runId(), ended.report());
          if (was == null || !was.status().ended()) {
            running--;
          }
          return running == 0 && accepting == 0 ? answer() : this;
        })
        .onMessage(AcceptOver.class, over -> notAccepted())
        .onMessage(WaitOver.class, over -> answer())
        .onMessage(AnswerNow.class, now -> accepting == 0 ? answer() : this)
        .build();
  }

  private Behavior<Command> onAccepted(Accepted accepted) {
    // An end may come before its acceptance is heard of: the end is kept.
    RunReport starting = accepted.accepted().starting();
    reports.merge(starting.runId(), starting, (end, start) -> end);
    if (--accepting > 0) {
      return this;
    }
    timers.cancel(AcceptOver.INSTANCE);
    if (waitFor.isZero() || running == 0) {
      return answer();
    }
    timers.startSingleTimer(WaitOver.INSTANCE, waitFor);
    return this;
  }

  /**
   * The runs' storage did not answer in time: the caller hears the service is unavailable, and
   * the admission frees the places of the runs not accepted (an acceptance stored later still
   * plays and ends).
   */
  private Behavior<Command> notAccepted() {
    for (NewRun run : runs) {
      if (reports.get(run.runId()) == null) {
        admission.tell(RunReport.starting(run.runId(), run.trace(), run.spec())
            .failed("not accepted in time"));
      }
    }
    replyTo.tell(new Admission.Refused(true, "cafesim could not store the run in time; try"
        + " again shortly", Duration.ofSeconds(1)));
    return Behaviors.stopped();
  }

  private Behavior<Command> answer() {
    replyTo.tell(new Admission.Started(List.copyOf(reports.values())));
    return Behaviors.stopped();
  }
}
