package cafesim.bench;

import cafesim.CborSerializable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
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
 *
 * <p>With {@code eventsPerEntity} above zero, a writer stops after that many events and a new
 * one, of a new persistence id, takes its place: it recovers first (the journal is asked for
 * its events and highest sequence number), as each run's new entity does. A run journals 4
 * events, so 4 gives the journal's own rate of runs.
 */
public final class JournalRate {

  private JournalRate() {}

  /** What one measurement saw: events written in {@code seconds}, by all the writers. */
  public record Measured(int writers, long events, long entities, double seconds) {
    public double perSecond() {
      return events / seconds;
    }
  }

  /** Written by a writer: its {@code n}-th event. */
  public record Written(long n) implements CborSerializable {}

  private enum Write { NEXT }

  /** The writer of that slot has written its events and stopped. */
  private record Done(int slot) {}

  /**
   * Starts the writers on {@code system} (whose journal is configured), lets them write for
   * {@code warmup} from the first event stored, then counts what they write in
   * {@code measured}. The caller's thread waits (a command line's, not an actor's).
   */
  public static Measured measure(ActorSystem<Void> system, int writers, int eventsPerEntity,
      Duration warmup, Duration measured) throws InterruptedException {
    SchemaUtils.createIfNotExists(system).toCompletableFuture().join();
    AtomicLong written = new AtomicLong();
    CompletableFuture<Void> firstStored = new CompletableFuture<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    String run = Long.toHexString(System.nanoTime());
    CompletableFuture<Void> started = new CompletableFuture<>();
    AtomicLong entities = new AtomicLong();
    system.systemActorOf(Behaviors.<Done>setup(context -> {
      var next = new AtomicLong();
      IntConsumer spawn = slot -> {
        long n = next.getAndIncrement();
        var writer = context.spawn(writer(PersistenceId.of("journal-rate", run + "-" + n),
            eventsPerEntity, written, firstStored, writing), "writer-" + n);
        context.watchWith(writer, new Done(slot));
        entities.incrementAndGet();
        writer.tell(Write.NEXT);
      };
      for (int i = 0; i < writers; i++) {
        spawn.accept(i);
      }
      started.complete(null);
      return Behaviors.receive(Done.class)
          .onMessage(Done.class, done -> {
            if (writing.get()) {
              spawn.accept(done.slot());
            }
            return Behaviors.same();
          })
          .build();
    }), "journal-rate-" + run, org.apache.pekko.actor.typed.Props.empty());
    started.join();
    // The journal's own start (its pool, its first statements, their classes) is not its rate:
    // warm-up and window begin once it has stored something. Under load that took over a second.
    try {
      firstStored.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException nothing) {
      writing.set(false);
      throw new IllegalStateException("the journal stored no event in 60 s", nothing);
    }
    Thread.sleep(warmup.toMillis());
    long from = written.get();
    long fromEntities = entities.get();
    long start = System.nanoTime();
    Thread.sleep(measured.toMillis());
    long events = written.get() - from;
    long newEntities = entities.get() - fromEntities;
    double seconds = (System.nanoTime() - start) / 1e9;
    // Let the last writes land before the system (and its connection pool) goes.
    writing.set(false);
    Thread.sleep(500);
    return new Measured(writers, events, newEntities, seconds);
  }

  private static Behavior<Write> writer(PersistenceId id, int events, AtomicLong written,
      CompletableFuture<Void> firstStored, AtomicBoolean writing) {
    return Behaviors.setup(context -> new Writer(id, events, context.getSelf(), written,
        firstStored, writing));
  }

  /**
   * Writes its next event as soon as the last one is in the journal, while writing; stops
   * after {@code events} of them (0: never).
   */
  private static final class Writer extends EventSourcedBehavior<Write, Written, Long> {
    private final int events;
    private final ActorRef<Write> self;
    private final AtomicLong written;
    private final CompletableFuture<Void> firstStored;
    private final AtomicBoolean writing;

    Writer(PersistenceId id, int events, ActorRef<Write> self, AtomicLong written,
        CompletableFuture<Void> firstStored, AtomicBoolean writing) {
      super(id);
      this.events = events;
      this.self = self;
      this.written = written;
      this.firstStored = firstStored;
      this.writing = writing;
    }

    @Override
    public Long emptyState() {
      return 0L;
    }

    @Override
    public CommandHandler<Write, Written, Long> commandHandler() {
      return newCommandHandlerBuilder().forAnyState()
          .onCommand(Write.class, (state, next) -> events > 0 && state >= events
              ? Effect().stop()
              : Effect().persist(new Written(state + 1)).thenRun(after -> {
                if (written.incrementAndGet() == 1) {
                  firstStored.complete(null);
                }
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
