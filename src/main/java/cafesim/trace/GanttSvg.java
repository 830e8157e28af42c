package cafesim.trace;

import cafesim.cafe.CafeEvent;
import cafesim.cafe.CafeEvent.Type;
import cafesim.cafe.Message;
import cafesim.cafe.Mode;
import cafesim.run.RunReport;
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
 * A run as a Gantt picture: a lane per barista with a bar per try at a drink (hands-on part
 * dark, brewing light; drinks brewing at once stack, so overlap shows), a lane per customer for
 * the wait from the first order to being served, and a time axis in simulated seconds. Sync and
 * async of the same scenario look plainly different: in sync the barista stands by each brew
 * (drawn as blocked time) and the drinks form one staircase; in async they brew side by side.
 * Short runs share one scale (90 px per simulated second), so a longer run is a longer picture.
 *
 * <p>Honest about what is not done: a try the barista slipped on is a bar of its own, outlined
 * red ({@code data-slipped}); a drink still being made in a running run ends at the run's last
 * instant with a dashed, open end ({@code data-unfinished}). Each drink's group carries
 * {@code data-*} attributes (customer, drink, start, end) so the picture can be checked by a
 * program as well as by eye; so does the time axis ({@code <g class="axis">}, each tick's
 * {@code data-seconds} and the {@code data-x} it is drawn at).
 *
 * <p>A run's lanes are a {@link Band}, drawn by {@link #drawLanes} into any vertical band at any
 * scale: {@link ComparisonSvg} draws two runs' at one scale, over one axis.
 *
 * <p>Bounded: at most {@link #MAX_BARS} bars and {@link #MAX_WAITS} waits are drawn, the first
 * by start; the picture's title and a note under it say what was left out. Labels are cut to
 * the bar they name (the full text is the bar's tooltip), so they never overlap. Every string
 * from the run goes in through the DOM, with characters XML 1.0 cannot carry replaced by U+FFFD.
 */
public final class GanttSvg {

  private GanttSvg() {}

  /**
   * The most drink bars one picture draws: enough for any run a person reads bar by bar, and a
   * picture of about a megabyte. A bigger run is drawn capped, so its cost does not grow.
   */
  public static final int MAX_BARS = 2_000;
  /** The most customers' waits one picture draws, for the same reason. */
  public static final int MAX_WAITS = 500;

  static final String SVG = "http://www.w3.org/2000/svg";
  static final int LEFT = 130;
  static final int WIDTH = 900;
  /** Room right of the time axis for a wait's label ("12.0 s so far"). */
  static final int RIGHT = 110;
  private static final int ROW = 26;
  private static final int TOP = 70;
  private static final int LABEL_FONT = 11;
  static final int FONT = 12;
  /**
   * A generous estimate of a sans-serif character's width, in ems: labels are cut to fit by it,
   * so a label is never wider than its bar.
   */
  static final double CHAR_EM = 0.62;
  private static final String HANDS_ON = "#8c510a";
  private static final String BREWING = "#dfc27d";
  private static final String BLOCKED = "#d6604d";
  private static final String WAITING = "#80cdc1";
  private static final String IN_PROGRESS = "#bababa";
  static final String SLIPPED = "#b2182b";
  private static final double MAX_PX_PER_SECOND = 90;

  /** How a try at a drink ended. */
  enum Outcome { READY, SLIPPED, UNFINISHED }

  /**
   * One try at a drink on the picture. {@code brewFrom} is where the hands-on part ends; NaN
   * when that is not known yet (an unfinished try without its hands-on step logged).
   */
  record Bar(String barista, String customer, String drink, int customerNo, int drinkNo,
      double start, double brewFrom, double end, Outcome outcome, String reason,
      boolean givenUp) {}

  public static String render(RunTrace run) {
    Band band = Band.of(run);
    double span = band.span();
    double scale = scale(span);
    List<String[]> legend = legend(band.blocking(), !band.blocking(), band.bars());
    int legendRows = (legend.size() + 2) / 3;

    int top = band.cap() == null ? TOP : TOP + 18;
    int height = top + band.height() + 50 + legendRows * 20;
    Document doc = document();
    Element svg = root(doc, height);
    String title = title(run);
    String cap = band.cap();
    add(doc, svg, "title", Map.of()).setTextContent(xml(cap == null ? title : title + "; " + cap));
    add(doc, svg, "rect", Map.of("width", "100%", "height", "100%", "fill", "white"));
    text(doc, svg, 10, 24, fit(title, WIDTH - 20, 16), Map.of("font-size", "16",
        "font-weight", "bold"));
    text(doc, svg, 10, 44, fit(subtitle(run), WIDTH - 20, FONT), Map.of("fill", "#555"));
    if (cap != null) {
      text(doc, svg, 10, 62, cap, Map.of("class", "capped", "fill", SLIPPED));
    }

    int y = drawLanes(doc, svg, band, top, scale);
    axis(doc, add(doc, svg, "g", Map.of("class", "axis")), top, y + 6, span, scale);
    legend(doc, svg, y + 46, legend);
    return serialize(doc);
  }

  /**
   * What one run's lanes show, ready to draw: its tries at drinks in barista lanes (each lane
   * as many rows as drinks overlap in it), its customers' waits, and what the caps left out.
   *
   * @param cap what was left out, or null when everything is drawn
   */
  record Band(RunTrace run, List<Bar> bars, Map<String, List<List<Bar>>> lanes,
      List<Wait> waits, String cap) {

    static Band of(RunTrace run) {
      // GanttSvg.: the record's accessors hide the methods of the same names.
      List<Bar> allBars = GanttSvg.bars(run);
      List<Bar> bars = allBars.subList(0, Math.min(MAX_BARS, allBars.size()));
      List<Wait> allWaits = GanttSvg.waits(run);
      List<Wait> waits = allWaits.subList(0, Math.min(MAX_WAITS, allWaits.size()));
      return new Band(run, bars, GanttSvg.lanes(bars), waits,
          GanttSvg.cap(bars.size(), allBars, waits.size(), allWaits.size()));
    }

    /** The simulated seconds the time axis must cover: the run, and what it was expected to take. */
    double span() {
      return Math.max(1e-9, Math.max(run.simulatedSeconds(),
          run.expectedSeconds() == null ? 0 : run.expectedSeconds()));
    }

    /** Brewing holds the barista: drawn as blocked time. */
    boolean blocking() {
      return run.mode() == Mode.SYNC;
    }

    /** The pixels {@link #drawLanes} takes, top to bottom. */
    int height() {
      int rows = lanes.values().stream().mapToInt(List::size).sum() + waits.size();
      return rows * ROW + lanes.size() * 8;
    }
  }

  /** Pixels per simulated second for an axis of {@code span} seconds in the picture's width. */
  static double scale(double span) {
    return Math.min(MAX_PX_PER_SECOND, (WIDTH - LEFT - RIGHT) / span);
  }

  /**
   * Draws a run's lanes into {@code parent} from {@code top} down, at {@code scale} pixels per
   * simulated second from x = {@link #LEFT}: a lane per barista (its name at the left, a bar
   * per try), then a lane per customer's wait. Two runs drawn at one scale share one time axis.
   *
   * @return the y under the last lane ({@code top + band.height()})
   */
  static int drawLanes(Document doc, Element parent, Band band, int top, double scale) {
    int y = top;
    for (Map.Entry<String, List<List<Bar>>> lane : band.lanes().entrySet()) {
      text(doc, parent, 10, y + 17, fit(lane.getKey(), LEFT - 14, FONT), Map.of());
      for (List<Bar> row : lane.getValue()) {
        for (Bar bar : row) {
          drink(doc, parent, bar, y, scale, band.blocking());
        }
        y += ROW;
      }
      y += 8;
    }
    for (Wait wait : band.waits()) {
      // "kim waits", or as much of the name as fits.
      String label = wait.customer() + " waits";
      text(doc, parent, 10, y + 17, fit(label, LEFT - 14, FONT).equals(label) ? label
          : fit(wait.customer(), LEFT - 14, FONT), Map.of());
      Map<String, String> attrs = new HashMap<>(Map.of("class", "wait",
          "data-customer", wait.customer(), "data-start", Numbers.plain(wait.from()),
          "data-end", Numbers.plain(wait.to())));
      if (!wait.served()) {
        attrs.put("data-unfinished", "true");
      }
      Element g = add(doc, parent, "g", attrs);
      add(doc, g, "rect", Map.of("x", x(wait.from(), scale), "y", String.valueOf(y + 8),
          "width", w(wait.to() - wait.from(), scale), "height", "10", "fill", WAITING));
      text(doc, g, LEFT + (wait.to() * scale) + 4, y + 17,
          String.format(wait.served() ? "%.1f s" : "%.1f s so far", wait.to() - wait.from()),
          Map.of());
      y += ROW;
    }
    return y;
  }

  /**
   * Every try at a drink, from its events: it starts with DRINK_STARTED and ends ready, or
   * slipped (its barista slipped on it, or on another drink and lost this one with the
   * restart), or not yet (drawn to the run's last instant). The hands-on end comes from its
   * timer's message.
   */
  static List<Bar> bars(RunTrace run) {
    Map<String, List<Double>> handsOnDone = new HashMap<>();
    for (Message m : run.messages()) {
      if ("HandsOnDone".equals(m.messageType())) {
        handsOnDone.computeIfAbsent(key(m.customerNo(), m.drinkNo()), k -> new ArrayList<>())
            .add(m.atSeconds());
      }
    }
    List<CafeEvent> starts = new ArrayList<>();
    List<Bar> bars = new ArrayList<>();
    Map<String, Integer> open = new HashMap<>();
    Map<String, Integer> lastTry = new HashMap<>();
    Map<Integer, String> givenUp = new HashMap<>();
    for (CafeEvent e : run.events()) {
      String key = key(e.customerNo(), e.drinkNo());
      switch (e.type()) {
        case DRINK_STARTED -> {
          Integer before = open.get(key);
          if (before != null) {
            // Started again with no end in between: the log lost the end; say only that.
            bars.set(before, bar(starts.get(before), e.atSeconds(), Outcome.UNFINISHED, null,
                handsOnDone));
          }
          open.put(key, bars.size());
          lastTry.put(key, bars.size());
          starts.add(e);
          bars.add(null);
        }
        case DRINK_READY -> {
          Integer i = open.remove(key);
          if (i != null) {
            bars.set(i, bar(starts.get(i), e.atSeconds(), Outcome.READY, null, handsOnDone));
          }
        }
        case BARISTA_FAILED, DRINK_RETRIED, DRINK_FAILED -> {
          Integer i = open.remove(key);
          if (i != null) {
            bars.set(i, bar(starts.get(i), e.atSeconds(), Outcome.SLIPPED, e.reason(),
                handsOnDone));
          }
          if (e.type() == Type.DRINK_FAILED && lastTry.containsKey(key)) {
            givenUp.put(lastTry.get(key), e.reason());
          }
        }
        default -> { }
      }
    }
    double now = run.simulatedSeconds();
    open.values().forEach(i ->
        bars.set(i, bar(starts.get(i), now, Outcome.UNFINISHED, null, handsOnDone)));
    givenUp.forEach((i, reason) -> {
      Bar b = bars.get(i);
      bars.set(i, new Bar(b.barista(), b.customer(), b.drink(), b.customerNo(), b.drinkNo(),
          b.start(), b.brewFrom(), b.end(), b.outcome(),
          b.reason() == null ? reason : reason == null ? b.reason() : b.reason() + "; " + reason,
          true));
    });
    return List.copyOf(bars);
  }

  private static Bar bar(CafeEvent started, double end, Outcome outcome, String reason,
      Map<String, List<Double>> handsOnDone) {
    double brewFrom = started.atSeconds();
    List<Double> done = handsOnDone.get(key(started.customerNo(), started.drinkNo()));
    if (done != null && !done.isEmpty()) {
      brewFrom = done.stream().filter(t -> t >= started.atSeconds() && t <= end).findFirst()
          .orElse(outcome == Outcome.UNFINISHED ? Double.NaN : started.atSeconds());
    } else if (outcome == Outcome.UNFINISHED) {
      brewFrom = Double.NaN;
    }
    return new Bar(started.barista() == null ? "?" : started.barista(),
        orEmpty(started.customer()), orEmpty(started.drink()),
        started.customerNo() == null ? 0 : started.customerNo(),
        started.drinkNo() == null ? 0 : started.drinkNo(),
        started.atSeconds(), brewFrom, end, outcome, reason, false);
  }

  /** Baristas in number order; within a lane, a drink goes to the first row free at its start. */
  private static Map<String, List<List<Bar>>> lanes(List<Bar> bars) {
    Map<String, List<List<Bar>>> lanes = new TreeMap<>(RunTrace.NUMBERED);
    for (Bar bar : bars) {
      List<List<Bar>> rows = lanes.computeIfAbsent(bar.barista(), n -> new ArrayList<>());
      List<Bar> free = rows.stream()
          .filter(row -> row.get(row.size() - 1).end() <= bar.start())
          .findFirst().orElse(null);
      if (free == null) {
        free = new ArrayList<>();
        rows.add(free);
      }
      free.add(bar);
    }
    return lanes;
  }

  record Wait(String customer, double from, double to, boolean served) {}

  /** Each customer's wait: from the first order to being served (or to now). */
  private static List<Wait> waits(RunTrace run) {
    Map<Object, double[]> times = new LinkedHashMap<>();
    Map<Object, String> names = new HashMap<>();
    Map<Object, Boolean> served = new HashMap<>();
    for (CafeEvent e : run.events()) {
      // By number: two customers may share a name.
      Object who = e.customerNo() != null ? e.customerNo() : e.customer();
      if (e.type() == Type.ORDER_PLACED && who != null && !times.containsKey(who)) {
        times.put(who, new double[] {e.atSeconds(), run.simulatedSeconds()});
        names.put(who, orEmpty(e.customer()));
      } else if (e.type() == Type.CUSTOMER_SERVED && times.containsKey(who)) {
        times.get(who)[1] = e.atSeconds();
        served.put(who, true);
      }
    }
    List<Wait> waits = new ArrayList<>();
    times.forEach((who, t) -> waits.add(new Wait(names.get(who), t[0], t[1],
        served.getOrDefault(who, false))));
    return waits;
  }

  /** What a capped picture leaves out, or null when it shows everything. */
  private static String cap(int barsShown, List<Bar> bars, int waitsShown, int waits) {
    List<String> parts = new ArrayList<>();
    if (barsShown < bars.size()) {
      long drinks = bars.stream().map(b -> key(b.customerNo(), b.drinkNo())).distinct().count();
      parts.add(String.format("the first %,d of %,d %s", barsShown, bars.size(),
          drinks == bars.size() ? "drinks" : "tries at drinks"));
    }
    if (waitsShown < waits) {
      parts.add(String.format("the first %,d of %,d customers' waits", waitsShown, waits));
    }
    return parts.isEmpty() ? null : "capped: showing " + String.join(" and ", parts)
        + " (by start)";
  }

  private static void drink(Document doc, Element svg, Bar bar, int y, double scale,
      boolean blocking) {
    Map<String, String> attrs = new HashMap<>(Map.of("class", "drink",
        "data-barista", bar.barista(), "data-customer", bar.customer(), "data-drink", bar.drink(),
        "data-start", Numbers.plain(bar.start()), "data-end", Numbers.plain(bar.end())));
    String how = "";
    if (bar.outcome() == Outcome.SLIPPED) {
      attrs.put("data-slipped", "true");
      how = ", slipped";
    } else if (bar.outcome() == Outcome.UNFINISHED) {
      attrs.put("data-unfinished", "true");
      how = ", not finished yet";
    }
    if (bar.givenUp()) {
      attrs.put("data-given-up", "true");
      how += ", given up";
    }
    Element g = add(doc, svg, "g", attrs);
    add(doc, g, "title", Map.of()).setTextContent(xml(String.format("%s for %s: %.3f s to %.3f s%s",
        bar.drink(), bar.customer(), bar.start(), bar.end(), how)
        + (bar.reason() == null ? "" : " (" + bar.reason() + ")")));
    boolean unfinished = bar.outcome() == Outcome.UNFINISHED;
    String opacity = bar.outcome() == Outcome.READY ? "1" : "0.55";
    double brewFrom = bar.brewFrom();
    if (Double.isNaN(brewFrom)) {
      // Started, and its first step not over: hands-on or brewing, the log does not say yet.
      part(doc, g, "in-progress", bar.start(), bar.end(), y, scale, IN_PROGRESS, opacity);
    } else {
      if (brewFrom > bar.start()) {
        part(doc, g, "hands-on", bar.start(), brewFrom, y, scale, HANDS_ON, opacity);
      }
      if (bar.end() > brewFrom) {
        part(doc, g, blocking ? "brewing blocked" : "brewing", brewFrom, bar.end(), y, scale,
            blocking ? BLOCKED : BREWING, opacity);
      }
    }
    if (bar.outcome() == Outcome.SLIPPED) {
      add(doc, g, "rect", Map.of("class", "slip", "x", x(bar.start(), scale),
          "y", String.valueOf(y + 3), "width", w(bar.end() - bar.start(), scale), "height", "20",
          "fill", "none", "stroke", SLIPPED, "stroke-width", "2"));
    }
    if (unfinished) {
      // Top, bottom and start edges only: the bar is open where the drink is still going.
      add(doc, g, "path", Map.of("class", "unfinished", "fill", "none", "stroke", "#333",
          "stroke-width", "1.5", "stroke-dasharray", "4 3", "d",
          "M" + x(bar.end(), scale) + " " + (y + 3) + " H" + x(bar.start(), scale)
              + " V" + (y + 23) + " H" + x(bar.end(), scale)));
    }
    String label = bar.drink() + " (" + bar.customer() + ")"
        + (bar.givenUp() ? " given up" : bar.outcome() == Outcome.SLIPPED ? " slipped" : "");
    String fitted = fit(label, bar.end() - bar.start() <= 0 ? 0
        : (bar.end() - bar.start()) * scale - 6, LABEL_FONT);
    if (!fitted.isEmpty()) {
      text(doc, g, LEFT + bar.start() * scale + 4, y + 17, fitted,
          Map.of("font-size", String.valueOf(LABEL_FONT)));
    }
  }

  private static void part(Document doc, Element g, String cls, double from, double to, int y,
      double scale, String fill, String opacity) {
    Map<String, String> attrs = new HashMap<>(Map.of("class", cls, "x", x(from, scale),
        "y", String.valueOf(y + 3), "width", w(to - from, scale), "height", "20", "fill", fill,
        "stroke", "white", "stroke-width", "1"));
    if (!opacity.equals("1")) {
      attrs.put("fill-opacity", opacity);
    }
    add(doc, g, "rect", attrs);
  }

  /**
   * The time axis into {@code g} (the picture's one {@code class="axis"} group): its line at
   * {@code y}, a tick and a grid line up to {@code top} every nice step, each tick's
   * {@code data-seconds} and {@code data-x} saying where that instant is drawn.
   */
  static void axis(Document doc, Element g, int top, int y, double span, double scale) {
    g.setAttribute("data-px-per-second", Numbers.plain(Math.round(scale * 1000) / 1000.0));
    add(doc, g, "line", Map.of("x1", String.valueOf(LEFT), "y1", String.valueOf(y),
        "x2", x(span, scale), "y2", String.valueOf(y), "stroke", "black"));
    double step = niceStep(span);
    for (double t = 0; t <= span + 1e-9; t += step) {
      String seconds = Numbers.plain(Math.round(t * 1000) / 1000.0);
      Element tick = add(doc, g, "g", Map.of("class", "tick", "data-seconds", seconds,
          "data-x", x(t, scale)));
      add(doc, tick, "line", Map.of("x1", x(t, scale), "y1", String.valueOf(y),
          "x2", x(t, scale), "y2", String.valueOf(y + 5), "stroke", "black"));
      add(doc, tick, "line", Map.of("x1", x(t, scale), "y1", String.valueOf(top - 4),
          "x2", x(t, scale), "y2", String.valueOf(y), "stroke", "#ddd"));
      text(doc, tick, LEFT + t * scale - 4, y + 18, seconds, Map.of());
    }
    text(doc, g, 10, y + 18, "simulated s", Map.of("fill", "#555"));
  }

  /**
   * The legend's items, {colour, text, style}: the brewing of each mode drawn ({@code blocking}
   * for sync, {@code free} for async); slipped and unfinished only when drawn.
   */
  static List<String[]> legend(boolean blocking, boolean free, List<Bar> bars) {
    List<String[]> items = new ArrayList<>();
    items.add(new String[] {HANDS_ON, "hands-on (barista busy)", ""});
    if (blocking) {
      items.add(new String[] {BLOCKED, "brewing, barista stands by (sync)", ""});
    }
    if (free) {
      items.add(new String[] {BREWING, "brewing, barista free (async)", ""});
    }
    items.add(new String[] {WAITING, "customer waiting", ""});
    if (bars.stream().anyMatch(b -> b.outcome() == Outcome.SLIPPED)) {
      items.add(new String[] {"none", "a try the barista slipped on", "slipped"});
    }
    if (bars.stream().anyMatch(b -> b.outcome() == Outcome.UNFINISHED)) {
      items.add(new String[] {IN_PROGRESS, "not finished yet (open end)", "unfinished"});
    }
    return items;
  }

  static void legend(Document doc, Element svg, int y, List<String[]> items) {
    for (int i = 0; i < items.size(); i++) {
      String[] item = items.get(i);
      int x = 10 + (i % 3) * 290;
      int rowY = y + (i / 3) * 20;
      Map<String, String> swatch = new HashMap<>(Map.of("x", String.valueOf(x),
          "y", String.valueOf(rowY - 10), "width", "14", "height", "12", "fill", item[0]));
      if (item[2].equals("slipped")) {
        swatch.putAll(Map.of("stroke", SLIPPED, "stroke-width", "2"));
      } else if (item[2].equals("unfinished")) {
        swatch.putAll(Map.of("stroke", "#333", "stroke-dasharray", "3 2"));
      }
      add(doc, svg, "rect", swatch);
      text(doc, svg, x + 20, rowY, item[1], Map.of());
    }
  }

  private static String title(RunTrace run) {
    String name = run.scenario() == null ? "custom run" : run.scenario();
    String mode = run.mode() == null ? "" : " (" + run.mode().label() + ")";
    String total = run.makespanSeconds() != null
        ? String.format(": %.3f s", run.makespanSeconds())
        : ": " + String.valueOf(run.status()).toLowerCase();
    String expected = run.expectedSeconds() == null ? ""
        : String.format(", expected %.3f s", run.expectedSeconds());
    return name + mode + total + expected;
  }

  private static String subtitle(RunTrace run) {
    return run.runId() + (run.speed() == null ? "" : "  speed " + Numbers.plain(run.speed()))
        + "  " + run.status() + figures(run.figures())
        + (run.traceId() == null ? "" : "  trace " + run.traceId());
  }

  /** The statistics that matter, when the run (or its log) has them. */
  private static String figures(RunReport.Figures figures) {
    if (figures == null) {
      return "";
    }
    return String.format("  served %d, walked out %d%s, baristas busy %.0f %%", figures.served(),
        figures.reneged(), figures.meanWaitSeconds() == null ? ""
            : String.format(", mean wait %.3f s", figures.meanWaitSeconds()),
        figures.utilisation() * 100);
  }

  /**
   * {@code text} cut to fit {@code px} at {@code fontSize} by the {@link #CHAR_EM} estimate,
   * ending in an ellipsis when cut; empty when not even one character and the ellipsis fit.
   */
  static String fit(String text, double px, int fontSize) {
    int room = (int) Math.floor(px / (CHAR_EM * fontSize));
    int length = text.codePointCount(0, text.length());
    if (length <= room) {
      return text;
    }
    if (room < 2) {
      return "";
    }
    return text.substring(0, text.offsetByCodePoints(0, room - 1)) + "…";
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

  static String x(double seconds, double scale) {
    return String.format("%.2f", LEFT + seconds * scale);
  }

  private static String w(double seconds, double scale) {
    return String.format("%.2f", Math.max(0.5, seconds * scale));
  }

  private static String key(Integer customerNo, Integer drinkNo) {
    return customerNo + "." + drinkNo;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /**
   * {@code s} with every character XML 1.0 cannot carry, even as a reference (most C0
   * controls, unpaired surrogates, U+FFFE and U+FFFF), replaced by U+FFFD: the DOM would
   * write them as "&amp;#1;", which no XML parser (or browser) accepts.
   */
  static String xml(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1));
      boolean allowed = pair || c == 0x9 || c == 0xA || c == 0xD
          || (c >= 0x20 && c <= 0xFFFD && !Character.isSurrogate(c));
      if (!allowed && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (out != null) {
        out.append(allowed ? c : '\uFFFD');
        if (pair) {
          out.append(s.charAt(i + 1));
        }
      }
      if (pair) {
        i++;
      }
    }
    return out == null ? s : out.toString();
  }

  static Element add(Document doc, Element parent, String name, Map<String, String> attrs) {
    Element element = doc.createElementNS(SVG, name);
    new TreeMap<>(attrs).forEach((key, value) -> element.setAttribute(key, xml(value)));
    parent.appendChild(element);
    return element;
  }

  static void text(Document doc, Element parent, double x, double y, String content,
      Map<String, String> attrs) {
    Map<String, String> all = new HashMap<>(attrs);
    all.put("x", String.format("%.2f", x));
    all.put("y", String.format("%.2f", y));
    add(doc, parent, "text", all).setTextContent(xml(content));
  }

  /** The picture's root element, {@link #WIDTH} wide and {@code height} high, in {@code doc}. */
  static Element root(Document doc, int height) {
    Element svg = doc.createElementNS(SVG, "svg");
    doc.appendChild(svg);
    svg.setAttribute("width", String.valueOf(WIDTH));
    svg.setAttribute("height", String.valueOf(height));
    svg.setAttribute("viewBox", "0 0 " + WIDTH + " " + height);
    svg.setAttribute("font-family", "sans-serif");
    svg.setAttribute("font-size", String.valueOf(FONT));
    return svg;
  }

  static Document document() {
    try {
      var factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      return factory.newDocumentBuilder().newDocument();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }

  static String serialize(Document doc) {
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
