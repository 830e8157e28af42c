package cafesim.cafe;

import java.time.Duration;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * A run's clock. Every wait of a run's actors (a barista's alarm, the cafe's patience, the
 * run's doorbell) and every message between them goes through it, never straight to Pekko's
 * timers, so a run behaves the same on either clock:
 *
 * <ul>
 *   <li>{@link #REALTIME}: the demonstration. A wait is a Pekko timer for the instant's place on
 *       the run's timeline; a message is a tell.
 *   <li>{@link VirtualClock}: the answer. The run's time is its own: it jumps to the next
 *       instant anything waits for as soon as every message of the current one is handled.
 * </ul>
 */
public sealed interface RunClock permits RunClock.Realtime, VirtualClock.Clock {

  /**
   * Within one instant, what is woken first. A virtual clock wakes each phase only once every
   * message of the one before it is handled, so a barista free at an instant is free before
   * the cafe settles who makes what, and a start at an instant comes before a patience that
   * runs out at it.
   */
  enum Phase {
    /** Arrivals and the baristas' steps. */
    NOW,
    /** The cafe hands out the instant's orders to its free baristas, in a fixed order. */
    SETTLE,
    /** Patience that runs out at this instant. */
    PATIENCE
  }

  /** The clock of a run on the wall clock's time. */
  RunClock REALTIME = new Realtime();

  /** Sends {@code message}: counted by a virtual clock until its receiver has handled it. */
  <T> void tell(ActorRef<T> to, T message);

  /**
   * Wakes {@code self} with {@code message} at simulated instant {@code at} (in its phase),
   * in place of whatever it set under {@code key} before.
   *
   * @param realtimeHold on the wall clock, how much later than the instant to wake: a message
   *     of that instant may still be on its way (a virtual clock knows when it is not)
   */
  <T> void wakeAt(TimerScheduler<T> timers, ActorRef<T> self, Object key, T message,
      Timeline timeline, double at, Phase phase, Duration realtimeHold);

  <T> void cancel(TimerScheduler<T> timers, ActorRef<T> self, Object key);

  /**
   * The behaviour of one of the run's actors, with its handled messages counted ({@code counts}
   * says which: those sent through {@link #tell} or woken by {@link #wakeAt}).
   */
  <T> Behavior<T> counting(Behavior<T> behavior, Predicate<Object> counts);

  /**
   * {@code customers} are on their way in: each counts as a message in flight until the cafe
   * has its {@code Arrive} ({@link #arrived}), so no time passes before they are in line.
   */
  void expect(int customers);

  /** A customer expected is in line. */
  void arrived();

  /** Whether the run's time is its own. */
  boolean virtual();

  /** The instant it is now on the run's clock. */
  double now(Timeline timeline);

  /** The wall clock's run: Pekko timers and plain tells. */
  final class Realtime implements RunClock {
    private Realtime() {}

    @Override
    public <T> void tell(ActorRef<T> to, T message) {
      to.tell(message);
    }

    @Override
    public <T> void wakeAt(TimerScheduler<T> timers, ActorRef<T> self, Object key, T message,
        Timeline timeline, double at, Phase phase, Duration realtimeHold) {
      timers.startSingleTimer(key, message, timeline.until(at, realtimeHold));
    }

    @Override
    public <T> void cancel(TimerScheduler<T> timers, ActorRef<T> self, Object key) {
      timers.cancel(key);
    }

    @Override
    public <T> Behavior<T> counting(Behavior<T> behavior, Predicate<Object> counts) {
      return behavior;
    }

    @Override
    public void expect(int customers) {}

    @Override
    public void arrived() {}

    @Override
    public boolean virtual() {
      return false;
    }

    @Override
    public double now(Timeline timeline) {
      return timeline.elapsedSeconds();
    }
  }
}
