package cafesim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.cafe.CafeEvent;
import cafesim.cafe.CafeEvent.Type;
import cafesim.cafe.Message;
import cafesim.cafe.Mode;
import cafesim.testing.SvgDom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Americano (3 s) and latte (5 s), one after the other (sync, 8 s) and side by side (async,
 * 5 s), on one picture: both totals and the speedup in large type, one time axis for both.
 */
class ComparisonSvgTest {

  /** One customer's americano and latte, brewed from {@code latteFrom}; served at the end. */
  static RunTrace americanoLatte(Mode mode, String status, double end) {
    double latteFrom = mode == Mode.SYNC ? 3 : 0;
    List<CafeEvent> events = new ArrayList<>(List.of(
        CafeEvent.ofRun(0, Type.RUN_STARTED),
        new CafeEvent(0, Type.ORDER_PLACED, "main", null, "americano", 1, 1, null),
        new CafeEvent(0, Type.ORDER_PLACED, "main", null, "latte", 1, 2, null),
        new CafeEvent(0, Type.DRINK_STARTED, "main", "barista-1", "americano", 1, 1, null),
        new CafeEvent(latteFrom, Type.DRINK_STARTED, "main", "barista-1", "latte", 1, 2, null),
        new CafeEvent(3, Type.DRINK_READY, "main", "barista-1", "americano", 1, 1, null),
        new CafeEvent(latteFrom + 5, Type.DRINK_READY, "main", "barista-1", "latte", 1, 2, null),
        new CafeEvent(latteFrom + 5, Type.CUSTOMER_SERVED, "main", null, null, 1, null, null),
        CafeEvent.ofRun(latteFrom + 5, Type.RUN_COMPLETED)));
    events.removeIf(e -> e.atSeconds() > end);
    return new RunTrace("run-" + mode.label(), "trace-1", "americano-latte", mode, 100.0, 1,
        mode == Mode.SYNC ? 8.0 : 5.0, status, end, events, List.<Message>of(), null);
  }

  private final RunTrace sync = americanoLatte(Mode.SYNC, "COMPLETED", 8);
  private final RunTrace async = americanoLatte(Mode.ASYNC, "COMPLETED", 5);

  @Test
  void bothTotalsAndTheSpeedupAreWrittenExactlyAndLarge() throws Exception {
    Document svg = SafeRenderingTest.parse(ComparisonSvg.render(sync, async));
    Element root = svg.getDocumentElement();
    assertEquals("1.6", root.getAttribute("data-speedup"));
    assertEquals("1.6x", texts(svg, "speedup").get(0).getTextContent());
    assertEquals("americano-latte: sync vs async",
        texts(svg, "heading").get(0).getTextContent(), "the scenario both runs share");
    assertEquals("americano-latte: sync vs async: 8 s and 5 s, speedup 1.6x",
        root.getElementsByTagNameNS("*", "title").item(0).getTextContent());

    List<Element> runs = SafeRenderingTest.groups(svg, "run");
    assertEquals(2, runs.size());
    assertEquals(List.of("sync", "sync", "run-sync", "COMPLETED", "8"), attributes(runs.get(0)));
    assertEquals(List.of("async", "async", "run-async", "COMPLETED", "5"),
        attributes(runs.get(1)));
    for (Element run : runs) {
      Element total = texts(run, "total").get(0);
      assertEquals(run.getAttribute("data-total") + " s", total.getTextContent());
      assertEquals(run.getAttribute("data-total"), total.getAttribute("data-total"));
      assertTrue(Integer.parseInt(total.getAttribute("font-size")) >= 24, "large type");
      assertEquals(run.getAttribute("data-mode"), texts(run, "mode").get(0).getTextContent());
    }
    assertTrue(Integer.parseInt(texts(svg, "speedup").get(0).getAttribute("font-size")) >= 24);
  }

  @Test
  void bothRunsAreDrawnOnOneTimeAxisSyncOnTop() throws Exception {
    Document svg = SafeRenderingTest.parse(ComparisonSvg.render(sync, async));
    List<Element> axes = SafeRenderingTest.groups(svg, "axis");
    assertEquals(1, axes.size(), "one axis for both");
    Map<String, Double> tick = new TreeMap<>();
    SafeRenderingTest.groups(svg, "tick").forEach(t ->
        tick.put(t.getAttribute("data-seconds"), Double.parseDouble(t.getAttribute("data-x"))));
    assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8"),
        List.copyOf(tick.keySet()));

    List<Element> runs = SafeRenderingTest.groups(svg, "run");
    Element latteSync = latte(runs.get(0));
    Element latteAsync = latte(runs.get(1));
    assertEquals(tick.get("3"), x(latteSync), 0.01, "sync: the latte once the americano is done");
    assertEquals(tick.get("8"), right(latteSync), 0.01);
    assertEquals(tick.get("0"), x(latteAsync), 0.01, "async: the latte at once");
    assertEquals(tick.get("5"), right(latteAsync), 0.01, "and done at the 5 s tick");
    assertEquals(tick.get("8"), makespan(runs.get(0)), 0.01);
    assertEquals(tick.get("5"), makespan(runs.get(1)), 0.01);
    assertTrue(y(latteSync) < y(latteAsync), "sync above async");
    // The grid of the one axis crosses both bands.
    Element grid = (Element) axes.get(0).getElementsByTagNameNS("*", "line").item(2);
    assertTrue(Double.parseDouble(grid.getAttribute("y1")) < y(latteSync));
    assertTrue(Double.parseDouble(grid.getAttribute("y2")) > y(latteAsync));
  }

  @Test
  void noTwoTextsOverlap() throws Exception {
    Document svg = SafeRenderingTest.parse(ComparisonSvg.render(sync, async));
    record Box(String text, double x, double y, double w, double h) {
      boolean meets(Box o) {
        return x < o.x + o.w && o.x < x + w && y - h < o.y && o.y - o.h < y;
      }
    }
    List<Box> boxes = new ArrayList<>();
    NodeList texts = svg.getElementsByTagNameNS("*", "text");
    for (int i = 0; i < texts.getLength(); i++) {
      Element t = (Element) texts.item(i);
      double size = Double.parseDouble(t.hasAttribute("font-size") ? t.getAttribute("font-size")
          : "12");
      String s = t.getTextContent();
      double w = s.codePointCount(0, s.length()) * GanttSvg.CHAR_EM * size;
      double x = Double.parseDouble(t.getAttribute("x"));
      boxes.add(new Box(s, t.getAttribute("text-anchor").equals("end") ? x - w : x,
          Double.parseDouble(t.getAttribute("y")), w, size));
    }
    for (int i = 0; i < boxes.size(); i++) {
      assertTrue(boxes.get(i).x() >= 0 && boxes.get(i).x() + boxes.get(i).w() <= 900,
          boxes.get(i) + " is outside the picture");
      for (int j = i + 1; j < boxes.size(); j++) {
        assertFalse(boxes.get(i).meets(boxes.get(j)), boxes.get(i) + " overlaps " + boxes.get(j));
      }
    }
  }

  @Test
  void aRunThatEndedWithoutCompletingIsDrawnWithItsStatus() throws Exception {
    RunTrace cancelled = americanoLatte(Mode.ASYNC, "CANCELLED", 3);
    Document svg = SafeRenderingTest.parse(ComparisonSvg.render(sync, cancelled));
    Element run = SafeRenderingTest.groups(svg, "run").get(1);
    assertEquals("CANCELLED", run.getAttribute("data-status"));
    assertEquals("async (CANCELLED)", texts(run, "mode").get(0).getTextContent());
    assertEquals("3 s", texts(run, "total").get(0).getTextContent(), "where it stopped");
    assertEquals("2.67", svg.getDocumentElement().getAttribute("data-speedup"));
    assertEquals("2.67x", texts(svg, "speedup").get(0).getTextContent());
  }

  @Test
  void aRunThatTookNoTimeHasNoSpeedup() throws Exception {
    RunTrace none = new RunTrace("run-0", null, null, Mode.ASYNC, 1.0, 1, null, "CANCELLED",
        0.0, List.of(CafeEvent.ofRun(0, Type.RUN_STARTED)), List.of(), null);
    Document svg = SafeRenderingTest.parse(ComparisonSvg.render(sync, none));
    assertFalse(svg.getDocumentElement().hasAttribute("data-speedup"));
    assertEquals("n/a", texts(svg, "speedup").get(0).getTextContent());
    assertEquals("americano-latte and custom run: sync vs async",
        texts(svg, "heading").get(0).getTextContent());
  }

  @Test
  void theTitleNamesTheScenarioOnlyWhenBothShareIt() {
    RunTrace custom = new RunTrace("run-c", null, null, Mode.ASYNC, 1.0, 1, null, "COMPLETED",
        1.0, List.of(), List.of(), null);
    assertEquals("custom runs: async vs async", ComparisonSvg.title(custom, custom));
    assertEquals("americano-latte: sync vs sync", ComparisonSvg.title(sync, sync));
  }

  private static List<String> attributes(Element run) {
    return List.of(run.getAttribute("data-side"), run.getAttribute("data-mode"),
        run.getAttribute("data-run-id"), run.getAttribute("data-status"),
        run.getAttribute("data-total"));
  }

  private static List<Element> texts(Document svg, String cls) {
    return texts(svg.getDocumentElement(), cls);
  }

  private static List<Element> texts(Element parent, String cls) {
    return SvgDom.withClass(parent, "text", cls);
  }

  private static Element latte(Element run) {
    return SvgDom.latte(run);
  }

  private static double makespan(Element run) {
    NodeList lines = run.getElementsByTagNameNS("*", "line");
    for (int i = 0; i < lines.getLength(); i++) {
      Element line = (Element) lines.item(i);
      if (line.getAttribute("class").equals("makespan")) {
        return Double.parseDouble(line.getAttribute("x1"));
      }
    }
    throw new AssertionError("no makespan line");
  }

  private static double x(Element rect) {
    return Double.parseDouble(rect.getAttribute("x"));
  }

  private static double right(Element rect) {
    return x(rect) + Double.parseDouble(rect.getAttribute("width"));
  }

  private static double y(Element rect) {
    return Double.parseDouble(rect.getAttribute("y"));
  }
}
