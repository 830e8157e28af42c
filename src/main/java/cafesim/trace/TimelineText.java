package cafesim.trace;

import cafesim.cafe.CafeEvent;

/**
 * A run as text: a header, then one line per event, simulated time first. Every name is printed
 * through {@link Printable}, so a run read from any log renders as exactly that many lines.
 */
public final class TimelineText {

  private TimelineText() {}

  public static String render(RunTrace run) {
    StringBuilder out = new StringBuilder(header(run)).append('\n');
    for (CafeEvent event : run.events()) {
      out.append(event.line()).append('\n');
    }
    return out.toString();
  }

  /** "run-1a2b3c4d americano-latte async speed 1: COMPLETED in 5.001 s (expected 5.000 s)". */
  public static String header(RunTrace run) {
    StringBuilder h = new StringBuilder(Printable.of(run.runId()))
        .append(' ').append(run.scenario() == null ? "custom" : Printable.of(run.scenario()));
    if (run.mode() != null) {
      h.append(' ').append(run.mode().label());
    }
    if (run.speed() != null) {
      h.append(" speed ").append(Numbers.plain(run.speed()));
    }
    h.append(": ").append(Printable.of(run.status()));
    if (run.makespanSeconds() != null) {
      h.append(String.format(" in %.3f s", run.makespanSeconds()));
    }
    if (run.expectedSeconds() != null) {
      h.append(String.format(" (expected %.3f s)", run.expectedSeconds()));
    }
    return h.toString();
  }
}
