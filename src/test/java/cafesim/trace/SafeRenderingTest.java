package cafesim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cafesim.cafe.CafeEvent;
import cafesim.cafe.CafeEvent.Type;
import cafesim.cafe.Message;
import cafesim.cafe.Mode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Names that would break a rendering, from a log written by anyone, render as text. */
class SafeRenderingTest {

  static final String NASTY = "kim\n11:30:00.000 ERROR ErrorHandling   FORGED LINE;"
      + " end\r#x \"q\" <b>&amp; 100%\u001b[31m\u0001";

  static RunTrace nastyRun() {
    return new RunTrace("run-1", null, "five-jobs", Mode.ASYNC, 1.0, 1, null, "RUNNING", null,
        List.of(CafeEvent.ofRun(0, Type.RUN_STARTED),
            new CafeEvent(0, Type.ORDER_PLACED, NASTY, null, "latte", 1, 1, null),
            new CafeEvent(0, Type.DRINK_STARTED, NASTY, "barista-1", "latte", 1, 1, null)),
        List.of(new Message(0, "customer-1", "cafe", "Arrive", NASTY, null, 1, null),
            new Message(0, "cafe", "barista-1", "Make", NASTY, "latte:\nnote over cafe", 1, 1)));
  }

  @Test
  void mermaidPrintsNamesAsEntityCodesNeverAsSyntax() {
    String escaped = "kim\\n11#58;30#58;00.000 ERROR ErrorHandling   FORGED LINE#59; end\\r#35;x"
        + " #quot;q#quot; #lt;b#gt;#38;amp#59; 100#37;\\u001b[31m\\u0001";
    assertEquals(List.of(
        "sequenceDiagram",
        "  title run-1 five-jobs async speed 1#58; RUNNING",
        "  participant customer_1 as " + escaped,
        "  participant cafe as cafe",
        "  participant barista_1 as barista-1",
        "  customer_1->>cafe: Arrive (t=0.000s)",
        "  cafe->>barista_1: Make latte#58;\\nnote over cafe (t=0.000s)"),
        SequenceDiagram.render(nastyRun()).lines().toList());
  }
}
