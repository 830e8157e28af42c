package cafesim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** A line about a run carries the run's ids, and the same fields whichever actor writes it. */
class RunLineIdsTest {

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void aRunsLineHasItsIdsAndNotTheActorsSourceWhichIsPutBackAfter() {
    // As Pekko leaves it while an actor that has used its log handles a message.
    MDC.put("pekkoSource", "pekko://cafesim/system/sharding/Run/29/run-1/play-1");
    MDC.put("sourceActorSystem", "cafesim");
    MDC.put("pekkoAddress", "pekko://cafesim@127.0.0.1:25520");
    Map<String, String> during = new HashMap<>();
    RunJournal.withIds("run-1", "4bf92f3577b34da6a3ce929d0e0e4736",
        () -> during.putAll(MDC.getCopyOfContextMap()));
    assertEquals(Map.of("runId", "run-1", "traceId", "4bf92f3577b34da6a3ce929d0e0e4736"), during);
    assertEquals(Map.of("pekkoSource", "pekko://cafesim/system/sharding/Run/29/run-1/play-1",
        "sourceActorSystem", "cafesim", "pekkoAddress", "pekko://cafesim@127.0.0.1:25520"),
        MDC.getCopyOfContextMap(), "the actor's own lines keep their source");
  }

  @Test
  void aRunWhoseTraceIsNotKnownHereHasItsRunId() {
    Map<String, String> during = new HashMap<>();
    RunJournal.withIds("run-1", null, () -> during.putAll(MDC.getCopyOfContextMap()));
    assertEquals(Map.of("runId", "run-1"), during);
  }
}
