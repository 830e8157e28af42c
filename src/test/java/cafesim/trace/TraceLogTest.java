package cafesim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.cafe.CafeEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceLogTest {

  private static final String STARTED = "{\"@timestamp\":\"2026-11-21T21:20:50.253Z\","
      + "\"message\":\"   0.000s  RUN_STARTED\",\"logger_name\":\"cafesim.events\",\"level\":\"INFO\","
      + "\"runId\":\"run-1\",\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"kind\":\"event\","
      + "\"atSeconds\":0.0,\"type\":\"RUN_STARTED\",\"scenario\":\"five-jobs\",\"mode\":\"sync\","
      + "\"speed\":10.0,\"baristas\":1,\"machines\":0,\"expectedSeconds\":5.0}";
  private static final String READY = "{\"logger_name\":\"cafesim.events\",\"runId\":\"run-1\","
      + "\"kind\":\"event\",\"atSeconds\":1.0,\"type\":\"DRINK_READY\",\"customer\":\"main\","
      + "\"barista\":\"barista-1\",\"drink\":\"espresso\",\"customerNo\":1,\"drinkNo\":1}";
  private static final String MESSAGE = "{\"logger_name\":\"cafesim.events\",\"runId\":\"run-1\","
      + "\"kind\":\"message\",\"atSeconds\":1.0,\"from\":\"barista-1\",\"to\":\"cafe\","
      + "\"messageType\":\"DrinkReady\",\"customer\":\"main\",\"drink\":\"espresso\","
      + "\"customerNo\":1,\"drinkNo\":1}";

  @Test
  void foreignLinesAreSkippedAndCounted() {
    String log = String.join("\n",
        "plain text from somewhere",
        "{\"@timestamp\":\"x\",\"message\":\"Slf4jLogger started\",\"logger_name\":\"org.apache.pekko\"}",
        STARTED,
        "{\"broken\": ",
        "[1,2,3]",
        READY,
        MESSAGE,
        "{\"runId\":\"run-1\",\"kind\":\"event\",\"atSeconds\":1.0,\"type\":\"NOT_A_TYPE\"}",
        "");
    TraceLog.Contents contents = TraceLog.read(log);
    assertEquals(5, contents.skippedLines());
    assertFalse(contents.truncatedLastLine());
    RunTrace run = contents.runs().get(0);
    assertEquals("run-1", run.runId());
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", run.traceId());
    assertEquals("five-jobs", run.scenario());
    assertEquals("sync", run.mode().label());
    assertEquals(5.0, run.expectedSeconds());
    assertEquals("RUNNING", run.status(), "no RUN_COMPLETED line yet");
    assertEquals(List.of(CafeEvent.Type.RUN_STARTED, CafeEvent.Type.DRINK_READY),
        run.events().stream().map(CafeEvent::type).toList());
    assertEquals("DrinkReady", run.messages().get(0).messageType());
  }

  @Test
  void aTruncatedLastLineIsReportedNotFatal() {
    String log = STARTED + "\n" + READY + "\n" + MESSAGE.substring(0, 40);
    TraceLog.Contents contents = TraceLog.read(log);
    assertTrue(contents.truncatedLastLine());
    assertEquals(0, contents.skippedLines());
    assertEquals(2, contents.runs().get(0).events().size());
    assertEquals(0, contents.runs().get(0).messages().size());
  }

  /** A run resumed after a stop logs again from its start: only the last attempt is its story. */
  @Test
  void aResumedRunIsItsLastAttempt() {
    String again = STARTED.replace("\"expectedSeconds\":5.0", "\"expectedSeconds\":5.0,\"attempt\":2");
    String log = String.join("\n", STARTED, READY, MESSAGE, again, READY) + "\n";
    RunTrace run = TraceLog.read(log).runs().get(0);
    assertEquals(List.of(CafeEvent.Type.RUN_STARTED, CafeEvent.Type.DRINK_READY),
        run.events().stream().map(CafeEvent::type).toList());
    assertEquals(0, run.messages().size(), "the first attempt's message is set aside");
  }

  @Test
  void runsAreListedInTheOrderTheyFirstAppear() {
    String other = READY.replace("run-1", "run-0");
    TraceLog.Contents contents = TraceLog.read(String.join("\n", STARTED, other, READY) + "\n");
    assertEquals(List.of("run-1", "run-0"), contents.runs().stream().map(RunTrace::runId).toList());
  }
}
