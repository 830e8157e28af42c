package cafesim.bench;

import cafesim.CborSerializable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * The journal alone: {@code writers} event-sourced actors, each persisting one small event
 * after another (the next once the last is written, as a run's entity does), on the service's
 * own journal configuration (H2 or PostgreSQL). Nothing of a run is in it, so its events a
 * second are what the journal allows the runs.
 */
public final class JournalRate {

  private JournalRate() {}

  /** What one measurement saw: events written in {@code seconds}, by all the writers. */
  public record Measured(int writers, long events, double seconds) {
    public double perSecond() {
      return events / seconds;
    }
  }

  /** Written by a writer: its {@code n}-th event. */
  public record Written(long n) implements CborSerializable {}

  private enum Write { NEXT }

  /**
   * Starts the writers on {@code system} (whose journal is configured), lets them write for
   * {@code warmup}, then counts what they write in {@code measured}. The caller's thread waits
   * (a command line's, not an actor's).
   */
  public static Measured measure(ActorSystem<Void> system, int writers, Duration warmup,
      Duration measured) throws InterruptedException {
    SchemaUtils.createIfNotExists(system).toCompletableFuture().join();
    AtomicLong written = new AtomicLong();
    AtomicBoolean writing = new AtomicBoolean(true);
    String run = Long.toHexString(System.nanoTime());
    CompletableFuture<Void> started = new CompletableFuture<>();
    system.systemActorOf(Behaviors.<Void>setup(context -> {
      for (int i = 0; i < writers; i++) {
        context.spawn(writer(PersistenceId.of("journal-rate", run + "-" + i), written, writing),
            "writer-" + i).tell(Write.NEXT);
      }
      started.complete(null);
      return Behaviors.empty();
    }), "journal-rate-" + run, org.apache.pekko.actor.typed.Props.empty());
    started.join();
    Thread.sleep(warmup.toMillis());
    long from = written.get();
    long start = System.nanoTime();
    Thread.sleep(measured.toMillis());
    long events = written.get() - from;
    double seconds = (System.nanoTime() - start) / 1e9;
    // Let the last writes land before the system (and its connection pool) goes.
    writing.set(false);
    Thread.sleep(500);
    return new Measured(writers, events, seconds);
  }

  private static Behavior<Write> writer(PersistenceId id, AtomicLong written,
      AtomicBoolean writing) {
    return Behaviors.setup(context -> new Writer(id, context.getSelf(), written, writing));
  }

  /** Writes its next event as soon as the last one is in the journal, while writing. */
  private static final class Writer extends EventSourcedBehavior<Write, Written, Long> {
    private final ActorRef<Write> self;
    private final AtomicLong written;
    private final AtomicBoolean writing;

    Writer(PersistenceId id, ActorRef<Write> self, AtomicLong written, AtomicBoolean writing) {
      super(id);
      this.self = self;
      this.written = written;
      this.writing = writing;
    }

    @Override
    public Long emptyState() {
      return 0L;
    }

    @Override
    public CommandHandler<Write, Written, Long> commandHandler() {
      return newCommandHandlerBuilder().forAnyState()
          .onCommand(Write.class, (state, next) -> Effect().persist(new Written(state + 1))
              .thenRun(after -> {
                written.incrementAndGet();
                if (writing.get()) {
                  self.tell(Write.NEXT);
                }
              }))
          .build();
    }

    @Override
    public EventHandler<Long, Written> eventHandler() {
      return newEventHandlerBuilder().forAnyState()
          .onEvent(Written.class, (state, event) -> event.n())
          .build();
    }
  }
}
