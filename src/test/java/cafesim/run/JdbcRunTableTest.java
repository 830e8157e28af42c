package cafesim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.Settings;
import cafesim.cafe.Mode;
import cafesim.cafe.OrderStyle;
import cafesim.run.RunSpec.CustomerSpec;
import cafesim.testing.VirtualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runs table on an H2 file, as the service opens it: writes committed in batches, each
 * write's future told of its own outcome, and expiry of old reports.
 */
class JdbcRunTableTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  private final ActorTestKit testKit = ActorTestKit.create();
  private final ExecutorService storage = Executors.newFixedThreadPool(4);
  private final RunSpec spec = new RunSpec(null, Mode.ASYNC, 1, 1, 0, List.of(new CustomerSpec(
      "kim", List.of(Settings.from(VirtualTime.config()).menu().get("espresso")), OrderStyle.TOGETHER)), null);
  private JdbcRunTable table;

  @BeforeEach
  void open() throws Exception {
    table = open(1000);
  }

  private JdbcRunTable open(int keep) throws Exception {
    if (table != null) {
      table.close();
    }
    var limits = new Runs.Limits(keep, Duration.ofHours(1), 1_000_000, 200, 2000, 100_000,
        Duration.ofSeconds(1), Run.Bounds.NONE);
    var database = new JdbcRunTable.Database("jdbc:h2:file:" + dir.resolve("cafesim")
        + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", "sa", "");
    var opened = new JdbcRunTable(database, limits, storage,
        JacksonObjectMapperProvider.get(testKit.system()).getOrCreate("jackson-json",
            Optional.empty()), Materializer.matFromSystem(testKit.system()));
    opened.createIfMissing().toCompletableFuture().get(20, TimeUnit.SECONDS);
    return opened;
  }

  @AfterEach
  void close() {
    table.close();
    testKit.shutdownTestKit();
    storage.shutdownNow();
  }

  private RunReport starting(String runId) {
    return RunReport.starting(runId, TraceContext.fresh(), spec);
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void manyWritesAtOnceAllLandInTheOrderAsked() throws Exception {
    List<CompletableFuture<Done>> writes = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      writes.add(table.accepted(starting("run-" + i)).toCompletableFuture());
    }
    // Half of them end at once too, some in the same commit as their acceptance.
    for (int i = 0; i < 300; i += 2) {
      writes.add(table.ended(starting("run-" + i).failed("stopped " + i), true)
          .toCompletableFuture());
    }
    await(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)));

    for (int i = 0; i < 300; i++) {
      RunReport found = ((RunLookup.Found) await(table.find("run-" + i))).report();
      assertEquals(i % 2 == 0 ? RunReport.Status.FAILED : RunReport.Status.RUNNING,
          found.status(), "run-" + i);
      if (i % 2 == 0) {
        assertEquals("stopped " + i, found.failureReason());
      }
    }
    // Listed newest first: the order in which they were accepted, whatever the batches were.
    var page = await(table.page(RunTable.Query.newest(300)));
    assertEquals(300, page.runs().size());
    assertEquals("run-299", page.runs().get(0).runId());
    assertEquals("run-0", page.runs().get(299).runId());
  }

  @Test
  void aWriteThatFailsFailsAloneAndTheOthersOfItsBatchLand() throws Exception {
    List<CompletableFuture<Done>> good = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      good.add(table.accepted(starting("good-" + i)).toCompletableFuture());
    }
    // A run id longer than the column: the database refuses the row.
    CompletableFuture<Done> bad = table.accepted(starting("x".repeat(100))).toCompletableFuture();
    for (int i = 50; i < 100; i++) {
      good.add(table.accepted(starting("good-" + i)).toCompletableFuture());
    }
    await(CompletableFuture.allOf(good.toArray(CompletableFuture[]::new)));
    ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
        ExecutionException.class, () -> await(bad));
    assertTrue(refused.getCause().getMessage().contains("RUN_ID"),
        refused.getCause().getMessage());
    for (int i = 0; i < 100; i++) {
      assertInstanceOf(RunLookup.Found.class, await(table.find("good-" + i)), "good-" + i);
    }
    assertInstanceOf(RunLookup.Missing.class, await(table.find("x".repeat(100))));
  }

  @Test
  void reportsBeyondTheCountExpireOldestFirstAndSayWhy() throws Exception {
    table = open(3);
    playRuns(0, 10);
    assertExpired(0, 7);
    for (int i = 7; i < 10; i++) {
      assertInstanceOf(RunLookup.Found.class, await(table.find("run-" + i)), "run-" + i);
    }
    var page = await(table.page(RunTable.Query.newest(100)));
    assertEquals(List.of("run-9", "run-8", "run-7"),
        page.runs().stream().map(RunReport.Summary::runId).toList());
  }

  @Test
  void reportsAreClearedOutOnceAHundredthOfTheCountHasEndedSinceTheLastTime() throws Exception {
    table = open(300);
    playRuns(0, 302);
    // The 300th end cleared out (nothing beyond 300 then); two more have ended since.
    assertEquals(302, await(table.page(RunTable.Query.newest(400))).runs().size());
    assertInstanceOf(RunLookup.Found.class, await(table.find("run-0")));
    playRuns(302, 303);
    // The third end since: the three oldest go at once.
    var page = await(table.page(RunTable.Query.newest(400)));
    assertEquals(300, page.runs().size());
    assertEquals("run-3", page.runs().get(299).runId());
    assertExpired(0, 3);
  }

  /** Runs run-{from} to run-{to - 1} accepted and ended, one after the other. */
  private void playRuns(int from, int to) throws Exception {
    for (int i = from; i < to; i++) {
      await(table.accepted(starting("run-" + i)));
      await(table.ended(starting("run-" + i).failed("done"), true));
    }
  }

  private void assertExpired(int from, int to) throws Exception {
    for (int i = from; i < to; i++) {
      var missing = assertInstanceOf(RunLookup.Missing.class, await(table.find("run-" + i)));
      assertTrue(missing.reason().contains("has expired"), missing.reason());
    }
  }
}
