package cafesim.run;

import cafesim.cafe.CafeEvent;
import cafesim.cafe.Mode;
import java.util.List;

/**
 * What a run did: the shape of {@code GET /runs/{id}}.
 *
 * @param machines drinks one barista may brew at once in async mode; 0 means no limit
 * @param elapsedSeconds simulated seconds from start to the last customer served, measured by
 *     the wall clock times the speed (so far, while running)
 * @param wallSeconds wall-clock seconds for the same span
 */
public record RunReport(
    String runId,
    String scenario,
    Mode mode,
    double speed,
    int baristas,
    int machines,
    Status status,
    Double expectedSeconds,
    double elapsedSeconds,
    double wallSeconds,
    List<CustomerResult> customers,
    List<CafeEvent> events) {

  public enum Status { RUNNING, COMPLETED, FAILED }

  /** A customer's drinks in the order asked, and when the last one came (simulated). */
  public record CustomerResult(String name, List<String> results, Double servedAtSeconds) {}

  /** The report of a run that has just been started: nothing has happened yet. */
  public static RunReport starting(String runId, RunSpec spec) {
    List<CustomerResult> customers = spec.customers().stream()
        .map(c -> new CustomerResult(c.name(), List.of(), null))
        .toList();
    return new RunReport(runId, spec.scenario(), spec.mode(), spec.speed(), spec.baristas(),
        spec.machines(), Status.RUNNING, spec.expectedSeconds(), 0.0, 0.0, customers, List.of());
  }

  public RunReport withStatus(Status other) {
    return new RunReport(runId, scenario, mode, speed, baristas, machines, other,
        expectedSeconds, elapsedSeconds, wallSeconds, customers, events);
  }

  /** The line of {@code GET /runs}: the time only once finished (the list is not live). */
  public Summary summary() {
    return new Summary(runId, scenario, mode, speed, status, expectedSeconds,
        status == Status.RUNNING ? null : elapsedSeconds, events.size());
  }

  /** One line of {@code GET /runs}. */
  public record Summary(String runId, String scenario, Mode mode, double speed, Status status,
      Double expectedSeconds, Double elapsedSeconds, int events) {}
}
