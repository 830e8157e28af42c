package cafesim.run;

import cafesim.run.RunReport.Summary;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.apache.pekko.Done;

/**
 * The run table of a process that keeps nothing ({@code cafesim run}, the benchmarks, the
 * warm-up): reports in memory, with the same limits and answers as the database's. Its methods
 * hold a lock for a map update or a page, never for I/O.
 */
public final class MemoryRunTable implements RunTable {

  private static final int EXPIRED_REMEMBERED = 10_000;

  private final Runs.Limits limits;
  private final LongSupplier nanos;
  /** Every run kept, oldest accepted first, with its place in that order (a page's cursor). */
  private final LinkedHashMap<String, Row> runs = new LinkedHashMap<>();
  /** Ended runs in the order they ended, with when (nanos): the next to expire first. */
  private final Deque<Map.Entry<String, Long>> ended = new ArrayDeque<>();
  private long keptEvents;
  private long accepted;
  private final LinkedHashMap<String, Boolean> expired = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > EXPIRED_REMEMBERED;
    }
  };

  private record Row(long seq, RunReport report) {}

  public MemoryRunTable(Runs.Limits limits, LongSupplier nanos) {
    this.limits = limits;
    this.nanos = nanos;
  }

  @Override
  public synchronized CompletionStage<Done> accepted(RunReport starting) {
    Row row = runs.get(starting.runId());
    if (row == null) {
      runs.put(starting.runId(), new Row(++accepted, starting));
    } else if (!row.report().status().ended()) {
      runs.put(starting.runId(), new Row(row.seq(), starting));
    }
    return done();
  }

  @Override
  public synchronized CompletionStage<Done> ended(RunReport report, boolean replace) {
    Row row = runs.get(report.runId());
    if (row != null && row.report().status().ended()) {
      if (!replace) {
        return done();
      }
      keptEvents -= row.report().size();
      ended.removeIf(e -> e.getKey().equals(report.runId()));
    }
    runs.put(report.runId(), new Row(row == null ? ++accepted : row.seq(), report));
    keptEvents += report.size();
    ended.add(Map.entry(report.runId(), nanos.getAsLong()));
    expireOld();
    return done();
  }

  @Override
  public synchronized CompletionStage<RunLookup> find(String runId) {
    expireOld();
    Row row = runs.get(runId);
    return CompletableFuture.completedFuture(row != null ? new RunLookup.Found(row.report())
        : new RunLookup.Missing(expired.containsKey(runId) ? RunTable.expired(runId, limits)
            : RunTable.unknown(runId)));
  }

  @Override
  public synchronized CompletionStage<Page> page(Query query) {
    expireOld();
    long before = query.before().orElse(Long.MAX_VALUE);
    // Walking the kept runs backwards (newest first); only a page's worth is summarised.
    List<Row> oldestFirst = new ArrayList<>(runs.values());
    List<Summary> page = new ArrayList<>();
    long lastSeq = 0;
    String next = null;
    for (int i = oldestFirst.size() - 1; i >= 0; i--) {
      Row row = oldestFirst.get(i);
      if (row.seq() >= before || !matches(query, row.report())) {
        continue;
      }
      if (page.size() == query.limit()) {
        next = Long.toString(lastSeq);
        break;
      }
      page.add(row.report().summary());
      lastSeq = row.seq();
    }
    return CompletableFuture.completedFuture(new Page(page, next));
  }

  private static boolean matches(Query query, RunReport run) {
    return query.scenario().map(s -> s.equals(RunTable.scenarioOf(run))).orElse(true)
        && query.mode().map(m -> m == run.mode()).orElse(true)
        && query.status().map(s -> s == run.status()).orElse(true);
  }

  /** Drops ended reports beyond the count, the total size or the age, oldest ended first. */
  private void expireOld() {
    long oldestKept = nanos.getAsLong() - limits.keepFor().toNanos();
    while (!ended.isEmpty() && (ended.size() > limits.keep()
        || keptEvents > limits.keepEvents() || ended.peek().getValue() < oldestKept)) {
      String runId = ended.poll().getKey();
      keptEvents -= runs.remove(runId).report().size();
      expired.put(runId, Boolean.TRUE);
    }
  }

  private static CompletionStage<Done> done() {
    return CompletableFuture.completedFuture(Done.done());
  }
}
