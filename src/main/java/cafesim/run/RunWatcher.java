package cafesim.run;

import cafesim.cafe.CafeEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * One client watching one run, on the node that client asked (a stream's own actor, like the
 * IoT tutorial's per-request query): the run's events in order, from where the client left
 * off, as they happen, then the final report. Wherever the run plays, its events reach this
 * node on the run's {@link Topic}; a topic is quick but promises nothing (a watcher is listed
 * a moment after it subscribes, a message may be lost), so the watcher numbers what it hears
 * and catches up from the run's entity on any gap, and now and then in case the end was lost.
 * A run that ended is read from the {@link RunTable}.
 *
 * <p>The client sets the pace: one update at a time, the next when the stream acknowledges
 * ({@code ActorSource.actorRefWithBackpressure}). What the run makes meanwhile waits here, up
 * to {@link #BUFFER} updates; what comes beyond is let go and fetched again from the entity, a
 * page at a time, as the client reads (a run on its own clock lets all its events out at its
 * end, at once). A client that reads nothing for {@link #STALLED} while that much waits gets
 * {@link Overflow} and is closed: a slow client never slows the run, nor holds its memory.
 */
public final class RunWatcher {

  /** What the client gets, in order; {@link Close} ends the stream and is not passed on. */
  public sealed interface Update {}

  /** The {@code seq}-th event (from 1) of the run's {@code attempt}-th play. */
  public record Event(int attempt, int seq, CafeEvent event) implements Update {}

  /** The run started over (it was resumed): what follows is its {@code attempt}-th play. */
  public record Restarted(int attempt) implements Update {}

  /** The run has ended: its final report. Nothing follows. */
  public record Report(RunReport report) implements Update {}

  /** The client read nothing while {@code buffer} updates waited for it: it is closed. */
  public record Overflow(int buffer) implements Update {}

  public enum Close implements Update { INSTANCE }

  public sealed interface Command {}

  /** The stream to feed: the watcher starts once it has one. */
  public record Attach(ActorRef<Update> client) implements Command {}

  /** The stream has passed the last update on: the next may go. */
  public enum Acked implements Command { INSTANCE }

  private record Heard(Run.Streamed item) implements Command {}

  /** A catch-up's answer; null if the entity did not answer in time. */
  private record CaughtUp(Run.Backlog backlog) implements Command {}

  /** The run table's answer about a run no play answers for; null if it failed. */
  private record Looked(RunLookup lookup) implements Command {}

  private enum Check implements Command { INSTANCE }

  private enum ClientGone implements Command { INSTANCE }

  private enum Done implements Command { INSTANCE }

  /** The client has read nothing for {@link #STALLED} with a full buffer. */
  private enum Stalled implements Command { INSTANCE }

  /** Updates that wait for a client here; beyond, they are fetched again as it reads. */
  public static final int BUFFER = 1024;
  /** How long a client may read nothing while the buffer is full before it is closed. */
  static final Duration STALLED = Duration.ofSeconds(10);
  /** Events asked of the entity at once: a page fits in one remote message. */
  static final int PAGE = 256;
  /** How often to catch up before the topic has been heard from: it lists us in a moment. */
  static final Duration CHECK_UNTIL_HEARD = Duration.ofMillis(250);
  /** How often to catch up once it has: only a lost message makes this find anything. */
  static final Duration CHECK = Duration.ofSeconds(2);
  /**
   * How long a watcher that is done stays, unsubscribed: until every node's topic has heard it
   * left, so nothing is published to a topic that has stopped.
   */
  static final Duration LINGER = Duration.ofSeconds(5);
  /** A stream never run (its request failed first) leaves no watcher behind. */
  static final Duration ATTACH_WITHIN = Duration.ofSeconds(10);

  /**
   * @param attempt the play the client last saw (1 if none)
   * @param after the events of that play it has seen
   * @param entity the run's entity, wherever it lives
   * @param askTimeout how long the entity gets to answer a catch-up
   */
  public static Behavior<Command> create(String runId, int attempt, int after,
      RecipientRef<RunEntity.Command> entity, RunTable table, Duration askTimeout) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startSingleTimer(Done.INSTANCE, ATTACH_WITHIN);
      return Behaviors.receive(Command.class)
          .onMessage(Attach.class, attach -> {
            timers.cancel(Done.INSTANCE);
            return new Watching(context, timers, runId, attempt, after, entity, table,
                askTimeout, attach.client()).start();
          })
          .onMessage(Done.class, done -> Behaviors.stopped())
          .build();
    }));
  }

  /** What a client that starts after {@code after} events of play {@code attempt} gets. */
  public static List<Update> replay(RunReport report, int attempt, int after) {
    List<Update> updates = new ArrayList<>();
    int from = after;
    if (attempt != report.attempts()) {
      updates.add(new Restarted(report.attempts()));
      from = 0;
    }
    for (int i = Math.max(0, from); i < report.events().size(); i++) {
      updates.add(new Event(report.attempts(), i + 1, report.events().get(i)));
    }
    updates.add(new Report(report));
    return updates;
  }

  private RunWatcher() {}

  private static final class Watching {
    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final String runId;
    private final RecipientRef<RunEntity.Command> entity;
    private final RunTable table;
    private final Duration askTimeout;
    private final ActorRef<Update> client;
    private final ActorRef<Topic.Command<Run.Streamed>> topic;
    private final ActorRef<Run.Streamed> hearing;
    /** The play being streamed, and the seq of its next event the client is to get. */
    private int attempt;
    private int next;
    /** Updates waiting for the client. */
    private final Deque<Update> outbox = new ArrayDeque<>();
    /** Events heard ahead of {@link #next}: they wait for the gap to be filled. */
    private final TreeMap<Integer, Run.Released> ahead = new TreeMap<>();
    private boolean awaitingAck;
    private boolean asking;
    /** A catch-up is due once the client has read enough of what it has. */
    private boolean behind;
    private boolean heard;
    private boolean finished;
    /** Subscribed to the topic: told to unsubscribe once only (the receptionist insists). */
    private boolean subscribed;

    Watching(ActorContext<Command> context, TimerScheduler<Command> timers, String runId,
        int attempt, int after, RecipientRef<RunEntity.Command> entity, RunTable table,
        Duration askTimeout, ActorRef<Update> client) {
      this.context = context;
      this.timers = timers;
      this.runId = runId;
      this.attempt = attempt;
      this.next = after + 1;
      this.entity = entity;
      this.table = table;
      this.askTimeout = askTimeout;
      this.client = client;
      this.topic = context.spawn(Topic.create(Run.Streamed.class, Run.topicName(runId)),
          "topic");
      this.hearing = context.messageAdapter(Run.Streamed.class, Heard::new);
    }

    Behavior<Command> start() {
      context.watchWith(client, ClientGone.INSTANCE);
      // Subscribed before the first catch-up: whatever is published after it is heard, or
      // caught up on.
      topic.tell(Topic.subscribe(hearing));
      subscribed = true;
      catchUp();
      return watching();
    }

    private Behavior<Command> watching() {
      return Behaviors.receive(Command.class)
          .onMessage(Heard.class, h -> {
            heard = true;
            if (h.item() instanceof Run.Released released) {
              offer(released);
            } else {
              onEnded((Run.Ended) h.item());
            }
            return done();
          })
          .onMessage(CaughtUp.class, c -> {
            onCaughtUp(c.backlog());
            return done();
          })
          .onMessage(Looked.class, l -> {
            onLooked(l.lookup());
            return done();
          })
          .onMessage(Acked.class, ack -> {
            awaitingAck = false;
            timers.cancel(Stalled.INSTANCE);
            pump();
            if (behind && outbox.size() < BUFFER / 2) {
              catchUp();
            }
            return done();
          })
          .onMessage(Check.class, check -> {
            catchUp();
            return done();
          })
          .onMessage(Stalled.class, stalled -> {
            overflow();
            return done();
          })
          .onMessage(ClientGone.class, gone -> linger())
          .build();
    }

    /** Once the client has been told {@link Close}, the watcher goes. */
    private Behavior<Command> done() {
      return finished && outbox.isEmpty() && !awaitingAck ? linger() : Behaviors.same();
    }

    private void offer(Run.Released released) {
      if (finished || released.attempt() < attempt) {
        return;
      }
      if (released.attempt() > attempt) {
        restart(released.attempt());
      }
      if (released.seq() == next) {
        if (outbox.size() >= BUFFER) {
          // No room: it is fetched again once the client has read what waits.
          behind = true;
          return;
        }
        ahead.remove(next);
        send(new Event(attempt, next++, released.event()));
        while (outbox.size() < BUFFER && ahead.containsKey(next)) {
          send(new Event(attempt, next, ahead.remove(next).event()));
          next++;
        }
      } else if (released.seq() > next) {
        if (outbox.size() + ahead.size() >= BUFFER) {
          // Ahead of a gap with no room: fetched again when the gap is.
          behind = true;
          return;
        }
        ahead.put(released.seq(), released);
        catchUp();
      }
    }

    private void onEnded(Run.Ended ended) {
      if (finished || ended.attempt() < attempt) {
        return;
      }
      if (ended.attempt() == attempt && ended.events() < next) {
        finish(ended.report());
      } else {
        // Events of it were missed (or the play is one not seen yet): they are caught up on,
        // and the end comes with them.
        catchUp();
      }
    }

    private void onCaughtUp(Run.Backlog backlog) {
      asking = false;
      if (finished) {
        return;
      }
      if (backlog == null) {
        checkLater();
      } else if (!backlog.playing()) {
        context.pipeToSelf(table.find(runId), (lookup, failure) -> new Looked(lookup));
      } else {
        if (backlog.attempt() != attempt) {
          restart(backlog.attempt());
        }
        backlog.events().forEach(this::offer);
        boolean allTaken = backlog.events().isEmpty()
            || next > backlog.events().get(backlog.events().size() - 1).seq();
        if (backlog.ended() != null && allTaken) {
          finish(backlog.ended());
        } else if (backlog.more() || !allTaken) {
          catchUp();
        } else {
          checkLater();
        }
      }
    }

    /** No play answers for the run: it has ended (the table has it all), or is about to play. */
    private void onLooked(RunLookup lookup) {
      if (finished) {
        return;
      }
      if (lookup instanceof RunLookup.Found found && found.report().status().ended()) {
        RunReport report = found.report();
        if (report.attempts() != attempt) {
          restart(report.attempts());
        }
        // Offered as if heard: what does not fit is asked for again as the client reads.
        for (int seq = next; seq <= report.events().size(); seq++) {
          offer(new Run.Released(attempt, seq, report.events().get(seq - 1)));
        }
        if (next > report.events().size()) {
          finish(report);
        } else {
          // More than there was room for: the rest once the client has read some.
          catchUp();
        }
      } else if (lookup instanceof RunLookup.Missing missing) {
        // Gone, its trace id with it: the line carries the run's id.
        RunJournal.withIds(runId, null, () -> context.getLog().warn(
            "run {} is gone while watched: {}", runId, missing.reason()));
        send(Close.INSTANCE);
        finished = true;
      } else {
        checkLater();
      }
    }

    /** Asks the entity for what came after {@link #next}, unless the client is far behind. */
    private void catchUp() {
      if (asking || finished) {
        return;
      }
      if (outbox.size() >= BUFFER / 2) {
        behind = true;
        return;
      }
      behind = false;
      asking = true;
      timers.cancel(Check.INSTANCE);
      context.ask(Run.Backlog.class, entity, askTimeout,
          replyTo -> new RunEntity.CatchUp(attempt, next - 1, PAGE, replyTo),
          (backlog, silence) -> new CaughtUp(backlog));
    }

    private void checkLater() {
      timers.startSingleTimer(Check.INSTANCE, heard ? CHECK : CHECK_UNTIL_HEARD);
    }

    private void restart(int newAttempt) {
      attempt = newAttempt;
      next = 1;
      ahead.clear();
      send(new Restarted(newAttempt));
    }

    private void finish(RunReport report) {
      send(new Report(report));
      send(Close.INSTANCE);
      finished = true;
    }

    /** Stalled: what waits is dropped, the client hears why and is closed. */
    private void overflow() {
      unsubscribe();
      outbox.clear();
      ahead.clear();
      outbox.add(new Overflow(BUFFER));
      outbox.add(Close.INSTANCE);
      finished = true;
      pump();
    }

    private void send(Update update) {
      if (finished) {
        return;
      }
      outbox.add(update);
      if (outbox.size() >= BUFFER && awaitingAck) {
        // Waiting for a client that reads nothing: closed if it goes on like that.
        if (!timers.isTimerActive(Stalled.INSTANCE)) {
          timers.startSingleTimer(Stalled.INSTANCE, STALLED);
        }
      }
      pump();
    }

    private void unsubscribe() {
      if (subscribed) {
        subscribed = false;
        topic.tell(Topic.unsubscribe(hearing));
      }
    }

    private void pump() {
      if (awaitingAck || outbox.isEmpty()) {
        return;
      }
      Update update = outbox.poll();
      client.tell(update);
      awaitingAck = update != Close.INSTANCE;
    }

    /**
     * Unsubscribed, the watcher stays a moment so that what the topics still send it lands
     * here, not in dead letters; then it stops, its topic with it.
     */
    private Behavior<Command> linger() {
      unsubscribe();
      timers.cancelAll();
      timers.startSingleTimer(Done.INSTANCE, LINGER);
      return Behaviors.receive(Command.class)
          .onMessage(Done.class, d -> Behaviors.stopped())
          .onAnyMessage(ignored -> Behaviors.same())
          .build();
    }
  }
}
