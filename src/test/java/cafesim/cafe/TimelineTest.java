package cafesim.cafe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimelineTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void deadlinesAreAbsoluteSoALateTimerShortensTheNextWait() {
    Timeline timeline = Timeline.startingNow(10, now::get);
    assertEquals(Duration.ofMillis(300), timeline.until(3.0));
    // The 3 s timer fires 4 ms late; the next drink, due at 5 s, waits 4 ms less.
    now.addAndGet(Duration.ofMillis(304).toNanos());
    assertEquals(Duration.ofMillis(196), timeline.until(5.0));
  }

  @Test
  void aDeadlineInThePastIsDueNow() {
    Timeline timeline = Timeline.startingNow(1, now::get);
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertEquals(Duration.ZERO, timeline.until(1.0));
  }

  @Test
  void elapsedIsWallTimeTimesSpeed() {
    Timeline timeline = Timeline.startingNow(100, now::get);
    now.addAndGet(Duration.ofMillis(50).toNanos());
    assertEquals(0.05, timeline.wallSeconds(), 1e-12);
    assertEquals(5.0, timeline.elapsedSeconds(), 1e-9);
  }
}
