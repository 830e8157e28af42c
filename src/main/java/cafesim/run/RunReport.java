package cafesim.run;

import cafesim.cafe.CafeEvent;
import cafesim.cafe.Customer;
import cafesim.cafe.Message;
import cafesim.cafe.Mode;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * What a run did: the shape of {@code GET /runs/{id}}.
 *
 * @param machines drinks one barista may brew at once in async mode; 0 means no limit
 * @param failureReason why the run FAILED; null otherwise
 * @param elapsedSeconds simulated seconds from start to the last customer served, measured by
 *     the wall clock times the speed (so far, while running)
 * @param wallSeconds wall-clock seconds for the same span
 * @param setupSeconds wall-clock seconds the run took to open its cafe and let its customers in
 * @param customersServed customers who got everything they ordered (served or given up)
 * @param failedDrinks drinks given up after their last try, over all customers
 * @param traceId the W3C trace the run belongs to
 * @param messages every message between the run's actors, for the trace renderings; not part
 *     of the report's JSON (GET /runs/{id}/trace shows them)
 */
public record RunReport(
    String runId,
    String traceId,
    String scenario,
    Mode mode,
    double speed,
    int baristas,
    int machines,
    Status status,
    String failureReason,
    Double expectedSeconds,
    double elapsedSeconds,
    double wallSeconds,
    double setupSeconds,
    int customersServed,
    int failedDrinks,
    List<CustomerResult> customers,
    List<CafeEvent> events,
    @JsonIgnore List<Message> messages) {

  public enum Status { RUNNING, COMPLETED, FAILED }

  /**
   * A customer's drinks in the order asked ("FAILED" for one the cafe gave up on), when the
   * last one came (simulated), and why any failed.
   */
  public record CustomerResult(String name, List<String> results, Double servedAtSeconds,
      List<Customer.FailedDrink> failures) {

    static CustomerResult waiting(String name) {
      return new CustomerResult(name, List.of(), null, List.of());
    }
  }



  /** The report of a run that has just been started: nothing has happened yet. */
  public static RunReport starting(String runId, TraceContext trace, RunSpec spec) {
    List<CustomerResult> customers = spec.traceLevel() == RunSpec.TraceLevel.SUMMARY ? List.of()
        : spec.customers().stream()
        .map(c -> CustomerResult.waiting(c.name()))
        .toList();
    return new RunReport(runId, trace.traceId(), spec.scenario(), spec.mode(), spec.speed(),
        spec.baristas(), spec.machines(), Status.RUNNING, null, spec.expectedSeconds(), 0.0, 0.0,
        0.0, 0, 0, customers, List.of(), List.of());
  }

  /** The same report, FAILED for {@code reason}. */
  public RunReport failed(String reason) {
    return new RunReport(runId, traceId, scenario, mode, speed, baristas, machines, Status.FAILED,
        reason, expectedSeconds, elapsedSeconds, wallSeconds, setupSeconds, customersServed,
        failedDrinks, customers, events, messages);
  }

  /**
   * The line of {@code GET /runs}. The list is not live: time and event count are there once
   * the run has finished ({@code GET /runs/{id}} is live).
   */
  public Summary summary() {
    boolean running = status == Status.RUNNING;
    return new Summary(runId, traceId, scenario, mode, speed, status, expectedSeconds,
        running ? null : elapsedSeconds, running ? null : events.size());
  }

  /** One line of {@code GET /runs}. */
  public record Summary(String runId, String traceId, String scenario, Mode mode, double speed,
      Status status, Double expectedSeconds, Double elapsedSeconds, Integer events) {}
}
