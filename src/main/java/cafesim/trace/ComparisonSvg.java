package cafesim.trace;

import static cafesim.trace.GanttSvg.FONT;
import static cafesim.trace.GanttSvg.WIDTH;
import static cafesim.trace.GanttSvg.add;
import static cafesim.trace.GanttSvg.fit;
import static cafesim.trace.GanttSvg.text;
import static cafesim.trace.GanttSvg.x;
import static cafesim.trace.GanttSvg.xml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Two runs on one time axis, one above the other, for a slide: normally the sync and async runs
 * of one comparison. Each run is a band of {@link GanttSvg}'s lanes drawn at the same scale, so
 * an instant is at the same x in both, under a header with its mode (and its status when it did
 * not complete) and its exact total in large type ("8 s"); the title names the scenario and, in
 * large type beside it, the speedup: the top run's makespan over the bottom one's, at most two
 * decimals ("1.6x"). One time axis under both bands, its grid behind them.
 *
 * <p>For programs as well as eyes: the root has {@code data-speedup} (as shown); each band is a
 * {@code <g class="run">} with {@code data-side} (the query parameter it came from: sync on
 * top, async below), {@code data-mode}, {@code data-run-id}, {@code data-status} and
 * {@code data-total} (the exact makespan in seconds); the axis is the one
 * {@code <g class="axis">}, each tick's {@code data-x} where its instant is drawn.
 */
public final class ComparisonSvg {

  private ComparisonSvg() {}

  private static final int TITLE_FONT = 22;
  private static final int SPEEDUP_FONT = 40;
  private static final int MODE_FONT = 20;
  private static final int TOTAL_FONT = 28;
  /** Room at the right of the title for the speedup and its caption. */
  private static final int SPEEDUP_ROOM = 190;
  /** Room at the right of a band's header for its total. */
  private static final int TOTAL_ROOM = 220;
  private static final int FIRST_BAND = 84;
  private static final int HEADER = 46;
  private static final int GAP = 14;

  public static String render(RunTrace sync, RunTrace async) {
    GanttSvg.Band top = GanttSvg.Band.of(sync);
    GanttSvg.Band bottom = GanttSvg.Band.of(async);
    double span = Math.max(top.span(), bottom.span());
    double scale = GanttSvg.scale(span);
    Double speedup = speedup(sync, async);
    List<GanttSvg.Bar> bars = new ArrayList<>(top.bars());
    bars.addAll(bottom.bars());
    List<String[]> legend = GanttSvg.legend(top.blocking() || bottom.blocking(),
        !top.blocking() || !bottom.blocking(), bars);
    int legendRows = (legend.size() + 2) / 3;
    int lanesTop = FIRST_BAND + header(top);
    int axisY = FIRST_BAND + header(top) + top.height() + GAP + header(bottom)
        + bottom.height() + 6;
    int height = axisY + 44 + legendRows * 20;

    Document doc = GanttSvg.document();
    Element svg = GanttSvg.root(doc, height);
    if (speedup != null) {
      svg.setAttribute("data-speedup", Numbers.rounded(speedup, 2));
    }
    String title = title(sync, async);
    add(doc, svg, "title", Map.of()).setTextContent(xml(title + ": " + total(sync) + " and "
        + total(async) + (speedup == null ? "" : ", speedup " + Numbers.times(speedup))));
    add(doc, svg, "rect", Map.of("width", "100%", "height", "100%", "fill", "white"));
    // First, so its grid lines are behind both bands; drawn once the bands' height is known.
    Element axis = add(doc, svg, "g", Map.of("class", "axis"));

    text(doc, svg, 10, 34, fit(title, WIDTH - 20 - SPEEDUP_ROOM, TITLE_FONT),
        Map.of("class", "heading", "font-size", String.valueOf(TITLE_FONT),
            "font-weight", "bold"));
    text(doc, svg, 10, 58, fit(subtitle(sync, async), WIDTH - 20 - SPEEDUP_ROOM, FONT),
        Map.of("fill", "#555"));
    Map<String, String> big = new HashMap<>(Map.of("class", "speedup",
        "font-size", String.valueOf(SPEEDUP_FONT), "font-weight", "bold",
        "text-anchor", "end"));
    if (speedup != null) {
      big.put("data-speedup", Numbers.rounded(speedup, 2));
    }
    text(doc, svg, WIDTH - 10, 48, speedup == null ? "n/a" : Numbers.times(speedup), big);
    text(doc, svg, WIDTH - 10, 68, fit("speedup, " + total(sync) + " / " + total(async),
        SPEEDUP_ROOM, FONT), Map.of("fill", "#555", "text-anchor", "end"));

    int y = band(doc, svg, "sync", top, FIRST_BAND, scale);
    y = band(doc, svg, "async", bottom, y + GAP, scale);
    GanttSvg.axis(doc, axis, lanesTop, y + 6, span, scale);
    GanttSvg.legend(doc, svg, y + 46, legend);
    return GanttSvg.serialize(doc);
  }

  /**
   * The top run's makespan over the bottom one's; null when either has none yet (running) or
   * the bottom one's is 0 (a run stopped before anything happened).
   */
  static Double speedup(RunTrace sync, RunTrace async) {
    if (sync.makespanSeconds() == null || async.makespanSeconds() == null
        || async.makespanSeconds() <= 0) {
      return null;
    }
    double ratio = sync.makespanSeconds() / async.makespanSeconds();
    return Double.isFinite(ratio) ? ratio : null;
  }

  /** A run's band, from {@code y} down: header, cap note, lanes. Returns the y under it. */
  private static int band(Document doc, Element svg, String side, GanttSvg.Band band, int y,
      double scale) {
    RunTrace run = band.run();
    Map<String, String> attrs = new HashMap<>(Map.of("class", "run", "data-side", side,
        "data-mode", mode(run), "data-run-id", run.runId(),
        "data-status", String.valueOf(run.status())));
    if (run.makespanSeconds() != null) {
      attrs.put("data-total", Numbers.plain(run.makespanSeconds()));
    }
    Element g = add(doc, svg, "g", attrs);
    add(doc, g, "line", Map.of("x1", "10", "y1", String.valueOf(y), "x2",
        String.valueOf(WIDTH - 10), "y2", String.valueOf(y), "stroke", "#999"));
    text(doc, g, 10, y + 32, fit(label(run), WIDTH - 20 - TOTAL_ROOM, MODE_FONT),
        Map.of("class", "mode", "font-size", String.valueOf(MODE_FONT), "font-weight", "bold"));
    Map<String, String> total = new HashMap<>(Map.of("class", "total",
        "font-size", String.valueOf(TOTAL_FONT), "font-weight", "bold", "text-anchor", "end"));
    if (run.makespanSeconds() != null) {
      total.put("data-total", attrs.get("data-total"));
    }
    text(doc, g, WIDTH - 10, y + 34, fit(total(run), TOTAL_ROOM, TOTAL_FONT), total);
    if (band.cap() != null) {
      text(doc, g, 10, y + 52, band.cap(), Map.of("class", "capped", "fill",
          GanttSvg.SLIPPED));
    }
    int lanesTop = y + header(band);
    int end = GanttSvg.drawLanes(doc, g, band, lanesTop, scale);
    if (run.makespanSeconds() != null) {
      // Where the run ended, on the shared axis: the gap between the two is the time saved.
      String x = x(run.makespanSeconds(), scale);
      add(doc, g, "line", Map.of("class", "makespan", "x1", x, "y1",
          String.valueOf(lanesTop - 4), "x2", x, "y2", String.valueOf(end), "stroke", "#333",
          "stroke-width", "1.5", "stroke-dasharray", "6 4"));
    }
    return end;
  }

  private static int header(GanttSvg.Band band) {
    return band.cap() == null ? HEADER : HEADER + 18;
  }

  /** "sync", or "sync (CANCELLED)" for a run that ended without completing. */
  private static String label(RunTrace run) {
    return mode(run) + ("COMPLETED".equals(run.status()) ? "" : " (" + run.status() + ")");
  }

  private static String mode(RunTrace run) {
    return run.mode() == null ? "unknown mode" : run.mode().label();
  }

  /** The exact total, "8 s"; while a run has none, its status ("running"). */
  private static String total(RunTrace run) {
    return run.makespanSeconds() == null ? String.valueOf(run.status()).toLowerCase()
        : Numbers.seconds(run.makespanSeconds());
  }

  /** "americano-latte: sync vs async": the scenario when both share one. */
  static String title(RunTrace sync, RunTrace async) {
    String name;
    if (Objects.equals(sync.scenario(), async.scenario())) {
      name = sync.scenario() == null ? "custom runs" : sync.scenario();
    } else {
      name = scenario(sync) + " and " + scenario(async);
    }
    return name + ": " + mode(sync) + " vs " + mode(async);
  }

  private static String scenario(RunTrace run) {
    return run.scenario() == null ? "custom run" : run.scenario();
  }

  /** "run-a and run-b, speed 100", or each run's speed when they differ. */
  private static String subtitle(RunTrace sync, RunTrace async) {
    if (Objects.equals(sync.speed(), async.speed())) {
      return sync.runId() + " and " + async.runId() + speed(sync, ", ");
    }
    return sync.runId() + speed(sync, " at ") + " and " + async.runId() + speed(async, " at ");
  }

  private static String speed(RunTrace run, String before) {
    return run.speed() == null ? "" : before + "speed " + Numbers.plain(run.speed());
  }
}
