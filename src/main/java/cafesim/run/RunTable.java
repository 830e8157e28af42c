package cafesim.run;

import cafesim.cafe.Mode;
import cafesim.run.RunReport.Summary;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * The read side: one row per run, written when the run is accepted (or resumed) and when it
 * ends, read by {@code GET /runs} and {@code GET /runs/{id}} on whichever node is asked. Finished
 * runs are kept up to a count, a total size and an age ({@link Runs.Limits}); past them a lookup
 * says the run expired. Every method completes asynchronously: no caller waits on a database.
 *
 * <p>Two homes: {@link JdbcRunTable} (the service: a {@code runs} table in the journal's
 * database) and {@link MemoryRunTable} ({@code cafesim run}, the benchmarks, the warm-up).
 */
public interface RunTable extends AutoCloseable {

  /**
   * At most {@code limit} runs, accepted before the run the cursor {@code before} names (the
   * {@code next} of an earlier page), of this scenario ("custom" for runs of their own
   * customers), mode and status if given.
   */
  record Query(int limit, Optional<Long> before, Optional<String> scenario,
      Optional<Mode> mode, Optional<RunReport.Status> status) {

    public static Query newest(int limit) {
      return new Query(limit, Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty());
    }
  }

  /** The runs, newest first; {@code next} is the cursor of the page after, null if none. */
  record Page(List<Summary> runs, String next) {}

  /** The run was accepted, or resumed: its report as it starts (RUNNING). */
  CompletionStage<Done> accepted(RunReport starting);

  /**
   * The run has ended: its final report. With {@code replace} false, a row that says the run
   * ended already is left as it is (a run's entity re-writing its end after a crash has only
   * the report's summary, the row may have it all).
   */
  CompletionStage<Done> ended(RunReport report, boolean replace);

  /** The run's report as the table has it (RUNNING: as it started), or why there is none. */
  CompletionStage<RunLookup> find(String runId);

  CompletionStage<Page> page(Query query);

  @Override
  default void close() {}

  /** What a lookup of a run no longer kept says. */
  static String expired(String runId, Runs.Limits limits) {
    return "run '" + runId + "' has expired: finished runs are kept for "
        + limits.keepFor().toMinutes() + " min, at most " + limits.keep() + " of them";
  }

  static String unknown(String runId) {
    return "run '" + runId + "' does not exist; GET /runs lists the runs kept";
  }

  static String scenarioOf(RunReport report) {
    return report.scenario() == null ? "custom" : report.scenario();
  }
}
