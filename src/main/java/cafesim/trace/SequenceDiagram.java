package cafesim.trace;

import cafesim.cafe.CafeEvent;
import cafesim.cafe.Message;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A run's messages as a Mermaid {@code sequenceDiagram}: customers, the cafe and the baristas
 * as participants, every message an arrow, in simulated-time order.
 */
public final class SequenceDiagram {

  private SequenceDiagram() {}

  public static String render(RunTrace run) {
    StringBuilder out = new StringBuilder("sequenceDiagram\n");
    out.append("  title ").append(safe(TimelineText.header(run))).append('\n');
    for (Map.Entry<String, String> p : participants(run).entrySet()) {
      out.append("  participant ").append(id(p.getKey())).append(" as ")
          .append(safe(p.getValue())).append('\n');
    }
    for (Message m : run.messages()) {
      out.append("  ").append(id(m.from())).append("->>").append(id(m.to())).append(": ")
          .append(safe(label(m))).append('\n');
    }
    return out.toString();
  }

  /** Customers (named as in the order), then the cafe, then the baristas. */
  private static Map<String, String> participants(RunTrace run) {
    Map<Integer, String> customers = new TreeMap<>();
    for (CafeEvent e : run.events()) {
      if (e.customerNo() != null) {
        customers.putIfAbsent(e.customerNo(), e.customer());
      }
    }
    Map<String, String> names = new LinkedHashMap<>();
    customers.forEach((no, name) -> names.put(Message.customerActor(no),
        name == null || name.isBlank() ? Message.customerActor(no) : name));
    names.put("cafe", "cafe");
    run.messages().stream()
        .flatMap(m -> Stream.of(m.from(), m.to()))
        .filter(actor -> actor != null && actor.startsWith("barista-"))
        .distinct()
        .sorted(RunTrace.NUMBERED)
        .forEach(b -> names.put(b, b));
    run.messages().stream()
        .flatMap(m -> Stream.of(m.from(), m.to()))
        .filter(Objects::nonNull)
        .forEach(actor -> names.putIfAbsent(actor, actor));
    return names;
  }

  private static String label(Message m) {
    String what = m.drink() == null ? m.messageType() : m.messageType() + " " + m.drink();
    return String.format("%s (t=%.3fs)", what, m.atSeconds());
  }

  /** Mermaid ids: letters, digits and underscores only. */
  private static String id(String actor) {
    return actor == null ? "_" : actor.replaceAll("[^A-Za-z0-9]", "_");
  }

  /**
   * Text as Mermaid prints it, never as syntax: control characters escaped as in the text
   * trace (so nothing ends the line), and the characters Mermaid reads as syntax or markup as
   * its entity codes ("#59;" shows as ";").
   */
  static String safe(String text) {
    String printable = Printable.of(text);
    StringBuilder out = new StringBuilder(printable.length() + 16);
    for (int i = 0; i < printable.length(); i++) {
      char c = printable.charAt(i);
      switch (c) {
        case '#', ';', ':', '&', '%' -> out.append('#').append((int) c).append(';');
        case '"' -> out.append("#quot;");
        case '<' -> out.append("#lt;");
        case '>' -> out.append("#gt;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
