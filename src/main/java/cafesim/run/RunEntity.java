package cafesim.run;

import cafesim.CborSerializable;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * A run as it outlives the process: a Cluster Sharding entity keyed by run id, event-sourced.
 * Its journal says what was asked ({@link RunAccepted}: spec, seed, trace), how often it was
 * played ({@link RunResumed}) and how it ended ({@link RunEnded}); the play itself is a
 * {@link Run} child, with its cafe, on this node.
 *
 * <p>Accepted is persisted before the caller hears of the run. If the process dies mid-run,
 * sharding (remember-entities) starts the entity again at the next start; it recovers an
 * accepted run without an end and plays it again from spec and seed, under the same id and
 * trace. Once the end is persisted and written to the {@link RunTable}, the entity tells whoever
 * asked to hear of it and passivates: an entity that just stopped would be restarted.
 */
public final class RunEntity
    extends EventSourcedBehavior<RunEntity.Command, RunEntity.Event, RunEntity.State> {

  /** The runs people ask for: remembered, journaled in the configured database. */
  public static final EntityTypeKey<Command> TYPE = EntityTypeKey.create(Command.class, "Run");

  /** The warm-up's runs: journaled in memory, never resumed. */
  public static final EntityTypeKey<Command> WARMUP =
      EntityTypeKey.create(Command.class, "WarmupRun");

  public sealed interface Command extends CborSerializable {}

  /**
   * Accept the run (once: asking again changes nothing). {@code replyTo} gets its starting
   * report once the acceptance is stored; each of {@code tellWhenEnded} its final report.
   */
  public record Accept(RunSpec spec, TraceContext trace, ActorRef<Accepted> replyTo,
      List<ActorRef<RunReport>> tellWhenEnded) implements Command {}

  /** The acceptance is stored: the run's report as it starts. */
  public record Accepted(RunReport starting) implements CborSerializable {}

  /** The report as it stands: live while the run plays. */
  public record GetReport(ActorRef<RunLookup> replyTo) implements Command {}

  /**
   * A watcher catching up (see {@link Run.CatchUp}): the events after the {@code after}-th of
   * the {@code attempt}-th play; of another play, those of the current one from its first. From
   * now on the play also publishes on the run's topic. No play here: {@link
   * Run.Backlog#notPlaying}.
   */
  public record CatchUp(int attempt, int after, int max, ActorRef<Run.Backlog> replyTo)
      implements Command {}

  public record Cancel(ActorRef<Cancellation> replyTo) implements Command {}

  /**
   * Tell {@code listener} the final report when the run ends (at once if it has); tell
   * {@code listening} at once that the wish is kept (it lives in this incarnation's memory).
   */
  public record TellWhenEnded(ActorRef<RunReport> listener, ActorRef<Listening> listening)
      implements Command {}

  /** The entity of {@code runId} will tell its end. */
  public record Listening(String runId) implements CborSerializable {}

  /**
   * Sharding's stop (passivation, hand-off, shutdown): stop, play and all. A run stopped before
   * its end is resumed when its entity next starts.
   */
  public enum Stop implements Command { INSTANCE }

  /** Journals the attempt a recovered run now plays. */
  private record Resumed(int attempt) implements Command {}

  private record PlayEnded(RunReport report) implements Command {}

  private record PlayStopped(int attempt) implements Command {}

  private record Written(Write what, Throwable failure) implements Command {}

  private record Rewrite(Write what) implements Command {}

  /** The run table writes an entity makes; each is retried until it succeeds. */
  private enum Write { ACCEPTED, ENDED }

  /**
   * What the journal keeps, as JSON named by the constants below, not by class names (the
   * {@code run-journal} serializer in application.conf writes no class into the manifest): a
   * class may be renamed or moved, and stored runs still replay. A change of shape bumps
   * {@link RunEventsMigration}'s version and teaches it the old one.
   */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "event")
  @JsonSubTypes({
      @JsonSubTypes.Type(value = RunAccepted.class, name = RunAccepted.NAME),
      @JsonSubTypes.Type(value = RunResumed.class, name = RunResumed.NAME),
      @JsonSubTypes.Type(value = RunEnded.class, name = RunEnded.NAME)})
  public sealed interface Event {}

  public record RunAccepted(RunSpec spec, TraceContext trace) implements Event {
    public static final String NAME = "run-accepted";
  }

  /** The run's {@code attempt}-th play began: the ones before were cut short. */
  public record RunResumed(int attempt) implements Event {
    public static final String NAME = "run-resumed";
  }

  /** The run ended: its report, without customers, events and messages. */
  public record RunEnded(RunReport report) implements Event {
    public static final String NAME = "run-ended";
  }

  /** Nothing accepted yet (null fields), accepted and playing, or ended. */
  public record State(RunAccepted accepted, int attempts, RunReport ended)
      implements CborSerializable {
    static final State EMPTY = new State(null, 0, null);

    boolean playing() {
      return accepted != null && ended == null;
    }
  }

  /**
   * Where and how runs of one kind live: their entity type, journal, table and bounds.
   *
   * @param journal the journal plugin id ("" for the configured default)
   * @param snapshots the snapshot store plugin id ("" for the configured default)
   * @param admission this node's door, told of a run resumed here so it counts in flight
   */
  public record Home(EntityTypeKey<Command> type, String journal, String snapshots,
      RunTable table, Run.Bounds bounds, LongSupplier clock, String eventLogger,
      ActorRef<Admission.Command> admission) {}

  /** Longest pause between two tries of a run table write that fails. */
  private static final Duration MAX_RETRY = Duration.ofSeconds(30);

  public static Behavior<Command> create(String runId, Home home,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    return Behaviors.withMdc(Command.class, Map.of("runId", runId),
        Behaviors.setup(context -> Behaviors.withTimers(timers ->
            new RunEntity(context, timers, runId, home, shard))));
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final String runId;
  private final Home home;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final List<ActorRef<RunReport>> tellWhenEnded = new ArrayList<>();
  /** Who asked to accept the run, told once the run table has it too. */
  private final List<ActorRef<Accepted>> tellWhenListed = new ArrayList<>();
  private boolean listed;
  private ActorRef<Run.Command> play;
  private int playAttempt;
  /**
   * The run's topic on this node, made when the first watcher asks. It is the entity's, not
   * the play's: it outlives a play, so the end a play publishes is passed on before the topic
   * stops with the entity.
   */
  private ActorRef<Topic.Command<Run.Streamed>> topic;
  /** The play that has been given the topic (0: none). */
  private int publishingPlay;
  /** The whole final report, while this incarnation holds it. */
  private RunReport finalReport;
  private int failedWrites;
  /**
   * The end is journaled but not yet in the run table: questions wait (stashed) until it is, so
   * nobody hears "ended" from the entity and "running" from the table.
   */
  private boolean ending;

  private RunEntity(ActorContext<Command> context, TimerScheduler<Command> timers, String runId,
      Home home, ActorRef<ClusterSharding.ShardCommand> shard) {
    super(PersistenceId.of(home.type().name(), runId), SupervisorStrategy.restartWithBackoff(
        Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.context = context;
    this.timers = timers;
    this.runId = runId;
    this.home = home;
    this.shard = shard;
  }

  @Override
  public String journalPluginId() {
    return home.journal();
  }

  @Override
  public String snapshotPluginId() {
    return home.snapshots();
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(RunAccepted.class, (state, accepted) -> new State(accepted, 1, null))
        .onEvent(RunResumed.class, (state, resumed) ->
            new State(state.accepted(), resumed.attempt(), null))
        .onEvent(RunEnded.class, (state, ended) ->
            new State(state.accepted(), state.attempts(), ended.report()))
        .build();
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::recovered)
        .build();
  }

  /**
   * A run recovered mid-play was cut short (a crash, a stop): it plays again at once, and the
   * new attempt is journaled. One recovered ended makes sure the table says so, and goes.
   */
  private void recovered(State state) {
    if (state.playing()) {
      int attempt = state.attempts() + 1;
      String traceId = state.accepted().trace().traceId();
      RunJournal.withIds(runId, traceId, () -> context.getLog().info(
          "run {} (trace {}) resumed: attempt {}", runId, traceId, attempt));
      startPlay(state.accepted(), attempt);
      context.getSelf().tell(new Resumed(attempt));
      home.admission().tell(new Admission.Resumed(runId, state.accepted().spec(),
          context.getSelf()));
    } else if (state.ended() != null) {
      write(Write.ENDED, state);
    }
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Accept.class, (state, accept) -> ending ? Effect().stash()
            : onAccept(state, accept))
        .onCommand(Resumed.class, (state, resumed) ->
            Effect().persist(new RunResumed(resumed.attempt()))
                .thenRun(resumedState -> write(Write.ACCEPTED, resumedState)))
        .onCommand(PlayEnded.class, this::onPlayEnded)
        .onCommand(PlayStopped.class, this::onPlayStopped)
        .onCommand(Written.class, this::onWritten)
        .onCommand(Rewrite.class, (state, rewrite) -> {
          write(rewrite.what(), state);
          return Effect().none();
        })
        .onCommand(GetReport.class, (state, get) -> {
          if (ending) {
            return Effect().stash();
          }
          if (state.playing() && play != null) {
            play.tell(new Run.GetReport(get.replyTo()));
          } else if (state.accepted() == null) {
            get.replyTo().tell(new RunLookup.Missing(RunTable.unknown(runId)));
            passivateIfNeverAccepted(state);
          } else if (state.ended() != null) {
            tellEnded(state, report -> get.replyTo().tell(new RunLookup.Found(report)));
          } else {
            get.replyTo().tell(new RunLookup.Found(reportOf(state)));
          }
          return Effect().none();
        })
        .onCommand(CatchUp.class, (state, catchUp) -> {
          if (ending) {
            return Effect().stash();
          }
          if (state.playing() && play != null) {
            if (publishingPlay != playAttempt) {
              play.tell(new Run.PublishTo(topic()));
              publishingPlay = playAttempt;
            }
            play.tell(new Run.CatchUp(catchUp.attempt() == playAttempt ? catchUp.after() : 0,
                catchUp.max(), catchUp.replyTo()));
          } else {
            catchUp.replyTo().tell(Run.Backlog.notPlaying(state.attempts()));
            passivateIfNeverAccepted(state);
          }
          return Effect().none();
        })
        .onCommand(Cancel.class, (state, cancel) -> {
          if (ending) {
            return Effect().stash();
          }
          if (state.playing() && play != null) {
            play.tell(new Run.Cancel(cancel.replyTo()));
          } else if (state.accepted() == null) {
            cancel.replyTo().tell(new Cancellation.NoSuchRun(RunTable.unknown(runId)));
            passivateIfNeverAccepted(state);
          } else {
            cancel.replyTo().tell(new Cancellation.AlreadyEnded(reportOf(state).status()));
          }
          return Effect().none();
        })
        .onCommand(TellWhenEnded.class, (state, tell) -> {
          listen(state, List.of(tell.listener()));
          tell.listening().tell(new Listening(runId));
          return Effect().none();
        })
        .onCommand(Stop.class, (state, stop) -> Effect().stop())
        .build();
  }

  /**
   * Journals the acceptance, starts the play, and answers once the run table lists the run too:
   * from then on every node can find it.
   */
  private Effect<Event, State> onAccept(State state, Accept accept) {
    if (state.accepted() != null) {
      // Asked again (a retry): the run is the one accepted first.
      listen(state, accept.tellWhenEnded());
      if (listed || state.ended() != null) {
        accept.replyTo().tell(new Accepted(starting(state)));
      } else {
        tellWhenListed.add(accept.replyTo());
      }
      return Effect().none();
    }
    return Effect().persist(new RunAccepted(accept.spec(), accept.trace()))
        .thenRun(accepted -> {
          tellWhenListed.add(accept.replyTo());
          listen(accepted, accept.tellWhenEnded());
          startPlay(accepted.accepted(), 1);
          write(Write.ACCEPTED, accepted);
        });
  }

  private Effect<Event, State> onPlayEnded(State state, PlayEnded ended) {
    if (!state.playing()) {
      return Effect().none();
    }
    RunReport report = ended.report();
    return Effect().persist(new RunEnded(report.brief()))
        .thenRun(endedState -> {
          finalReport = report;
          write(Write.ENDED, endedState);
        });
  }

  /**
   * A play that stops without a report has crashed: the run ends FAILED, not silently. One
   * that stops after its report has closed its cafe: if the end is written, the entity goes.
   */
  private Effect<Event, State> onPlayStopped(State state, PlayStopped stopped) {
    if (stopped.attempt() != playAttempt) {
      return Effect().none();
    }
    play = null;
    if (state.playing() && finalReport == null) {
      return onPlayEnded(state, new PlayEnded(starting(state)
          .failed("the run stopped unexpectedly")));
    }
    passivateWhenDone(state);
    return Effect().none();
  }

  /**
   * An entity asked about a run it never accepted has nothing to keep: it goes at once, or
   * sharding would remember it and start it at every start.
   */
  private void passivateIfNeverAccepted(State state) {
    if (state.accepted() == null) {
      shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    }
  }

  /** Once the end is in the table and the cafe has closed (no message left in flight). */
  private void passivateWhenDone(State state) {
    if (state.ended() != null && !ending && play == null) {
      shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    }
  }

  private Effect<Event, State> onWritten(State state, Written written) {
    if (written.failure() != null) {
      // The run's journal has it; the table must too. Try again, waiting longer each time.
      Duration pause = Duration.ofMillis(Math.min(MAX_RETRY.toMillis(),
          100L << Math.min(failedWrites++, 10)));
      RunJournal.withIds(runId, state.accepted() == null ? null
          : state.accepted().trace().traceId(), () -> context.getLog().warn(
              "run {}: the run table write ({}) failed, again in {} ms: {}",
              runId, written.what(), pause.toMillis(), written.failure().toString()));
      timers.startSingleTimer(written.what(), new Rewrite(written.what()), pause);
      return Effect().none();
    }
    failedWrites = 0;
    // Either write lists the run (a short run may end before its acceptance is written).
    listed = true;
    tellWhenListed.forEach(asker -> asker.tell(new Accepted(starting(state))));
    tellWhenListed.clear();
    if (written.what() == Write.ENDED) {
      List<ActorRef<RunReport>> listeners = List.copyOf(tellWhenEnded);
      tellEnded(state, report -> listeners.forEach(listener -> listener.tell(report)));
      tellWhenEnded.clear();
      ending = false;
      passivateWhenDone(state);
      return Effect().unstashAll();
    }
    return Effect().none();
  }

  private void write(Write what, State state) {
    ending |= what == Write.ENDED;
    var written = what == Write.ACCEPTED ? home.table().accepted(starting(state))
        // This incarnation may hold only the brief report (recovered ended): then the row
        // written before the crash, if any, is kept.
        : home.table().ended(reportOf(state), finalReport != null);
    context.pipeToSelf(written, (done, failure) -> new Written(what, failure));
  }

  private void listen(State state, List<ActorRef<RunReport>> listeners) {
    if (state.ended() != null && !ending) {
      tellEnded(state, report -> listeners.forEach(listener -> listener.tell(report)));
    } else {
      // Ended but not yet written, or still playing: told once the table has the end.
      tellWhenEnded.addAll(listeners);
    }
  }

  private void startPlay(RunAccepted accepted, int attempt) {
    ActorRef<RunReport> onFinished = context.messageAdapter(RunReport.class, PlayEnded::new);
    play = context.spawn(Run.create(runId, attempt, accepted.trace(), accepted.spec(),
        home.bounds().forSpec(accepted.spec()), home.clock(), onFinished, home.eventLogger()),
        "play-" + attempt, accepted.spec().clock() == RunSpec.Clock.VIRTUAL
            ? Run.VIRTUAL_DISPATCHER : DispatcherSelector.defaultDispatcher());
    playAttempt = attempt;
    context.watchWith(play, new PlayStopped(attempt));
  }

  private ActorRef<Topic.Command<Run.Streamed>> topic() {
    if (topic == null) {
      topic = context.spawn(Topic.create(Run.Streamed.class, Run.topicName(runId)), "events");
      // A subscriber of its own: until the receptionist lists the watchers' topics (a moment,
      // even on one node) the topic passes events to its local subscribers only, and with none
      // it would drop them to dead letters. The watchers catch up on what they missed.
      topic.tell(Topic.subscribe(context.getSystem().ignoreRef()));
    }
    return topic;
  }

  private RunReport starting(State state) {
    return RunReport.starting(runId, state.accepted().trace(), state.accepted().spec())
        .attempt(state.attempts());
  }

  /**
   * Gives {@code tell} the report of the run as it ended: this incarnation's, or, in one that
   * recovered an ended run, the table's. Its journal keeps only the brief report (no customers,
   * events or messages), and a report must never go backwards: a lookup that reached the entity
   * just as it stopped, and woke it, was answered without its customers. The table has the
   * whole report from before (unless it expired: then the brief). {@code tell} may run on
   * another thread, so it only tells.
   */
  private void tellEnded(State state, Consumer<RunReport> tell) {
    if (finalReport != null) {
      tell.accept(finalReport);
      return;
    }
    RunReport brief = state.ended();
    home.table().find(runId).whenComplete((lookup, failure) -> tell.accept(
        lookup instanceof RunLookup.Found found ? found.report() : brief));
  }

  private RunReport reportOf(State state) {
    return finalReport != null ? finalReport
        : state.ended() != null ? state.ended() : starting(state);
  }
}
