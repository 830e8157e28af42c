package cafesim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.Settings;
import cafesim.cafe.Mode;
import cafesim.cafe.OrderStyle;
import cafesim.run.RunSpec.CustomerSpec;
import cafesim.testing.VirtualTime;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.concurrent.ExecutionContextExecutor;

/**
 * The H2 file as the service opens it, with runs written and their reports rewritten and
 * expired: without compaction it is mostly dead chunks; compacted, it stays a fraction of that.
 */
class H2CompactionTest {

  private static final int ROUNDS = 12;
  private static final int RUNS_A_ROUND = 150;

  @TempDir
  Path dir;

  private final ActorTestKit testKit = ActorTestKit.create();
  private final ExecutorService storage = Executors.newFixedThreadPool(4);
  private final RunSpec spec = new RunSpec(null, Mode.ASYNC, 1, 1, 0, List.of(new CustomerSpec(
      "kim", List.of(Settings.from(VirtualTime.config()).menu().get("espresso")),
      OrderStyle.TOGETHER)), null);

  @AfterEach
  void close() {
    testKit.shutdownTestKit();
    storage.shutdownNow();
  }

  /** The service's database in {@code dataDir}: the URL it opens, options and all. */
  private static JdbcRunTable.Database database(Path dataDir) {
    return Settings.from(ConfigFactory.parseMap(Map.of("cafesim.storage.data-dir",
        dataDir.toString())).withFallback(VirtualTime.config())).storage().database();
  }

  private JdbcRunTable table(JdbcRunTable.Database database) throws Exception {
    var limits = new Runs.Limits(100, Duration.ofHours(1), 1_000_000, 200, 2000, 100_000,
        Duration.ofSeconds(1), Run.Bounds.NONE);
    var table = new JdbcRunTable(database, limits, storage,
        JacksonObjectMapperProvider.get(testKit.system()).getOrCreate("jackson-json",
            Optional.empty()), Materializer.matFromSystem(testKit.system()));
    table.createIfMissing().toCompletableFuture().get(20, TimeUnit.SECONDS);
    return table;
  }

  /** Runs accepted and ended one after the other, each a commit of its own. */
  private void playRuns(JdbcRunTable table, int from, int to) throws Exception {
    for (int i = from; i < to; i++) {
      RunReport starting = RunReport.starting("run-" + i, TraceContext.fresh(), spec);
      table.accepted(starting).toCompletableFuture().get(20, TimeUnit.SECONDS);
      table.ended(starting.failed("done"), true).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }

  private static long fileBytes(Path dataDir) throws Exception {
    return Files.size(dataDir.resolve("cafesim.mv.db"));
  }

  @Test
  void aCompactedFileStaysAFractionOfOneLeftAlone() throws Exception {
    Path leftAlone = Files.createDirectory(dir.resolve("left-alone"));
    Path compacted = Files.createDirectory(dir.resolve("compacted"));
    JdbcRunTable plainTable = table(database(leftAlone));
    H2Compaction plain = H2Compaction.open(database(leftAlone)).orElseThrow();
    JdbcRunTable compactedTable = table(database(compacted));
    H2Compaction compaction = H2Compaction.open(database(compacted)).orElseThrow();
    try {
      for (int round = 0; round < ROUNDS; round++) {
        playRuns(plainTable, round * RUNS_A_ROUND, (round + 1) * RUNS_A_ROUND);
        playRuns(compactedTable, round * RUNS_A_ROUND, (round + 1) * RUNS_A_ROUND);
        compaction.compactOnce();
      }
      long plainBytes = fileBytes(leftAlone);
      long compactedBytes = fileBytes(compacted);
      // Left alone, the file is mostly chunks nothing reads any more (5 % live here), and grows
      // by 1.4 MB a round; compacted, it stays near 3 MB.
      assertTrue(plain.chunksFillPercent() < 20, "left alone: " + plain.chunksFillPercent() + " %");
      assertTrue(compactedBytes * 3 < plainBytes,
          "compacted " + compactedBytes + " bytes, left alone " + plainBytes);
      // Nothing written was lost on the way: the newest runs are all there, the oldest expired.
      var page = compactedTable.page(RunTable.Query.newest(200)).toCompletableFuture()
          .get(20, TimeUnit.SECONDS);
      assertEquals(100, page.runs().size());
      assertEquals("run-" + (ROUNDS * RUNS_A_ROUND - 1), page.runs().get(0).runId());
    } finally {
      plain.close();
      compaction.close();
      plainTable.close();
      compactedTable.close();
    }
  }

  /**
   * Scheduled, it keeps up with runs written one after the other. The file's size is the
   * measure: H2 drops a chunk that compaction emptied only some versions later, so the fill
   * rate of the moment depends on where the last commits fell; the space the file took does not.
   */
  @Test
  void onceScheduledItCompactsWhileRunsAreWritten() throws Exception {
    Path leftAlone = Files.createDirectory(dir.resolve("left-alone"));
    Path compacted = Files.createDirectory(dir.resolve("compacted"));
    JdbcRunTable plainTable = table(database(leftAlone));
    try {
      playRuns(plainTable, 0, ROUNDS * RUNS_A_ROUND);
    } finally {
      plainTable.close();
    }
    JdbcRunTable table = table(database(compacted));
    ExecutionContextExecutor blocking = scala.concurrent.ExecutionContext.fromExecutorService(
        storage);
    H2Compaction compaction = H2Compaction.open(database(compacted)).orElseThrow()
        .every(Duration.ofMillis(20), testKit.system().scheduler(), blocking);
    try {
      playRuns(table, 0, ROUNDS * RUNS_A_ROUND);
      long plainBytes = fileBytes(leftAlone);
      long compactedBytes = fileBytes(compacted);
      assertTrue(compactedBytes * 3 < plainBytes,
          "compacted every 20 ms: " + compactedBytes + " bytes, left alone " + plainBytes);
    } finally {
      compaction.close();
      table.close();
    }
  }

  @Test
  void postgresNeedsNone() throws Exception {
    assertTrue(H2Compaction.open(new JdbcRunTable.Database(
        "jdbc:postgresql://127.0.0.1:1/none", "cafesim", "cafesim")).isEmpty());
  }
}
