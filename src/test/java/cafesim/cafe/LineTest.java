package cafesim.cafe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The cafe's line gives orders in the one order a heap of them would, however it keeps them. */
class LineTest {

  private static final Drink ESPRESSO = new Drink("espresso", 1, 0);

  private static final Comparator<Line.Waiting> HEAP_ORDER =
      Comparator.comparingDouble(Line.Waiting::at)
          .thenComparingInt(w -> w.order().customerNo())
          .thenComparingInt(w -> w.order().drinkNo());

  private static Line.Waiting waiting(int customerNo, int drinkNo, double at) {
    return new Line.Waiting(
        new Order(null, "c" + customerNo, customerNo, drinkNo, ESPRESSO), at, 0);
  }

  @Test
  void aCrowdComesOutByCustomerAndDrinkWhateverOrderItCameIn() {
    Line line = new Line();
    List<Line.Waiting> crowd = new ArrayList<>();
    for (int c = 1; c <= 1000; c++) {
      crowd.add(waiting(c, 1, 0.0));
      crowd.add(waiting(c, 2, 0.0));
    }
    java.util.Collections.shuffle(crowd, new Random(7));
    crowd.forEach(line::add);
    for (int c = 1; c <= 1000; c++) {
      assertEquals(c, line.poll().order().customerNo());
      assertEquals(c, line.peek().order().customerNo());
      assertEquals(2, line.poll().order().drinkNo());
    }
    assertTrue(line.isEmpty());
    assertNull(line.poll());
  }

  @Test
  void ordersAddedWhileACrowdIsServedTakeTheirPlaceInIt() {
    Line line = new Line();
    for (int c = 10; c >= 1; c--) {
      line.add(waiting(c, 1, 1.0));
    }
    assertEquals(1, line.poll().order().customerNo());
    line.add(waiting(5, 2, 1.0));
    line.add(waiting(11, 1, 0.5));
    assertEquals(11, line.poll().order().customerNo(), "earlier in time goes first");
    assertEquals(List.of("2.1", "3.1", "4.1", "5.1", "5.2", "6.1"),
        List.of(key(line.poll()), key(line.poll()), key(line.poll()), key(line.poll()),
            key(line.poll()), key(line.poll())));
  }

  @Test
  void itAgreesWithAHeapOverManyRandomTurns() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      Line line = new Line();
      PriorityQueue<Line.Waiting> heap = new PriorityQueue<>(HEAP_ORDER);
      int next = 1;
      for (int turn = 0; turn < 300; turn++) {
        int what = random.nextInt(10);
        if (what < 4) {
          // A batch, as a crowd at one instant: several before anyone looks.
          int batch = 1 + random.nextInt(random.nextBoolean() ? 3 : 60);
          double at = random.nextInt(5);
          for (int i = 0; i < batch; i++) {
            Line.Waiting w = waiting(next++, 1 + random.nextInt(3), at);
            line.add(w);
            heap.add(w);
          }
        } else if (what < 9) {
          assertEquals(heap.peek(), line.peek());
          assertEquals(heap.poll(), line.poll());
        } else {
          // Customers who leave: their orders go, wherever they stand.
          int left = random.nextInt(7);
          int before = heap.size();
          heap.removeIf(w -> w.order().customerNo() % 7 == left);
          assertEquals(before - heap.size(),
              line.removeIf(w -> w.order().customerNo() % 7 == left));
        }
        assertEquals(heap.isEmpty(), line.isEmpty());
      }
      while (!heap.isEmpty()) {
        assertEquals(heap.poll(), line.poll());
      }
      assertTrue(line.isEmpty());
    }
  }

  private static String key(Line.Waiting w) {
    return w.order().customerNo() + "." + w.order().drinkNo();
  }
}
