package cafesim.trace;

import cafesim.cafe.CafeEvent;
import cafesim.cafe.Message;
import cafesim.cafe.Mode;
import cafesim.run.RunReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the trace renderings need of a run, whether it comes from a live run or is rebuilt
 * from its log lines. Setup and outcome fields are null when the log did not have them.
 */
public record RunTrace(
    String runId,
    String traceId,
    String scenario,
    Mode mode,
    Double speed,
    Integer baristas,
    Double expectedSeconds,
    String status,
    Double makespanSeconds,
    List<CafeEvent> events,
    List<Message> messages,
    RunReport.Figures figures) {

  /**
   * Names in number order where they differ only in a number ("barista-2" before "barista-10"),
   * else alphabetical; never fails, whatever names a log holds.
   */
  public static final Comparator<String> NUMBERED =
      Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

  public RunTrace {
    events = sorted(events, CafeEvent.TIMELINE);
    // Stable: messages of one instant keep the order the run recorded them in.
    messages = sorted(messages, Comparator.comparingDouble(Message::atSeconds));
  }

  public static RunTrace of(RunReport report) {
    return new RunTrace(report.runId(), report.traceId(), report.scenario(), report.mode(),
        report.speed(), report.baristas(), report.expectedSeconds(), report.status().name(),
        report.status() == RunReport.Status.RUNNING ? null : report.makespanSeconds(),
        report.events(), report.messages(),
        report.stats() == null || !report.status().ended() ? null : report.summary().figures());
  }

  /** The last event's instant: the run's length on its own timeline. */
  public double simulatedSeconds() {
    return events.isEmpty() ? 0 : events.get(events.size() - 1).atSeconds();
  }

  private static <T> List<T> sorted(List<T> items, Comparator<T> order) {
    List<T> copy = new ArrayList<>(items);
    copy.sort(order);
    return List.copyOf(copy);
  }
}
