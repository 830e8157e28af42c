package cafesim.cafe;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A run's simulated clock. Simulated seconds = wall seconds x speed, counted from the run's start.
 *
 * <p>Every timer is set for an absolute point on this timeline, never "so long after the last
 * one": the scheduler fires a timer up to a tick late, and with relative delays that lateness
 * would add up over a chain of drinks. With absolute deadlines a late timer shortens the next
 * delay instead, so the last drink of a chain is at most one tick late.
 *
 * @param clock nanoseconds from an arbitrary origin ({@code System::nanoTime} in production, the
 *     manual scheduler's clock in tests)
 */
public record Timeline(long startNanos, double speed, LongSupplier clock) {

  public static Timeline startingNow(double speed, LongSupplier clock) {
    return new Timeline(clock.getAsLong(), speed, clock);
  }

  /** How long from now until the given simulated instant; zero if it has passed. */
  public Duration until(double simulatedSeconds) {
    return until(simulatedSeconds, Duration.ZERO);
  }

  /** How long from now until {@code later} after the given instant; zero if that has passed. */
  public Duration until(double simulatedSeconds, Duration later) {
    long due = startNanos + Math.round(simulatedSeconds * 1e9 / speed) + later.toNanos();
    return Duration.ofNanos(Math.max(0, due - clock.getAsLong()));
  }

  /**
   * How long after the given simulated instant's place on the timeline the clock is now, in
   * wall milliseconds: how far behind its own timeline the run is at that step (0 if early).
   */
  public double lagMillis(double simulatedSeconds) {
    long due = startNanos + Math.round(simulatedSeconds * 1e9 / speed);
    return Math.max(0, clock.getAsLong() - due) / 1e6;
  }

  /** Simulated seconds since the start, as measured by the clock. */
  public double elapsedSeconds() {
    return wallSeconds() * speed;
  }

  /** Wall-clock seconds since the start. */
  public double wallSeconds() {
    return (clock.getAsLong() - startNanos) / 1e9;
  }
}
