package cafesim.run;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One caller waiting for its runs (a {@code ?wait=true}, a comparison): asks the store to be
 * told when each run ends, and answers with the final reports when all have, or with the
 * reports as they stand when its deadline comes first (the runs go on). Then it stops. Like the
 * IoT tutorial's DeviceGroupQuery: a child per request, with its own timeout, so no shared
 * actor keeps waiting callers in its state.
 */
public final class RunWaiter extends AbstractBehavior<RunWaiter.Command> {

  public sealed interface Command {}

  private record RunEnded(RunReport report) implements Command {}

  private enum WaitOver implements Command { INSTANCE }

  /** @param starting the runs' reports at their start, in the order the caller wants them */
  public static Behavior<Command> create(List<RunReport> starting, Duration deadline,
      ActorRef<RunStore.Command> store, ActorRef<Admission.StartReply> replyTo) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startSingleTimer(WaitOver.INSTANCE, deadline);
      return new RunWaiter(context, starting, store, replyTo);
    }));
  }

  private final Map<String, RunReport> reports = new LinkedHashMap<>();
  private final ActorRef<Admission.StartReply> replyTo;
  private int running;

  private RunWaiter(ActorContext<Command> context, List<RunReport> starting,
      ActorRef<RunStore.Command> store, ActorRef<Admission.StartReply> replyTo) {
    super(context);
    this.replyTo = replyTo;
    ActorRef<RunReport> ended = context.messageAdapter(RunReport.class, RunEnded::new);
    for (RunReport report : starting) {
      reports.put(report.runId(), report);
      store.tell(new RunStore.NotifyWhenEnded(report.runId(), ended));
    }
    this.running = starting.size();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(RunEnded.class, ended -> {
          RunReport was = reports.put(ended.report().runId(), ended.report());
          if (was != null && !was.status().ended()) {
            running--;
          }
          return running == 0 ? answer() : this;
        })
        .onMessage(WaitOver.class, over -> answer())
        .build();
  }

  private Behavior<Command> answer() {
    replyTo.tell(new Admission.Started(List.copyOf(reports.values())));
    return Behaviors.stopped();
  }
}
