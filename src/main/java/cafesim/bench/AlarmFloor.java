package cafesim.bench;

import cafesim.cafe.Mode;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The floor under fidelity: one bare actor on the cafe's dispatcher sets the alarms of
 * americano-latte (3 s and 5 s of the run's time, at once or one after the other) on the
 * scheduler of the actor system it runs in, and nothing else happens: no barista, cafe,
 * customer or run, no log line. How late its last alarm rings, measured as fidelity measures a
 * run, is what the machine, the JVM and the timers leave before cafesim does any work.
 *
 * <p>Its deadlines are absolute, from the moment it was asked, as a run's are: the latte of a
 * sync set rings at 8 s of run time however late the americano was.
 */
public final class AlarmFloor {

  /** The protocol: ring americano-latte's alarms once, and say how long it took. */
  public sealed interface Command {}

  /**
   * Set the alarms at {@code speed} (100: the 5 s latte rings 50 ms after) and answer with the
   * run-time seconds from this message to the last ring.
   */
  public record Ring(Mode mode, double speed, ActorRef<Double> replyTo) implements Command {}

  private record Rang(Drink drink) implements Command {}

  private enum Drink { AMERICANO, LATTE }

  private static final double AMERICANO_SECONDS = 3;
  private static final double LATTE_SECONDS = 5;

  private AlarmFloor() {}

  /** The total americano-latte should take in {@code mode}, in run seconds. */
  public static double expectedSeconds(Mode mode) {
    return mode == Mode.ASYNC ? LATTE_SECONDS : AMERICANO_SECONDS + LATTE_SECONDS;
  }

  /** On the wall clock ({@code System::nanoTime}), as a run's timeline is. */
  public static Behavior<Command> create() {
    return create(System::nanoTime);
  }

  /** {@code clock}: nanoseconds from any origin; a test's own, to see when each alarm is set. */
  public static Behavior<Command> create(LongSupplier clock) {
    return Behaviors.withTimers(timers -> idle(timers, clock));
  }

  private static Behavior<Command> idle(TimerScheduler<Command> timers, LongSupplier clock) {
    return Behaviors.receive(Command.class)
        .onMessage(Ring.class, ring -> {
          long start = clock.getAsLong();
          set(timers, clock, Drink.AMERICANO, start, AMERICANO_SECONDS, ring.speed());
          if (ring.mode() == Mode.ASYNC) {
            set(timers, clock, Drink.LATTE, start, LATTE_SECONDS, ring.speed());
          }
          return ringing(timers, clock, ring, start);
        })
        .build();
  }

  private static Behavior<Command> ringing(TimerScheduler<Command> timers, LongSupplier clock,
      Ring ring, long start) {
    return Behaviors.receive(Command.class)
        .onMessage(Rang.class, rang -> rang.drink() == Drink.AMERICANO
            && ring.mode() == Mode.SYNC, rang -> {
          // One after the other: the latte is due 8 s in, on the same timeline.
          set(timers, clock, Drink.LATTE, start, expectedSeconds(Mode.SYNC), ring.speed());
          return Behaviors.same();
        })
        .onMessage(Rang.class, rang -> rang.drink() == Drink.LATTE, rang -> {
          ring.replyTo().tell((clock.getAsLong() - start) / 1e9 * ring.speed());
          return idle(timers, clock);
        })
        .onMessage(Rang.class, rang -> Behaviors.same())
        .build();
  }

  /** An alarm for {@code runSeconds} after {@code start} at {@code speed}; at once if past. */
  private static void set(TimerScheduler<Command> timers, LongSupplier clock, Drink drink,
      long start, double runSeconds, double speed) {
    long due = start + Math.round(runSeconds / speed * 1e9);
    timers.startSingleTimer(drink, new Rang(drink),
        Duration.ofNanos(Math.max(0, due - clock.getAsLong())));
  }
}
