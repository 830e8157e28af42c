package cafesim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cafesim.cafe.Mode;
import cafesim.testing.VirtualTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The floor under fidelity rings americano-latte's alarms where a run's timeline has them. */
class AlarmFloorTest {

  private static final ActorTestKit testKit = VirtualTime.testKit();
  private static final ManualTime time = ManualTime.get(testKit.system());

  /** How far the test's clock is ahead of the manual scheduler: a thread that ran late. */
  private final AtomicLong lateNanos = new AtomicLong();
  /**
   * Each reading of the clock, as the actor takes it: the test waits for them before moving time
   * on, or a timer set after the move would start late.
   */
  private final TestProbe<Long> readings = testKit.createTestProbe();
  private final LongSupplier clock = () -> {
    long now = VirtualTime.clock(testKit).getAsLong() + lateNanos.get();
    readings.getRef().tell(now);
    return now;
  };

  /** The actor has read the clock {@code times} times more: what it was asked is done. */
  private void read(int times) {
    for (int i = 0; i < times; i++) {
      readings.receiveMessage();
    }
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void atOnceTheLatteRingsAtFiveSecondsOfRunTime() {
    ActorRef<AlarmFloor.Command> alarms = testKit.spawn(AlarmFloor.create(clock));
    TestProbe<Double> measured = testKit.createTestProbe();
    alarms.tell(new AlarmFloor.Ring(Mode.ASYNC, 100, measured.getRef()));
    read(3); // the start, and both alarms set

    time.timePasses(Duration.ofMillis(49));
    measured.expectNoMessage(Duration.ofMillis(50));
    time.timePasses(Duration.ofMillis(1));
    assertEquals(5.0, measured.receiveMessage(), 1e-9);
    assertEquals(5.0, AlarmFloor.expectedSeconds(Mode.ASYNC));
  }

  @Test
  void oneAfterTheOtherTheLatteIsDueEightSecondsInHoweverLateTheAmericanoRang() {
    ActorRef<AlarmFloor.Command> alarms = testKit.spawn(AlarmFloor.create(clock));
    TestProbe<Double> measured = testKit.createTestProbe();
    alarms.tell(new AlarmFloor.Ring(Mode.SYNC, 100, measured.getRef()));
    read(2); // the start, and the americano's alarm set

    // The americano's ring is handled 2 ms after its 30: the latte is set for 48 ms, not 50.
    lateNanos.set(2_000_000);
    time.timePasses(Duration.ofMillis(30));
    read(1);
    time.timePasses(Duration.ofMillis(47));
    measured.expectNoMessage(Duration.ofMillis(50));
    time.timePasses(Duration.ofMillis(1));
    assertEquals(8.0, measured.receiveMessage(), 1e-9);
    assertEquals(8.0, AlarmFloor.expectedSeconds(Mode.SYNC));
  }

  @Test
  void itRingsAgainWhenAskedAgain() {
    ActorRef<AlarmFloor.Command> alarms = testKit.spawn(AlarmFloor.create(clock));
    TestProbe<Double> measured = testKit.createTestProbe();
    for (int i = 0; i < 2; i++) {
      alarms.tell(new AlarmFloor.Ring(Mode.ASYNC, 1000, measured.getRef()));
      read(3);
      time.timePasses(Duration.ofMillis(5));
      assertEquals(5.0, measured.receiveMessage(), 1e-9);
      read(1); // the latte's ring
    }
    measured.expectNoMessage(Duration.ofMillis(50));
  }
}
