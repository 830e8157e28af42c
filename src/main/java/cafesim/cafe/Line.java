package cafesim.cafe;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * The cafe's one line of orders waiting for a barista: the earliest first, those of one instant
 * by customer and drink (a total order, so who is served first never depends on how the line
 * is kept).
 *
 * <p>Why not only a heap: a crowd comes in at one instant, and the cafe serves nobody until all
 * of it is in line. Sifting 100,000 orders into a heap and out again one by one was a tenth of
 * the cafe's thread (docs/performance.md, "Crowd"); sorted once when the cafe first looks, they
 * come out in order at the cost of a copy. Orders added while that sorted run is still being
 * served go to a heap beside it, and the line gives whichever head comes first.
 */
final class Line {

  /** An order in line since simulated time {@code at}, started {@code attempts} times before. */
  record Waiting(Order order, double at, int attempts) {}

  private static final Comparator<Waiting> FIRST = Comparator.comparingDouble(Waiting::at)
      .thenComparing(Waiting::order, Order::compareInRun);

  /** Added since the cafe last looked, in the order they came. */
  private final List<Waiting> arriving = new ArrayList<>();
  /** One batch of arrivals, sorted. */
  private final ArrayDeque<Waiting> sorted = new ArrayDeque<>();
  /** Every other order, while {@link #sorted} is being served. */
  private final PriorityQueue<Waiting> heap = new PriorityQueue<>(FIRST);

  /** Adds an order; it takes its place in line the next time the cafe looks. */
  void add(Waiting waiting) {
    arriving.add(waiting);
  }

  boolean isEmpty() {
    settle();
    return sorted.isEmpty() && heap.isEmpty();
  }

  /** The next order to be started; null if there is none. */
  Waiting peek() {
    settle();
    Waiting fromSorted = sorted.peekFirst();
    Waiting fromHeap = heap.peek();
    if (fromSorted == null || fromHeap == null) {
      return fromSorted != null ? fromSorted : fromHeap;
    }
    return FIRST.compare(fromSorted, fromHeap) <= 0 ? fromSorted : fromHeap;
  }

  /** Takes the next order out of line; null if there is none. */
  Waiting poll() {
    Waiting next = peek();
    if (next != null && next == sorted.peekFirst()) {
      sorted.pollFirst();
    } else if (next != null) {
      heap.poll();
    }
    return next;
  }

  /** Takes out every order that {@code leaves} says; says how many. */
  int removeIf(Predicate<Waiting> leaves) {
    settle();
    int before = sorted.size() + heap.size();
    sorted.removeIf(leaves);
    heap.removeIf(leaves);
    return before - sorted.size() - heap.size();
  }

  private void settle() {
    if (arriving.isEmpty()) {
      return;
    }
    if (sorted.isEmpty() && arriving.size() > 1) {
      arriving.sort(FIRST);
      sorted.addAll(arriving);
    } else {
      heap.addAll(arriving);
    }
    arriving.clear();
  }
}
