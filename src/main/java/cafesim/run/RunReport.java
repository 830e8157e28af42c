package cafesim.run;

import cafesim.cafe.CafeEvent;
import cafesim.cafe.Customer;
import cafesim.cafe.Message;
import cafesim.cafe.Mode;
import java.util.List;

/**
 * What a run did: the shape of {@code GET /runs/{id}}.
 *
 * @param machines drinks one barista may brew at once in async mode; 0 means no limit
 * @param failureReason why the run FAILED; null otherwise
 * @param attempts how many times the run was played: 1, or more if a crash or a stop cut it
 *     short and it was resumed (from its spec and seed, under the same id)
 * @param makespanSeconds the answer: the simulated instant the last customer was served, as the
 *     actors computed it (while running, or if the run did not complete: its latest instant)
 * @param elapsedSeconds the proof that nothing blocked, not the answer: simulated seconds from
 *     start to the last customer served as measured by the wall clock (times the speed); equal
 *     to the makespan when the run kept to its timeline
 * @param wallSeconds wall-clock seconds for the same span
 * @param lagMillis how far (wall ms) the run fell behind its own timeline: the worst step, and
 *     at the end
 * @param timing whether the wall-clock figures mean anything (see {@link Timing#of})
 * @param detail how many events and messages the report keeps, and how many it left out
 * @param stats waits, queue, utilisation and walk-outs, from every customer ({@link RunStats});
 *     null in a report stored before runs had them
 * @param setupSeconds wall-clock seconds the run took to open its cafe and let its customers in
 * @param customersServed customers who got everything they ordered (served or given up)
 * @param failedDrinks drinks given up after their last try, over all customers
 * @param traceId the W3C trace the run belongs to
 * @param seed the run's seed, as a string (a 64-bit integer; JSON numbers are not exact there)
 * @param messages every message between the run's actors, for the trace renderings; not part
 *     of the API's JSON (GET /runs/{id}/trace shows them; see {@code cafesim.http.Json}), but
 *     part of the report when it travels between nodes
 */
public record RunReport(
    String runId,
    String traceId,
    String seed,
    String scenario,
    Mode mode,
    double speed,
    int baristas,
    int machines,
    Status status,
    String failureReason,
    int attempts,
    Double expectedSeconds,
    double makespanSeconds,
    double elapsedSeconds,
    double wallSeconds,
    Lag lagMillis,
    Timing timing,
    double setupSeconds,
    int customersServed,
    int failedDrinks,
    Detail detail,
    RunStats stats,
    List<CustomerResult> customers,
    List<CafeEvent> events,
    List<Message> messages) implements cafesim.CborSerializable {

  public enum Status {
    RUNNING, COMPLETED, FAILED, CANCELLED;

    public boolean ended() {
      return this != RUNNING;
    }
  }

  /** Wall milliseconds behind the run's own timeline. */
  public record Lag(double worst, double end) {
    public static final Lag NONE = new Lag(0, 0);
  }

  /**
   * "faithful": the run kept to its timeline, so its wall-clock figures measure the cafe;
   * "behind": the machine could not keep up (the worst lag is over {@link #LAG_FLOOR_MILLIS}
   * and over {@link #LAG_SHARE} of the run's wall span), so elapsedSeconds measures the machine,
   * and only the makespan is the cafe's answer.
   */
  public enum Timing {
    FAITHFUL, BEHIND,
    /** A run on its own clock: its measured figures are its exact ones. */
    VIRTUAL;

    /** Below this the JVM's own jitter (a timer's wake-up, a thread hand-off) is all one sees. */
    public static final double LAG_FLOOR_MILLIS = 1;
    /** A lag of 5 % of the run's wall span puts its measured figure 5 % off, or more. */
    public static final double LAG_SHARE = 0.05;

    public static Timing of(Lag lag, double wallSeconds) {
      double allowed = Math.max(LAG_FLOOR_MILLIS, LAG_SHARE * wallSeconds * 1000);
      return lag.worst() <= allowed ? FAITHFUL : BEHIND;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
      return name().toLowerCase();
    }
  }

  /**
   * What the report keeps of what happened: a run keeps at most a configured number of events
   * and messages ({@code cafesim.runs.max-kept-events}); beyond it, it counts them only.
   */
  public record Detail(int kept, long leftOut) {
    public static final Detail NONE = new Detail(0, 0);
  }

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
    return new RunReport(runId, trace.traceId(), Long.toString(spec.seed()), spec.scenario(),
        spec.mode(), spec.speed(),
        spec.baristas(), spec.machines(), Status.RUNNING, null, 1, spec.expectedSeconds(), 0.0, 0.0,
        0.0, Lag.NONE, Timing.FAITHFUL, 0.0, 0, 0, Detail.NONE, null, customers, List.of(),
        List.of());
  }

  /** The same report, FAILED for {@code reason}. */
  public RunReport failed(String reason) {
    return new RunReport(runId, traceId, seed, scenario, mode, speed, baristas, machines,
        Status.FAILED,
        reason, attempts, expectedSeconds, makespanSeconds, elapsedSeconds, wallSeconds, lagMillis, timing,
        setupSeconds, customersServed, failedDrinks, detail, stats, customers, events, messages);
  }

  /** The same report, of the {@code attempt}-th play of the run. */
  public RunReport attempt(int attempt) {
    return new RunReport(runId, traceId, seed, scenario, mode, speed, baristas, machines, status,
        failureReason, attempt, expectedSeconds, makespanSeconds, elapsedSeconds, wallSeconds,
        lagMillis, timing, setupSeconds, customersServed, failedDrinks, detail, stats, customers,
        events, messages);
  }

  /**
   * The report without its customers, events and messages: what a run's journal keeps of its
   * end (the whole report is in the run table).
   */
  public RunReport brief() {
    return new RunReport(runId, traceId, seed, scenario, mode, speed, baristas, machines, status,
        failureReason, attempts, expectedSeconds, makespanSeconds, elapsedSeconds, wallSeconds,
        lagMillis, timing, setupSeconds, customersServed, failedDrinks, detail, stats, List.of(),
        List.of(), List.of());
  }

  /** What a report takes in memory, in kept events and messages: what the store bounds. */
  public int size() {
    return events.size() + messages.size();
  }

  /**
   * The line of {@code GET /runs}. The list is not live: time and event count are there once
   * the run has finished ({@code GET /runs/{id}} is live).
   */
  public Summary summary() {
    boolean running = status == Status.RUNNING;
    return new Summary(runId, traceId, scenario, mode, speed, status, attempts, expectedSeconds,
        running ? null : makespanSeconds, running ? null : elapsedSeconds,
        running ? null : timing, running ? null : events.size(),
        running || stats == null ? null : Figures.of(stats));
  }

  /**
   * One line of {@code GET /runs}.
   *
   * @param figures the statistics that matter most; null while running
   */
  public record Summary(String runId, String traceId, String scenario, Mode mode, double speed,
      Status status, int attempts, Double expectedSeconds, Double makespanSeconds, Double elapsedSeconds,
      Timing timing, Integer events, Figures figures) {}

  /**
   * The few figures a list of runs shows: who was served, who walked out, the mean wait (null
   * if nobody was served) and the baristas' mean utilisation.
   */
  public record Figures(int served, int reneged, Double meanWaitSeconds, double utilisation) {
    public static Figures of(RunStats stats) {
      return new Figures(stats.served(), stats.reneged(),
          stats.waitSeconds() == null ? null : stats.waitSeconds().mean(),
          stats.utilisation().mean());
    }
  }
}
