package cafesim;

import com.typesafe.config.Config;
import java.io.Closeable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.Scheduler;
import org.apache.pekko.actor.SchedulerException;
import org.apache.pekko.actor.SchedulerTask;
import org.apache.pekko.event.LoggingAdapter;
import scala.concurrent.ExecutionContext;
import scala.concurrent.duration.FiniteDuration;
import scala.util.control.NonFatal;

/**
 * A Pekko scheduler that fires timers to within a fraction of a millisecond.
 *
 * <p>Pekko's default scheduler works in ticks of at least 1 ms and was measured here firing a
 * median 1.7 ms late (p90 2.4 ms). A run at speed 100 turns that into a fifth of a simulated
 * second: 4 % of the americano/latte lesson. A JDK {@link ScheduledThreadPoolExecutor} parks
 * until each deadline instead. Chosen by {@code pekko.scheduler.implementation}; tests swap in
 * the manual scheduler the same way.
 *
 * <p>Two settings ({@code cafesim.timers}) take the rest of the lateness out; both were measured
 * with {@code bench fidelity} at speed 100 (docs/performance.md):
 * <ul>
 *   <li>{@code spin-before}: a parked thread wakes here 0.1 to 0.3 ms after its deadline, now and
 *       then a millisecond. So a timer thread parks until this long before the deadline and
 *       yields the processor until it is due: on time to the microsecond, and any thread with
 *       work to do gets the processor first. 0 parks to the deadline.
 *   <li>{@code threads}: a firing wakes the actor's thread, which the kernel may run on the
 *       timer thread's own processor, ahead of it. With one timer thread, the next timer then
 *       waits for that actor's work; with two, the other thread fires it.
 * </ul>
 *
 * <p>It keeps the contract of {@link Scheduler}, as Pekko's own
 * {@code LightArrayRevolverScheduler} does: a task is handed to its execution context when due,
 * a once-task at most once; {@code cancel()} returns true only if the task had not fired, and
 * then it never does; a repeating task's runs never overlap, and it stops when cancelled or when
 * it throws. {@link #close()} runs only the outstanding once-tasks that are a
 * {@link Scheduler.TaskRunOnClose} (dispatcher shutdown), on the closing thread, and drops the
 * rest; scheduling then throws {@link IllegalStateException}. What a task throws, and an
 * execution context's refusal, go to the log (Pekko's own {@code SchedulerException} excepted,
 * which Pekko ignores too).
 */
public final class PreciseScheduler implements Scheduler, Closeable {

  private static final int SCHEDULED = 0;
  /** Fired (a once-task), run or dropped on close, or stopped after a failure: never runs again. */
  private static final int DONE = 1;
  private static final int CANCELLED = 2;

  private final LoggingAdapter log;
  private final ScheduledThreadPoolExecutor timer;
  private final long spinBeforeNanos;
  /** Tasks that may still run: the ones close() has to look at. */
  private final Set<Task> outstanding = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();

  public PreciseScheduler(Config config, LoggingAdapter log, ThreadFactory threadFactory) {
    this.log = log;
    Config timers = config.getConfig("cafesim.timers");
    spinBeforeNanos = timers.getDuration("spin-before").toNanos();
    timer = new ScheduledThreadPoolExecutor(timers.getInt("threads"), threadFactory);
    timer.setRemoveOnCancelPolicy(true);
    // On shutdown, drop what is queued; a firing under way is not interrupted.
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
  }

  @Override
  public Cancellable scheduleOnce(FiniteDuration delay, Runnable runnable, ExecutionContext ec) {
    return new Task(runnable, ec, 0).start(delay.toNanos());
  }

  /** Fixed rate, as Pekko's: deadlines on one timeline, the next one set after a run ends. */
  @Override
  @SuppressWarnings("deprecation")
  public Cancellable schedule(FiniteDuration initialDelay, FiniteDuration interval,
      Runnable runnable, ExecutionContext ec) {
    if (interval.toNanos() <= 0) {
      throw new IllegalArgumentException(
          "a repeating task needs an interval above zero, not " + interval);
    }
    return new Task(runnable, ec, interval.toNanos()).start(initialDelay.toNanos());
  }

  /**
   * Timers fire to about 0.1 ms. Informational: none of the Pekko modules cafesim uses reads it
   * (the default scheduler reports one per tick, 1000 at 1 ms ticks).
   */
  @Override
  public double maxFrequency() {
    return 10_000;
  }

  /**
   * Stops the timer threads, runs the outstanding once-tasks that are a
   * {@link Scheduler.TaskRunOnClose} on this thread, and drops every other task without running
   * it. A second call does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // After this no task is accepted, and the timer threads start none: each outstanding task
    // is either claimed below or was claimed by a firing already in progress. A task a thread
    // is still spinning for is claimed here too, and then does not fire.
    timer.shutdown();
    for (Task task : outstanding) {
      outstanding.remove(task);
      if (task.state.compareAndSet(SCHEDULED, DONE)
          && task.once && task.runnable instanceof Scheduler.TaskRunOnClose) {
        runGuarded(task.runnable, "a timer task run on close");
      }
    }
  }

  /** Runs a task's runnable, logging what it throws. False if it threw. */
  private boolean runGuarded(Runnable runnable, String what) {
    try {
      runnable.run();
      return true;
    } catch (Throwable e) {
      if (!NonFatal.apply(e)) {
        throw e;
      }
      if (!isSchedulerException(e)) {
        // Pekko stops a repeating task that throws SchedulerException (its target actor is
        // gone, or the scheduler closed) without a word; anything else is a bug to be seen.
        log.error(e, "exception in {}", what);
      }
      return false;
    }
  }

  private static boolean isSchedulerException(Throwable e) {
    return e instanceof SchedulerException
        || e instanceof IllegalStateException && e.getCause() instanceof SchedulerException;
  }

  private static IllegalStateException closedException() {
    String msg = "cannot schedule: the scheduler is closed";
    // Pekko's scheduleWithFixedDelay recognises this shape and stops quietly, as it does with
    // Pekko's own scheduler.
    return new IllegalStateException(msg, new SchedulerException(msg));
  }

  private final class Task implements Runnable, Cancellable {
    final Runnable runnable;
    final ExecutionContext ec;
    /** Nanoseconds between runs of a repeating task; 0 for a once-task. */
    final long interval;
    final boolean once;
    final AtomicInteger state = new AtomicInteger(SCHEDULED);
    /** What runs on the execution context at each firing. */
    final Runnable body = this::runBody;
    /** When it is due (System.nanoTime): a repeating task's next run; runs never overlap. */
    long deadline;
    volatile ScheduledFuture<?> future;

    Task(Runnable runnable, ExecutionContext ec, long interval) {
      this.runnable = runnable;
      this.ec = ec;
      this.interval = interval;
      this.once = interval == 0;
    }

    Cancellable start(long delayNanos) {
      if (closed.get()) {
        throw closedException();
      }
      deadline = System.nanoTime() + delayNanos;
      // Registered before the timer sees it, so that close() (which shuts the timer down first)
      // finds every task the timer accepted.
      outstanding.add(this);
      try {
        future = arm(delayNanos);
      } catch (RejectedExecutionException e) {
        outstanding.remove(this);
        // If close() claimed it meanwhile, it has run it (a TaskRunOnClose): not an error.
        if (state.compareAndSet(SCHEDULED, CANCELLED)) {
          throw closedException();
        }
      }
      return this;
    }

    /**
     * A timer thread takes it {@code spinBeforeNanos} early, and {@link #run} waits out the rest.
     * A wait shorter than that is slept, not spun for: under load most timers are short (a
     * drink at speed 1000), and spinning through each of them took a fifth of the runs a
     * single core served.
     */
    private ScheduledFuture<?> arm(long delayNanos) {
      long early = delayNanos >= spinBeforeNanos ? spinBeforeNanos : 0;
      return timer.schedule(this, delayNanos - early, TimeUnit.NANOSECONDS);
    }

    /** On a timer thread, just before it is due: hand the runnable to its execution context. */
    @Override
    public void run() {
      while (System.nanoTime() - deadline < 0 && state.get() == SCHEDULED) {
        Thread.yield();
      }
      if (once ? !state.compareAndSet(SCHEDULED, DONE) : state.get() != SCHEDULED) {
        return; // lost to cancel() or close()
      }
      if (once) {
        outstanding.remove(this);
      }
      try {
        ec.execute(body);
      } catch (Throwable e) {
        if (!NonFatal.apply(e)) {
          throw e;
        }
        // As Pekko: a rejecting execution context is reported, and a repeating task ends.
        log.error(e, "execution context rejected a timer task");
        stop();
      }
    }

    private void runBody() {
      if (once) {
        runGuarded(runnable, "a timer task");
        return;
      }
      if (state.get() != SCHEDULED) {
        return; // cancelled between the firing and now
      }
      if (!runGuarded(runnable, "a repeating timer task")) {
        stop(); // Pekko's contract: a repeating task that throws is not invoked again
        return;
      }
      deadline += interval;
      try {
        future = arm(deadline - System.nanoTime());
      } catch (RejectedExecutionException e) {
        stop(); // closed: dropped, as close() drops every repeating task
        return;
      }
      if (state.get() != SCHEDULED) {
        stopTimer(); // cancelled while rescheduling
      }
    }

    /** Ends a repeating task without counting as cancelled. */
    private void stop() {
      if (state.compareAndSet(SCHEDULED, DONE)) {
        outstanding.remove(this);
        stopTimer();
      }
    }

    private void stopTimer() {
      ScheduledFuture<?> f = future;
      if (f != null) {
        f.cancel(false);
      }
    }

    @Override
    public boolean cancel() {
      if (!state.compareAndSet(SCHEDULED, CANCELLED)) {
        return false; // fired, stopped, or cancelled already
      }
      outstanding.remove(this);
      stopTimer();
      if (runnable instanceof SchedulerTask notify) {
        // As Pekko: told on the task's execution context.
        try {
          ec.execute(() -> runGuarded(notify::cancelled, "a timer task's cancelled()"));
        } catch (Throwable e) {
          if (!NonFatal.apply(e)) {
            throw e;
          }
          log.error(e, "execution context rejected a timer task's cancelled()");
        }
      }
      return true;
    }

    @Override
    public boolean isCancelled() {
      return state.get() == CANCELLED;
    }
  }
}
