package cafesim.cafe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * A run's own time: it stands still while the run's actors have messages to handle, and
 * jumps to the next instant anything waits for as soon as they have none.
 *
 * <p>The {@link Clock} counts the run's messages in flight: one more for each sent through it
 * (or woken by it), one less when its receiver has handled it (an interceptor around each of
 * the run's actors). When the count falls to nothing, the receiver that handled the last one
 * has returned, and the clock at once wakes whatever waits for the earliest instant and phase
 * ({@link RunClock.Phase}), all of them together: a tell to each, on the thread that saw the
 * count fall. (It used to tell an actor of its own to do that: one more message and hand-off
 * at every instant and phase, for nothing the count does not already say.) Nothing of an
 * instant is left when the next begins, and within an instant the phases come in order, so the
 * run's events are the same whatever the machine's load. No wall clock is read: a day of cafe
 * takes as long as its messages do.
 */
public final class VirtualClock {

  private VirtualClock() {}

  /** Starts a virtual clock for the run whose context this is. */
  public static Clock start(ActorContext<?> context) {
    return new Clock(context.getSystem().ignoreRef());
  }

  /** What wakes whom when: earliest instant first, then phase, then in the order set. */
  private record Wake(double at, RunClock.Phase phase, long seq, Key key, Object message)
      implements Comparable<Wake> {
    @Override
    public int compareTo(Wake other) {
      int byTime = Double.compare(at, other.at);
      if (byTime != 0) {
        return byTime;
      }
      int byPhase = phase.compareTo(other.phase);
      return byPhase != 0 ? byPhase : Long.compare(seq, other.seq);
    }
  }

  private record Key(ActorRef<?> target, Object key) {}

  /** The run's side of the clock: what its actors call. */
  public static final class Clock implements RunClock {
    private final AtomicLong inFlight = new AtomicLong();
    private final PriorityQueue<Wake> waiting = new PriorityQueue<>();
    private final Map<Key, Wake> byKey = new HashMap<>();
    private long seq;
    private volatile long nowNanos;
    /** The instant woken last, exactly. */
    private volatile double now;
    /**
     * Where a run that keeps no record sends it: nobody handles that, so it is not counted.
     * The system's ignoreRef, one instance (the system caches it): compared by identity.
     */
    private final ActorRef<?> nowhere;

    private Clock(ActorRef<?> nowhere) {
      this.nowhere = nowhere;
    }

    /** The run's time, in nanoseconds from its start: a timeline's clock. */
    public LongSupplier nanos() {
      return () -> nowNanos;
    }

    /** Looks for the next instant, once nothing is in flight (after the run has set up). */
    public void kick() {
      advance();
    }

    @Override
    public <T> void tell(ActorRef<T> to, T message) {
      if (to != nowhere) {
        inFlight.incrementAndGet();
      }
      to.tell(message);
    }

    @Override
    public synchronized <T> void wakeAt(TimerScheduler<T> timers, ActorRef<T> self, Object key,
        T message, Timeline timeline, double at, Phase phase, Duration realtimeHold) {
      Key k = new Key(self, key);
      Wake replaced = byKey.remove(k);
      if (replaced != null) {
        waiting.remove(replaced);
      }
      Wake wake = new Wake(at, phase, seq++, k, message);
      waiting.add(wake);
      byKey.put(k, wake);
    }

    @Override
    public synchronized <T> void cancel(TimerScheduler<T> timers, ActorRef<T> self, Object key) {
      Wake cancelled = byKey.remove(new Key(self, key));
      if (cancelled != null) {
        waiting.remove(cancelled);
      }
    }

    @Override
    public <T> Behavior<T> counting(Behavior<T> behavior, Predicate<Object> counts) {
      return Behaviors.intercept(() -> new Counting<>(this, counts), behavior);
    }

    @Override
    public void expect(int customers) {
      inFlight.addAndGet(customers);
    }

    @Override
    public void arrived() {
      handled();
    }

    @Override
    public boolean virtual() {
      return true;
    }

    @Override
    public double now(Timeline timeline) {
      return now;
    }

    void handled() {
      if (inFlight.decrementAndGet() == 0) {
        advance();
      }
    }

    /** Wakes all that wait for the earliest instant and phase, if nothing is in flight. */
    void advance() {
      Wake first;
      // Most instants and phases wake one actor: a list only for the others.
      List<Wake> others = null;
      synchronized (this) {
        first = waiting.peek();
        if (inFlight.get() != 0 || first == null) {
          return;
        }
        waiting.poll();
        byKey.remove(first.key());
        while (!waiting.isEmpty() && waiting.peek().at() == first.at()
            && waiting.peek().phase() == first.phase()) {
          Wake wake = waiting.poll();
          byKey.remove(wake.key());
          if (others == null) {
            others = new ArrayList<>();
          }
          others.add(wake);
        }
        now = Math.max(now, first.at());
        nowNanos = Math.max(nowNanos, Math.round(first.at() * 1e9));
        inFlight.addAndGet(1 + (others == null ? 0 : others.size()));
      }
      wake(first);
      if (others != null) {
        others.forEach(Clock::wake);
      }
    }

    @SuppressWarnings("unchecked")
    private static void wake(Wake wake) {
      ((ActorRef<Object>) wake.key().target()).tell(wake.message());
    }
  }

  /** Counts a message handled once its receiver is done with it, whatever happened. */
  private static final class Counting<T> extends BehaviorInterceptor<T, T> {
    private final Clock clock;
    private final Predicate<Object> counts;

    @SuppressWarnings("unchecked")
    Counting(Clock clock, Predicate<Object> counts) {
      // Every message: the run's actors' protocols are theirs, the counting is the same.
      super((Class<T>) (Class<?>) Object.class);
      this.clock = clock;
      this.counts = counts;
    }

    @Override
    public Behavior<T> aroundReceive(TypedActorContext<T> context, T message,
        ReceiveTarget<T> target) {
      try {
        return target.apply(context, message);
      } finally {
        if (counts.test(message)) {
          clock.handled();
        }
      }
    }
  }
}
