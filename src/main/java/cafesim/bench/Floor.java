package cafesim.bench;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The engine's floor for a crowd: N bare typed actors, spawned under {@link #PARENTS} parents,
 * each waiting once for a scheduled message and then stopping. Nothing of cafesim is in it (no
 * cafe, no run, no journal), so a crowd's figure printed beside it shows what cafesim itself
 * costs. One actor system per measurement, on Pekko's default settings (a local provider, the
 * default dispatcher), created outside the timing.
 *
 * <p>Each actor has a timer of its own ({@link Timers#EACH}, the floor), or its parent
 * keeps one for all its children and wakes them with a message ({@link Timers#PARENT}): as a
 * crowd's customers wait, on their barista's one alarm.
 */
public final class Floor {

  /** The actors are spread over this many parents, so their creation runs on every core. */
  public static final int PARENTS = 1000;

  private enum Wake { INSTANCE }

  /** Who keeps the timers: each actor one, or each parent one for its children. */
  public enum Timers { EACH, PARENT }

  private enum Start { INSTANCE }

  /** What one measurement saw: all spawned, and the last one woken, from the first spawn. */
  public record Measured(double spawnSeconds, double wallSeconds) {}

  private Floor() {}

  public static Measured measure(int actors, Duration wait, Timers timers)
      throws InterruptedException {
    CountDownLatch spawned = new CountDownLatch(actors);
    CountDownLatch woken = new CountDownLatch(actors);
    // The system is up before the clock starts; the parents are spawned at the starting shot.
    ActorSystem<Start> system = ActorSystem.create(Behaviors.setup(context ->
        Behaviors.receive(Start.class)
            .onMessage(Start.class, start -> {
              for (int p = 0; p < PARENTS; p++) {
                int children = actors / PARENTS + (p < actors % PARENTS ? 1 : 0);
                if (timers == Timers.EACH) {
                  context.spawn(parent(children, wait, spawned, woken), "parent-" + p);
                } else {
                  context.spawn(alarmedParent(children, wait, spawned, woken), "parent-" + p);
                }
              }
              return Behaviors.same();
            })
            .build()), "floor", ConfigFactory.defaultReference());
    try {
      long start = System.nanoTime();
      system.tell(Start.INSTANCE);
      spawned.await();
      long allSpawned = System.nanoTime();
      woken.await();
      long end = System.nanoTime();
      return new Measured((allSpawned - start) / 1e9, (end - start) / 1e9);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  private static Behavior<Void> parent(int children, Duration wait, CountDownLatch spawned,
      CountDownLatch woken) {
    return Behaviors.setup(context -> {
      for (int i = 0; i < children; i++) {
        context.spawnAnonymous(waiter(wait, spawned, woken));
      }
      return Behaviors.empty();
    });
  }

  /** Children woken by one timer of their parent's: one message each, from the parent. */
  private static Behavior<Wake> alarmedParent(int children, Duration wait,
      CountDownLatch spawned, CountDownLatch woken) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      List<ActorRef<Wake>> waiting = new ArrayList<>(children);
      for (int i = 0; i < children; i++) {
        waiting.add(context.spawnAnonymous(woken(spawned, woken)));
      }
      timers.startSingleTimer(Wake.INSTANCE, wait);
      return Behaviors.receive(Wake.class)
          .onMessage(Wake.class, ring -> {
            waiting.forEach(child -> child.tell(Wake.INSTANCE));
            return Behaviors.empty();
          })
          .build();
    }));
  }

  /** An actor with no timer: it waits for its parent's message. */
  private static Behavior<Wake> woken(CountDownLatch spawned, CountDownLatch woken) {
    return Behaviors.setup(context -> {
      spawned.countDown();
      return untilWoken(woken);
    });
  }

  /** One customer's worth of the engine: an actor, one timer, one message, gone. */
  private static Behavior<Wake> waiter(Duration wait, CountDownLatch spawned,
      CountDownLatch woken) {
    return Behaviors.withTimers(timers -> {
      timers.startSingleTimer(Wake.INSTANCE, wait);
      spawned.countDown();
      return untilWoken(woken);
    });
  }

  /** Counted as woken at its first message, and gone. */
  private static Behavior<Wake> untilWoken(CountDownLatch woken) {
    return Behaviors.receive(Wake.class)
        .onMessage(Wake.class, wake -> {
          woken.countDown();
          return Behaviors.stopped();
        })
        .build();
  }
}
