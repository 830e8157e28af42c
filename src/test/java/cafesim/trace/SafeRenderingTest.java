package cafesim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.cafe.CafeEvent;
import cafesim.cafe.CafeEvent.Type;
import cafesim.cafe.Message;
import cafesim.cafe.Mode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

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
            new Message(0, "cafe", "barista-1", "Make", NASTY, "latte:\nnote over cafe", 1, 1)),
        null);
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

  @Test
  void theSvgOfANastyNameIsValidXmlWithTheNameKept() throws Exception {
    Document svg = parse(GanttSvg.render(nastyRun()));
    Element drink = groups(svg, "drink").get(0);
    String kept = NASTY.replace('\u001b', '\uFFFD').replace('\u0001', '\uFFFD');
    assertEquals(kept, drink.getAttribute("data-customer"),
        "only what XML 1.0 cannot carry is replaced");
    assertEquals("latte for " + kept + ": 0.000 s to 0.000 s, not finished yet",
        drink.getElementsByTagNameNS("*", "title").item(0).getTextContent());
    String waits = groups(svg, "wait").get(0).getAttribute("data-customer");
    assertEquals(kept, waits);
  }

  @Test
  void aBigRunIsDrawnCappedAndSaysWhatWasLeftOut() throws Exception {
    List<CafeEvent> events = new ArrayList<>(List.of(CafeEvent.ofRun(0, Type.RUN_STARTED)));
    int customers = 100_000;
    for (int c = 1; c <= customers; c++) {
      double at = c * 0.01;
      events.add(new CafeEvent(at, Type.ORDER_PLACED, "c" + c, null, "espresso", c, 1, null));
      events.add(new CafeEvent(at, Type.DRINK_STARTED, "c" + c, "barista-" + (c % 3 + 1),
          "espresso", c, 1, null));
      events.add(new CafeEvent(at + 1, Type.DRINK_READY, "c" + c, "barista-" + (c % 3 + 1),
          "espresso", c, 1, null));
      events.add(CafeEvent.ofCustomer(at + 1, Type.CUSTOMER_SERVED, "c" + c, c));
    }
    var run = new RunTrace("run-big", null, null, Mode.ASYNC, 1000.0, 3, null, "COMPLETED",
        1001.0, events, List.of(), null);
    String text = GanttSvg.render(run);
    Document svg = parse(text);
    String cap = "capped: showing the first 2,000 of 100,000 drinks and the first 500 of "
        + "100,000 customers' waits (by start)";
    assertEquals("custom run (async): 1001.000 s; " + cap,
        svg.getDocumentElement().getElementsByTagNameNS("*", "title").item(0).getTextContent());
    assertEquals(cap, svg.getElementsByTagNameNS("*", "text").item(2).getTextContent(),
        "and said under the title");
    assertEquals(GanttSvg.MAX_BARS, groups(svg, "drink").size());
    assertEquals(GanttSvg.MAX_WAITS, groups(svg, "wait").size());
    assertEquals(IntStream.rangeClosed(1, 2000).mapToObj(c -> "c" + c).toList(),
        groups(svg, "drink").stream().map(g -> g.getAttribute("data-customer"))
            .sorted(RunTrace.NUMBERED).toList(), "the first by start");
    assertTrue(text.length() < 2_000_000, "bounded: " + text.length());
  }

  @Test
  void aRunWithinTheCapSaysNothingOfIt() throws Exception {
    Document svg = parse(GanttSvg.render(nastyRun()));
    assertEquals(0, count(svg, "capped"));
    assertEquals("five-jobs (async): running",
        svg.getElementsByTagNameNS("*", "title").item(0).getTextContent());
  }

  static Document parse(String svg) throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(
        svg.getBytes(StandardCharsets.UTF_8)));
  }

  static List<Element> groups(Document svg, String cls) {
    List<Element> found = new ArrayList<>();
    var groups = svg.getElementsByTagNameNS("*", "g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if (g.getAttribute("class").equals(cls)) {
        found.add(g);
      }
    }
    return found;
  }

  private static int count(Document svg, String cls) {
    int n = 0;
    var texts = svg.getElementsByTagNameNS("*", "text");
    for (int i = 0; i < texts.getLength(); i++) {
      if (((Element) texts.item(i)).getAttribute("class").equals(cls)) {
        n++;
      }
    }
    return n;
  }
}
