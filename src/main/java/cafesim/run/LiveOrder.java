package cafesim.run;

import cafesim.cafe.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.ToDoubleFunction;

/**
 * Holds a run's happenings back until no earlier one can still come, so that the log and the
 * live watchers see them in simulated-time order.
 *
 * <p>The run's actors report to the run on their own: a barista behind its timeline may report
 * a drink ready at 3 s before another actor reports something at 1 s. A happening at instant
 * {@code t} is let out once the wall clock is {@code hold} past {@code t}'s place on the
 * timeline. The hold adapts: at least {@link #MIN_HOLD}, and at least twice the latest any
 * happening has arrived so far, so a run that falls behind is held longer rather than printed
 * out of order. Within an instant, a given order decides (for a run's events, the report's:
 * cause before effect), then the order of arrival.
 *
 * @param <T> what is held: a happening with what its line needs
 */
final class LiveOrder<T> {

  /** Short enough to read as live, long enough for a dispatcher hop or two. */
  static final Duration MIN_HOLD = Duration.ofMillis(50);
  /** However late a run is, its lines are never held longer than this. */
  static final Duration MAX_HOLD = Duration.ofSeconds(5);

  private record Held<T>(T item, double at, long seq) {}

  private final PriorityQueue<Held<T>> held;
  private final Timeline timeline;
  private final ToDoubleFunction<T> instant;
  private long seq;
  private Duration hold = MIN_HOLD;

  LiveOrder(Timeline timeline, ToDoubleFunction<T> instant, Comparator<T> sameInstant) {
    this.timeline = timeline;
    this.instant = instant;
    this.held = new PriorityQueue<>(Comparator.<Held<T>>comparingDouble(Held::at)
        .thenComparing(Held::item, sameInstant)
        .thenComparingLong(Held::seq));
  }

  void hold(T item) {
    double at = instant.applyAsDouble(item);
    Duration late = Duration.ofNanos(Math.round(timeline.lagMillis(at) * 1e6)).multipliedBy(2);
    if (late.compareTo(hold) > 0) {
      hold = late.compareTo(MAX_HOLD) < 0 ? late : MAX_HOLD;
    }
    held.add(new Held<>(item, at, seq++));
  }

  /** What is due now, in order. */
  List<T> due() {
    List<T> due = new ArrayList<>();
    while (!held.isEmpty() && timeline.until(held.peek().at(), hold).isZero()) {
      due.add(held.poll().item());
    }
    return due;
  }

  /** Everything held, in order: the run has ended. */
  List<T> all() {
    List<T> all = new ArrayList<>();
    while (!held.isEmpty()) {
      all.add(held.poll().item());
    }
    return all;
  }

  /** How long until the earliest item held is due; empty if none is. */
  Optional<Duration> nextRelease() {
    return held.isEmpty() ? Optional.empty()
        : Optional.of(timeline.until(held.peek().at(), hold));
  }
}
