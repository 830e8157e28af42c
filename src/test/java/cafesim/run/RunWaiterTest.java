package cafesim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cafesim.Settings;
import cafesim.cafe.Mode;
import cafesim.run.RunReport.Status;
import cafesim.testing.VirtualTime;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** A caller waiting for its runs: the final reports if they end in time, else as they stand. */
@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunWaiterTest {

  @JUnit5TestKit
  ActorTestKit testKit = VirtualTime.testKit();

  private final RunSpec spec = Scenarios.find("americano-latte").orElseThrow()
      .toSpec(Settings.from(VirtualTime.config()).menu(), Mode.ASYNC, 1, 1, 0);

  private RunReport starting(String runId) {
    return RunReport.starting(runId, TraceContext.fresh(), spec);
  }

  private RunReport ended(RunReport starting) {
    return starting.failed("shutdown");
  }

  @Test
  void answersWithTheFinalReportsInTheOrderAskedOnceAllHaveEnded() {
    TestProbe<RunStore.Command> store = testKit.createTestProbe();
    TestProbe<Admission.StartReply> caller = testKit.createTestProbe();
    RunReport sync = starting("run-sync");
    RunReport async = starting("run-async");
    var waiter = testKit.spawn(RunWaiter.create(List.of(sync, async), Duration.ofSeconds(60),
        store.getRef(), caller.getRef()));
    var first = store.expectMessageClass(RunStore.NotifyWhenEnded.class);
    var second = store.expectMessageClass(RunStore.NotifyWhenEnded.class);
    second.replyTo().tell(ended(async));
    caller.expectNoMessage(Duration.ofMillis(50));
    first.replyTo().tell(ended(sync));
    var started = (Admission.Started) caller.receiveMessage();
    assertEquals(List.of("run-sync", "run-async"),
        started.reports().stream().map(RunReport::runId).toList());
    assertEquals(List.of(Status.FAILED, Status.FAILED),
        started.reports().stream().map(RunReport::status).toList());
    caller.expectTerminated(waiter);
  }

  @Test
  void atItsDeadlineAnswersWithTheReportsAsTheyStand() {
    TestProbe<RunStore.Command> store = testKit.createTestProbe();
    TestProbe<Admission.StartReply> caller = testKit.createTestProbe();
    RunReport sync = starting("run-1");
    RunReport async = starting("run-2");
    testKit.spawn(RunWaiter.create(List.of(sync, async), Duration.ofSeconds(60),
        store.getRef(), caller.getRef()));
    store.expectMessageClass(RunStore.NotifyWhenEnded.class).replyTo().tell(ended(sync));
    ManualTime time = ManualTime.get(testKit.system());
    time.timePasses(Duration.ofSeconds(59));
    caller.expectNoMessage(Duration.ofMillis(50));
    time.timePasses(Duration.ofSeconds(1));
    var started = (Admission.Started) caller.receiveMessage();
    assertEquals(List.of(Status.FAILED, Status.RUNNING),
        started.reports().stream().map(RunReport::status).toList());
  }
}
