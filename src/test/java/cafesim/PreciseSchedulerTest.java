package cafesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.Scheduler;
import org.apache.pekko.actor.SchedulerTask;
import org.apache.pekko.event.LoggingAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scala.concurrent.ExecutionContext;
import scala.concurrent.duration.FiniteDuration;

/**
 * PreciseScheduler keeps Pekko's {@link Scheduler} contract. Waits are latches with generous
 * bounds, not timing assertions; the few sleeps only give a wrong run the chance to show.
 */
class PreciseSchedulerTest {

  /** Runs each task on the timer thread itself: firings are then ordered and easy to drain. */
  private static final ExecutionContext SAME_THREAD = ExecutionContext.fromExecutor(Runnable::run);
  private static final ExecutionContext POOL = ExecutionContext.global();
  private static final FiniteDuration AN_HOUR = FiniteDuration.apply(1, TimeUnit.HOURS);

  private final RecordingLog log = new RecordingLog();
  private final PreciseScheduler scheduler =
      new PreciseScheduler(ConfigFactory.defaultReference(), log, Thread::new);

  @AfterEach
  void close() {
    scheduler.close();
  }

  private static FiniteDuration millis(long ms) {
    return FiniteDuration.apply(ms, TimeUnit.MILLISECONDS);
  }

  private static FiniteDuration micros(long us) {
    return FiniteDuration.apply(us, TimeUnit.MICROSECONDS);
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    assertTrue(latch.await(30, TimeUnit.SECONDS), "timed out waiting for " + what);
  }

  // (1) close()

  @Test
  void closeRunsOnlyTaskRunOnCloseTasksOnTheClosingThread() {
    AtomicInteger plain = new AtomicInteger();
    AtomicInteger onClose = new AtomicInteger();
    AtomicInteger repeatingOnClose = new AtomicInteger();
    AtomicInteger cancelledOnClose = new AtomicInteger();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    scheduler.scheduleOnce(AN_HOUR, plain::incrementAndGet, POOL);
    scheduler.scheduleOnce(AN_HOUR, (Scheduler.TaskRunOnClose) () -> {
      onClose.incrementAndGet();
      ranOn.set(Thread.currentThread());
    }, POOL);
    // Pekko runs only once-tasks on close: a repeating one is dropped like any other.
    scheduler.scheduleAtFixedRate(AN_HOUR, AN_HOUR,
        (Scheduler.TaskRunOnClose) repeatingOnClose::incrementAndGet, POOL);
    assertTrue(scheduler.scheduleOnce(AN_HOUR,
        (Scheduler.TaskRunOnClose) cancelledOnClose::incrementAndGet, POOL).cancel());

    scheduler.close();

    assertEquals(0, plain.get(), "a plain task due in an hour must be dropped, not run");
    assertEquals(1, onClose.get());
    assertSame(Thread.currentThread(), ranOn.get());
    assertEquals(0, repeatingOnClose.get());
    assertEquals(0, cancelledOnClose.get());
    scheduler.close(); // a second close does nothing
    assertEquals(1, onClose.get());
  }

  @Test
  void aTaskRunOnCloseThatFailsIsLoggedAndTheOthersStillRun() {
    AtomicInteger ran = new AtomicInteger();
    for (int i = 0; i < 3; i++) {
      int n = i;
      scheduler.scheduleOnce(AN_HOUR, (Scheduler.TaskRunOnClose) () -> {
        ran.incrementAndGet();
        if (n == 1) {
          throw new IllegalStateException("boom on close");
        }
      }, POOL);
    }
    scheduler.close();
    assertEquals(3, ran.get());
    assertEquals(List.of("boom on close"), log.errorCauses());
  }

  @Test
  void aTaskRunOnCloseThatAlreadyFiredIsNotRunAgainOnClose() throws InterruptedException {
    AtomicInteger ran = new AtomicInteger();
    CountDownLatch fired = new CountDownLatch(1);
    scheduler.scheduleOnce(millis(1), (Scheduler.TaskRunOnClose) () -> {
      ran.incrementAndGet();
      fired.countDown();
    }, SAME_THREAD);
    await(fired, "the task");
    scheduler.close();
    assertEquals(1, ran.get());
  }

  // (2) cancel()

  @Test
  void aCancelledTaskNeverRunsAndIsToldOnItsExecutionContext() throws InterruptedException {
    AtomicInteger ran = new AtomicInteger();
    CountDownLatch told = new CountDownLatch(1);
    Cancellable c = scheduler.scheduleOnce(millis(50), new SchedulerTask() {
      @Override
      public void run() {
        ran.incrementAndGet();
      }

      @Override
      public void cancelled() {
        told.countDown();
      }
    }, POOL);
    assertTrue(c.cancel());
    assertTrue(c.isCancelled());
    assertFalse(c.cancel(), "cancelled already");
    await(told, "cancelled()");
    // Give a wrong implementation time to fire the task anyway (it was due in 50 ms).
    Thread.sleep(200);
    assertEquals(0, ran.get());
  }

  /**
   * Cancelling races firing for 100,000 tasks due within 50 microseconds. Exactly one side wins
   * each race: cancel() == true means the task never runs, false means it runs exactly once.
   */
  @Test
  void cancelAndFiringRaceAndExactlyOneWins() throws InterruptedException {
    // One timer thread, so that the test can tell when it has drained (below). A firing and a
    // cancel race for the task's state alone, however many threads fire.
    PreciseScheduler oneThread = new PreciseScheduler(
        ConfigFactory.parseString("cafesim.timers.threads = 1")
            .withFallback(ConfigFactory.defaultReference()), log, Thread::new);
    int n = 100_000;
    int batch = 1_000;
    AtomicIntegerArray runs = new AtomicIntegerArray(n);
    boolean[] cancelled = new boolean[n];
    Cancellable[] tasks = new Cancellable[batch];
    // Counted down once per task by whichever side won: by its run, or by a successful cancel.
    CountDownLatch settled = new CountDownLatch(n);
    for (int from = 0; from < n; from += batch) {
      for (int j = 0; j < batch; j++) {
        int i = from + j;
        tasks[j] = oneThread.scheduleOnce(micros(j % 50), () -> {
          runs.incrementAndGet(i);
          settled.countDown();
        }, SAME_THREAD);
      }
      for (int j = 0; j < batch; j++) {
        if (tasks[j].cancel()) {
          cancelled[from + j] = true;
          settled.countDown();
        }
      }
    }
    assertTrue(settled.await(60, TimeUnit.SECONDS),
        "a task whose cancel() returned false never ran: " + settled.getCount() + " left");
    // This scheduler has one timer thread and SAME_THREAD runs tasks on it, in deadline order:
    // once a task due after all the others has run, every firing that could happen has happened.
    CountDownLatch drained = new CountDownLatch(1);
    oneThread.scheduleOnce(millis(20), drained::countDown, SAME_THREAD);
    await(drained, "the timer to drain");

    int won = 0;
    for (int i = 0; i < n; i++) {
      if (cancelled[i]) {
        won++;
        assertEquals(0, runs.get(i), "task " + i + " was cancelled (true) but ran");
      } else {
        assertEquals(1, runs.get(i), "task " + i + " was not cancelled but ran that many times");
      }
    }
    // Both sides must have won some races, or the test did not test the race.
    assertTrue(won > 0 && won < n, "cancels that won: " + won + " of " + n);
    assertEquals(List.of(), log.errorCauses());
    oneThread.close();
  }

  // (3) a once-task runs at most once

  @Test
  void aOnceTaskRunsOnceAndCannotBeCancelledAfterwards() throws InterruptedException {
    AtomicInteger ran = new AtomicInteger();
    CountDownLatch fired = new CountDownLatch(1);
    Cancellable c = scheduler.scheduleOnce(millis(1), () -> {
      ran.incrementAndGet();
      fired.countDown();
    }, POOL);
    await(fired, "the task");
    Thread.sleep(100);
    assertEquals(1, ran.get());
    assertFalse(c.cancel(), "it has run: there is nothing to cancel");
    assertFalse(c.isCancelled());
  }

  // (4) repeating tasks

  @Test
  void aRepeatingTaskStopsAfterCancel() throws InterruptedException {
    AtomicInteger ran = new AtomicInteger();
    CountDownLatch fiveRuns = new CountDownLatch(5);
    Cancellable c = scheduler.scheduleAtFixedRate(millis(1), millis(1), () -> {
      ran.incrementAndGet();
      fiveRuns.countDown();
    }, POOL);
    await(fiveRuns, "five runs");
    assertTrue(c.cancel());
    assertTrue(c.isCancelled());
    // A run already under way when cancel() returned may still finish; none may start after.
    Thread.sleep(100);
    int after = ran.get();
    Thread.sleep(300);
    assertEquals(after, ran.get(), "the task kept running after cancel()");
    assertFalse(c.cancel());
  }

  @Test
  void runsOfARepeatingTaskNeverOverlap() throws InterruptedException {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    CountDownLatch runs = new CountDownLatch(10);
    // Each run takes longer than the interval, on a pool with threads to spare.
    Cancellable c = scheduler.scheduleAtFixedRate(millis(1), millis(1), () -> {
      if (running.incrementAndGet() > 1) {
        overlaps.incrementAndGet();
      }
      try {
        Thread.sleep(3);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      running.decrementAndGet();
      runs.countDown();
    }, POOL);
    await(runs, "ten runs");
    c.cancel();
    assertEquals(0, overlaps.get());
  }

  // (5) failures

  @Test
  void anExceptionIsLoggedAndLaterTimersStillFire() throws InterruptedException {
    CountDownLatch later = new CountDownLatch(2);
    // On the timer thread itself (the worst case) and on a pool.
    scheduler.scheduleOnce(millis(1), () -> {
      throw new IllegalStateException("boom on the timer thread");
    }, SAME_THREAD);
    scheduler.scheduleOnce(millis(1), () -> {
      throw new IllegalStateException("boom on the pool");
    }, POOL);
    scheduler.scheduleOnce(millis(20), later::countDown, SAME_THREAD);
    scheduler.scheduleOnce(millis(20), later::countDown, POOL);
    await(later, "the later timers");
    assertTrue(log.awaitErrors(2), "errors logged: " + log.errorCauses());
    assertEquals(List.of("boom on the pool", "boom on the timer thread"),
        log.errorCauses().stream().sorted().toList());
  }

  @Test
  void aRepeatingTaskThatThrowsIsLoggedAndNotInvokedAgain() throws InterruptedException {
    AtomicInteger ran = new AtomicInteger();
    Cancellable c = scheduler.scheduleAtFixedRate(millis(1), millis(1), () -> {
      ran.incrementAndGet();
      throw new IllegalStateException("boom every time");
    }, POOL);
    assertTrue(log.awaitErrors(1));
    Thread.sleep(100);
    assertEquals(1, ran.get(), "Pekko's contract: a repeating task that throws is not run again");
    assertEquals(List.of("boom every time"), log.errorCauses());
    assertFalse(c.isCancelled());
  }

  @Test
  void aRejectingExecutionContextIsLogged() {
    ExecutionContext rejecting = ExecutionContext.fromExecutor(r -> {
      throw new java.util.concurrent.RejectedExecutionException("full");
    });
    scheduler.scheduleOnce(millis(1), () -> { }, rejecting);
    assertTrue(log.awaitErrors(1));
    assertEquals(List.of("full"), log.errorCauses());
  }

  // (6) on time, never early

  @Test
  void noTimerFiresBeforeItsDeadlineThoughTheThreadsWakeEarlyToSpin() throws InterruptedException {
    // The timer threads take each task spin-before (1 ms) early: firing then, not at the
    // deadline, would show here as a negative lateness.
    int timers = 300;
    long[] lateness = new long[timers];
    CountDownLatch fired = new CountDownLatch(timers);
    for (int i = 0; i < timers; i++) {
      int n = i;
      long delay = 100 + (i % 37) * 97; // microseconds: 0.1 to 3.6 ms, not in step
      long deadline = System.nanoTime() + delay * 1000;
      scheduler.scheduleOnce(micros(delay), () -> {
        lateness[n] = System.nanoTime() - deadline;
        fired.countDown();
      }, SAME_THREAD);
    }
    await(fired, "every timer");
    for (int i = 0; i < timers; i++) {
      assertTrue(lateness[i] >= 0, "timer " + i + " fired " + -lateness[i] + " ns early");
    }
  }

  // (7) after close

  @Test
  void schedulingAfterCloseThrows() {
    scheduler.close();
    assertThrows(IllegalStateException.class,
        () -> scheduler.scheduleOnce(millis(1), () -> { }, POOL));
    assertThrows(IllegalStateException.class,
        () -> scheduler.scheduleAtFixedRate(millis(1), millis(1), () -> { }, POOL));
    assertThrows(IllegalStateException.class,
        () -> scheduler.scheduleWithFixedDelay(millis(1), millis(1), () -> { }, POOL));
  }

  /** A LoggingAdapter that keeps the message of each error's cause. */
  private static final class RecordingLog implements LoggingAdapter {
    private final List<String> errorCauses = new CopyOnWriteArrayList<>();

    List<String> errorCauses() {
      return List.copyOf(errorCauses);
    }

    /** Waits (bounded) until at least n errors are logged. */
    boolean awaitErrors(int n) {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (errorCauses.size() < n) {
        if (System.nanoTime() > end) {
          return false;
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    public boolean isWarningEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public void notifyError(String message) {
      errorCauses.add("(no cause) " + message);
    }

    @Override
    public void notifyError(Throwable cause, String message) {
      errorCauses.add(cause.getMessage());
    }

    @Override
    public void notifyWarning(String message) { }

    @Override
    public void notifyInfo(String message) { }

    @Override
    public void notifyDebug(String message) { }
  }
}
