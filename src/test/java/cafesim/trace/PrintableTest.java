package cafesim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cafesim.cafe.CafeEvent;
import cafesim.cafe.CafeEvent.Type;
import cafesim.cafe.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every text rendering prints names through one escaping, so each record stays one line. */
class PrintableTest {

  static final String KIM = "kim\n11:30:00.000 ERROR ErrorHandling   FORGED LINE";

  @Test
  void controlCharactersAreShownAsEscapes() {
    assertEquals("a\\nb\\rc\\td", Printable.of("a\nb\rc\td"));
    assertEquals("\\u001b[31mred\\u001b[0m", Printable.of("\u001b[31mred\u001b[0m"));
    assertEquals("\\u0000\\u0001\\u007f\\u0085\\u009b\\u2028\\u2029\\u202e\\u2066",
        Printable.of("\u0000\u0001\u007f\u0085\u009b\u2028\u2029\u202e\u2066"));
    assertEquals("café ☕ \\ \"q\" <b>&", Printable.of("café ☕ \\ \"q\" <b>&"), "the rest as is");
    assertNull(Printable.of(null));
    String once = Printable.of(KIM + "\u001b");
    assertEquals(once, Printable.of(once), "escaping twice changes nothing");
  }

  @Test
  void anEventWithAForgingNameIsStillOneLine() {
    var event = new CafeEvent(3.0, Type.DRINK_READY, KIM, "barista-1", "latte\u001b[2J", 1, 1,
        "slipped\r\nat 4");
    assertEquals("   3.000s  DRINK_READY     kim\\n11:30:00.000 ERROR ErrorHandling   FORGED LINE"
        + " latte\\u001b[2J by barista-1 (slipped\\r\\nat 4)", event.line());
  }

  @Test
  void aMessageWithAForgingNameIsStillOneLine() {
    var message = new Message(1.5, "cafe", "customer-1", "Serve", KIM, "tea\u2028", 1, 1);
    assertEquals("   1.500s  cafe       -> customer-1 Serve        tea\\u2028 for kim\\n11:30:00.000"
        + " ERROR ErrorHandling   FORGED LINE", message.line());
  }

  @Test
  void theTextTimelineHasOneLinePerEventWhateverTheNames() {
    var run = new RunTrace("run-1\u001b[2J", null, "five\njobs", null, null, null, null,
        "COMPLETED\n", 1.0, List.of(
            CafeEvent.ofRun(0, Type.RUN_STARTED),
            new CafeEvent(0, Type.ORDER_PLACED, KIM, null, "latte", 1, 1, null),
            CafeEvent.ofRun(1, Type.RUN_COMPLETED)), List.of(), null);
    List<String> lines = TimelineText.render(run).lines().toList();
    assertEquals(List.of(
        "run-1\\u001b[2J five\\njobs: COMPLETED\\n in 1.000 s",
        "   0.000s  RUN_STARTED     -            -",
        "   0.000s  ORDER_PLACED    kim\\n11:30:00.000 ERROR ErrorHandling   FORGED LINE latte",
        "   1.000s  RUN_COMPLETED   -            -"), lines);
  }
}
