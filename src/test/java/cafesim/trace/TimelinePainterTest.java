package cafesim.trace;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.Settings;
import cafesim.cafe.Mode;
import cafesim.run.RunReport;
import cafesim.run.Scenarios;
import cafesim.testing.VirtualTime;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimelinePainterTest {

  @JUnit5TestKit
  ActorTestKit testKit = VirtualTime.testKit();

  private final RunReport finished = VirtualTime.runFor(testKit, Scenarios.find("five-jobs")
      .orElseThrow().toSpec(Settings.from(VirtualTime.config()).menu(), Mode.ASYNC, 1, 1, 0), 1);

  private byte[] paint(TestProbe<TimelinePainter.Picture> probe,
      org.apache.pekko.actor.typed.ActorRef<TimelinePainter.Command> painter, RunReport report) {
    painter.tell(new TimelinePainter.Paint(report, probe.getRef()));
    return probe.receiveMessage().svg();
  }

  @Test
  void aFinishedRunIsDrawnOnceAndKept() {
    var painter = testKit.spawn(TimelinePainter.create(2));
    TestProbe<TimelinePainter.Picture> probe = testKit.createTestProbe();
    byte[] first = paint(probe, painter, finished);
    assertTrue(new String(first, StandardCharsets.UTF_8).startsWith("<?xml"));
    assertSame(first, paint(probe, painter, finished), "the same bytes, not a second drawing");
  }

  @Test
  void aRunningRunIsDrawnAfreshAndTheLeastRecentPictureGoesFirst() {
    var painter = testKit.spawn(TimelinePainter.create(1));
    TestProbe<TimelinePainter.Picture> probe = testKit.createTestProbe();
    RunReport running = new RunReport(finished.runId() + "-r", finished.traceId(),
        finished.seed(), finished.scenario(), finished.mode(), finished.speed(), 1, 0, RunReport.Status.RUNNING,
        null, 1, null, 0.5, 0.5, 0.5, RunReport.Lag.NONE, RunReport.Timing.FAITHFUL, 0, 0, 0,
        RunReport.Detail.NONE, null, finished.customers(), finished.events().subList(0, 6), java.util.List.of());
    assertNotSame(paint(probe, painter, running), paint(probe, painter, running));

    byte[] kept = paint(probe, painter, finished);
    RunReport other = new RunReport("run-other", finished.traceId(), finished.seed(),
        finished.scenario(),
        finished.mode(), finished.speed(), 1, 0, finished.status(), null, 1, null, 1, 1, 1,
        finished.lagMillis(), finished.timing(), 0, 1, 0, finished.detail(), finished.stats(),
        finished.customers(),
        finished.events(), finished.messages());
    paint(probe, painter, other);
    assertNotSame(kept, paint(probe, painter, finished), "only one picture is kept");
  }

  @Test
  void aComparisonOfFinishedRunsIsDrawnOnceAndKeptApartFromTheirTimelines() {
    var painter = testKit.spawn(TimelinePainter.create(4));
    TestProbe<TimelinePainter.Picture> probe = testKit.createTestProbe();
    painter.tell(new TimelinePainter.PaintComparison(finished, finished, probe.getRef()));
    byte[] first = probe.receiveMessage().svg();
    String svg = new String(first, StandardCharsets.UTF_8);
    assertTrue(svg.contains("class=\"run\"") && svg.contains("data-speedup=\"1\""), svg);
    painter.tell(new TimelinePainter.PaintComparison(finished, finished, probe.getRef()));
    assertSame(first, probe.receiveMessage().svg(), "the same bytes, not a second drawing");
    assertNotSame(first, paint(probe, painter, finished), "the run's timeline is its own");
  }
}
