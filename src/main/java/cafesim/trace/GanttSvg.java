package cafesim.trace;

import cafesim.cafe.CafeEvent;
import cafesim.cafe.CafeEvent.Type;
import cafesim.cafe.Message;
import cafesim.cafe.Mode;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A run as a Gantt picture: a lane per barista with a bar per drink (hands-on part dark, brewing
 * light; drinks brewing at once stack, so overlap shows), a lane per customer for the wait from
 * the first order to being served, and a time axis in simulated seconds. Sync and async of the
 * same scenario look plainly different: in sync the barista stands by each brew (drawn as
 * blocked time) and the drinks form one staircase; in async they brew side by side. Short runs
 * share one scale (90 px per simulated second), so a longer run is a longer picture.
 *
 * <p>Each drink's group carries {@code data-*} attributes (customer, drink, start, end) so the
 * picture can be checked by a program as well as by eye.
 */
public final class GanttSvg {

  private GanttSvg() {}

  private static final String SVG = "http://www.w3.org/2000/svg";
  private static final int LEFT = 130;
  private static final int WIDTH = 900;
  private static final int ROW = 26;
  private static final int TOP = 70;
  private static final String HANDS_ON = "#8c510a";
  private static final String BREWING = "#dfc27d";
  private static final String BLOCKED = "#d6604d";
  private static final String WAITING = "#80cdc1";
  private static final double MAX_PX_PER_SECOND = 90;

  /** One drink on the picture. */
  record Bar(String barista, String customer, String drink, int customerNo, int drinkNo,
      double start, double brewFrom, double end) {}

  public static String render(RunTrace run) {
    List<Bar> bars = bars(run);
    Map<String, List<List<Bar>>> lanes = lanes(bars);
    Map<String, double[]> waits = waits(run);
    double span = Math.max(1e-9, Math.max(run.simulatedSeconds(),
        run.expectedSeconds() == null ? 0 : run.expectedSeconds()));
    double scale = Math.min(MAX_PX_PER_SECOND, (WIDTH - LEFT - 60) / span);
    boolean blocking = run.mode() == Mode.SYNC;

    int rows = lanes.values().stream().mapToInt(List::size).sum() + waits.size();
    int height = TOP + rows * ROW + lanes.size() * 8 + 70;
    Document doc = document();
    Element svg = doc.createElementNS(SVG, "svg");
    doc.appendChild(svg);
    svg.setAttribute("width", String.valueOf(WIDTH));
    svg.setAttribute("height", String.valueOf(height));
    svg.setAttribute("viewBox", "0 0 " + WIDTH + " " + height);
    svg.setAttribute("font-family", "sans-serif");
    svg.setAttribute("font-size", "12");
    add(doc, svg, "rect", Map.of("width", "100%", "height", "100%", "fill", "white"));
    text(doc, svg, 10, 24, title(run), Map.of("font-size", "16", "font-weight", "bold"));
    text(doc, svg, 10, 44, subtitle(run), Map.of("fill", "#555"));

    int y = TOP;
    for (Map.Entry<String, List<List<Bar>>> lane : lanes.entrySet()) {
      text(doc, svg, 10, y + 17, lane.getKey(), Map.of());
      for (List<Bar> row : lane.getValue()) {
        for (Bar bar : row) {
          drink(doc, svg, bar, y, scale, blocking);
        }
        y += ROW;
      }
      y += 8;
    }
    for (Map.Entry<String, double[]> wait : waits.entrySet()) {
      double from = wait.getValue()[0];
      double to = wait.getValue()[1];
      text(doc, svg, 10, y + 17, wait.getKey() + " waits", Map.of());
      Element g = add(doc, svg, "g", Map.of("class", "wait", "data-customer", wait.getKey(),
          "data-start", Numbers.plain(from), "data-end", Numbers.plain(to)));
      add(doc, g, "rect", Map.of("x", x(from, scale), "y", String.valueOf(y + 8),
          "width", w(to - from, scale), "height", "10", "fill", WAITING));
      text(doc, g, LEFT + (to * scale) + 4, y + 17, String.format("%.1f s", to - from), Map.of());
      y += ROW;
    }
    axis(doc, svg, y + 6, span, scale);
    legend(doc, svg, y + 46, blocking);
    return serialize(doc);
  }

  /** Every drink that started, from its events; the hands-on end comes from its timer. */
  static List<Bar> bars(RunTrace run) {
    Map<String, Double> handsOnDone = new HashMap<>();
    for (Message m : run.messages()) {
      if (m.messageType().equals("HandsOnDone")) {
        handsOnDone.put(key(m.customerNo(), m.drinkNo()), m.atSeconds());
      }
    }
    Map<String, CafeEvent> started = new LinkedHashMap<>();
    Map<String, Double> ready = new HashMap<>();
    for (CafeEvent e : run.events()) {
      if (e.type() == Type.DRINK_STARTED) {
        started.put(key(e.customerNo(), e.drinkNo()), e);
      } else if (e.type() == Type.DRINK_READY) {
        ready.put(key(e.customerNo(), e.drinkNo()), e.atSeconds());
      }
    }
    List<Bar> bars = new ArrayList<>();
    double now = run.simulatedSeconds();
    started.forEach((key, e) -> {
      double end = ready.getOrDefault(key, now);
      bars.add(new Bar(e.barista(), e.customer(), e.drink(), e.customerNo(), e.drinkNo(),
          e.atSeconds(), handsOnDone.getOrDefault(key, e.atSeconds()), end));
    });
    return bars;
  }

  /** Baristas in number order; within a lane, a drink goes to the first row free at its start. */
  private static Map<String, List<List<Bar>>> lanes(List<Bar> bars) {
    Map<Integer, List<List<Bar>>> byNumber = new TreeMap<>();
    Map<Integer, String> names = new HashMap<>();
    for (Bar bar : bars) {
      int number = Integer.parseInt(bar.barista().replaceAll("\\D", "0"));
      names.put(number, bar.barista());
      List<List<Bar>> rows = byNumber.computeIfAbsent(number, n -> new ArrayList<>());
      List<Bar> free = rows.stream()
          .filter(row -> row.get(row.size() - 1).end() <= bar.start())
          .findFirst().orElse(null);
      if (free == null) {
        free = new ArrayList<>();
        rows.add(free);
      }
      free.add(bar);
    }
    Map<String, List<List<Bar>>> lanes = new LinkedHashMap<>();
    byNumber.forEach((number, rows) -> lanes.put(names.get(number), rows));
    return lanes;
  }

  /** Each customer's wait: from the first order to being served (or to now). */
  private static Map<String, double[]> waits(RunTrace run) {
    Map<String, double[]> waits = new LinkedHashMap<>();
    for (CafeEvent e : run.events()) {
      if (e.type() == Type.ORDER_PLACED) {
        waits.putIfAbsent(e.customer(), new double[] {e.atSeconds(), run.simulatedSeconds()});
      } else if (e.type() == Type.CUSTOMER_SERVED && waits.containsKey(e.customer())) {
        waits.get(e.customer())[1] = e.atSeconds();
      }
    }
    return waits;
  }

  private static void drink(Document doc, Element svg, Bar bar, int y, double scale,
      boolean blocking) {
    Element g = add(doc, svg, "g", Map.of("class", "drink", "data-barista", bar.barista(),
        "data-customer", bar.customer(), "data-drink", bar.drink(),
        "data-start", Numbers.plain(bar.start()), "data-end", Numbers.plain(bar.end())));
    add(doc, g, "title", Map.of()).setTextContent(String.format("%s for %s: %.3f s to %.3f s",
        bar.drink(), bar.customer(), bar.start(), bar.end()));
    if (bar.brewFrom() > bar.start()) {
      add(doc, g, "rect", Map.of("class", "hands-on", "x", x(bar.start(), scale),
          "y", String.valueOf(y + 3), "width", w(bar.brewFrom() - bar.start(), scale),
          "height", "20", "fill", HANDS_ON));
    }
    if (bar.end() > bar.brewFrom()) {
      add(doc, g, "rect", Map.of("class", blocking ? "brewing blocked" : "brewing",
          "x", x(bar.brewFrom(), scale), "y", String.valueOf(y + 3),
          "width", w(bar.end() - bar.brewFrom(), scale), "height", "20",
          "fill", blocking ? BLOCKED : BREWING, "stroke", "white", "stroke-width", "1"));
    }
    text(doc, g, LEFT + bar.start() * scale + 4, y + 17, bar.drink() + " (" + bar.customer() + ")",
        Map.of("font-size", "11"));
  }

  private static void axis(Document doc, Element svg, int y, double span, double scale) {
    add(doc, svg, "line", Map.of("x1", String.valueOf(LEFT), "y1", String.valueOf(y),
        "x2", x(span, scale), "y2", String.valueOf(y), "stroke", "black"));
    double step = niceStep(span);
    for (double t = 0; t <= span + 1e-9; t += step) {
      add(doc, svg, "line", Map.of("x1", x(t, scale), "y1", String.valueOf(y),
          "x2", x(t, scale), "y2", String.valueOf(y + 5), "stroke", "black"));
      add(doc, svg, "line", Map.of("x1", x(t, scale), "y1", String.valueOf(TOP - 4),
          "x2", x(t, scale), "y2", String.valueOf(y), "stroke", "#ddd"));
      text(doc, svg, LEFT + t * scale - 4, y + 18, Numbers.plain(Math.round(t * 1000) / 1000.0),
          Map.of());
    }
    text(doc, svg, 10, y + 18, "simulated s", Map.of("fill", "#555"));
  }

  private static void legend(Document doc, Element svg, int y, boolean blocking) {
    int x = 10;
    String[] brewing = blocking
        ? new String[] {BLOCKED, "brewing, barista stands by (sync)"}
        : new String[] {BREWING, "brewing, barista free (async)"};
    for (String[] item : new String[][] {
        {HANDS_ON, "hands-on (barista busy)"}, brewing, {WAITING, "customer waiting"}}) {
      add(doc, svg, "rect", Map.of("x", String.valueOf(x), "y", String.valueOf(y - 10),
          "width", "14", "height", "12", "fill", item[0]));
      text(doc, svg, x + 20, y, item[1], Map.of());
      x += item == brewing ? 260 : 190;
    }
  }

  private static String title(RunTrace run) {
    String name = run.scenario() == null ? "custom run" : run.scenario();
    String mode = run.mode() == null ? "" : " (" + run.mode().label() + ")";
    String total = run.elapsedSeconds() != null ? String.format(": %.3f s", run.elapsedSeconds())
        : ": " + run.status().toLowerCase();
    String expected = run.expectedSeconds() == null ? ""
        : String.format(", expected %.3f s", run.expectedSeconds());
    return name + mode + total + expected;
  }

  private static String subtitle(RunTrace run) {
    return run.runId() + (run.speed() == null ? "" : "  speed " + Numbers.plain(run.speed()))
        + "  " + run.status() + (run.traceId() == null ? "" : "  trace " + run.traceId());
  }

  private static double niceStep(double span) {
    double raw = span / 10;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (raw <= m * magnitude) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String x(double seconds, double scale) {
    return String.format("%.2f", LEFT + seconds * scale);
  }

  private static String w(double seconds, double scale) {
    return String.format("%.2f", Math.max(0.5, seconds * scale));
  }

  private static String key(Integer customerNo, Integer drinkNo) {
    return customerNo + "." + drinkNo;
  }

  private static Element add(Document doc, Element parent, String name, Map<String, String> attrs) {
    Element element = doc.createElementNS(SVG, name);
    new TreeMap<>(attrs).forEach(element::setAttribute);
    parent.appendChild(element);
    return element;
  }

  private static void text(Document doc, Element parent, double x, double y, String content,
      Map<String, String> attrs) {
    Map<String, String> all = new HashMap<>(attrs);
    all.put("x", String.format("%.2f", x));
    all.put("y", String.format("%.2f", y));
    add(doc, parent, "text", all).setTextContent(content);
  }

  private static Document document() {
    try {
      var factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      return factory.newDocumentBuilder().newDocument();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String serialize(Document doc) {
    try {
      var transformer = TransformerFactory.newInstance().newTransformer();
      transformer.setOutputProperty(OutputKeys.INDENT, "yes");
      transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
      StringWriter out = new StringWriter();
      transformer.transform(new DOMSource(doc), new StreamResult(out));
      return out.toString();
    } catch (TransformerException e) {
      throw new IllegalStateException(e);
    }
  }
}
