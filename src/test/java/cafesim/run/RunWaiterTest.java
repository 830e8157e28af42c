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

/** A caller's runs, accepted by their entities (probes here) and waited for, on virtual time. */
@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunWaiterTest {

  @JUnit5TestKit
  ActorTestKit testKit = VirtualTime.testKit();

  private final RunSpec spec = Scenarios.find("americano-latte").orElseThrow()
      .toSpec(Settings.from(VirtualTime.config()).menu(), Mode.ASYNC, 1, 1, 0);

  private final TestProbe<RunEntity.Command> entities = testKit.createTestProbe();
  private final TestProbe<RunReport> admission = testKit.createTestProbe();
  private final TestProbe<Admission.StartReply> caller = testKit.createTestProbe();

  private RunWaiter.NewRun run(String runId) {
    return new RunWaiter.NewRun(runId, spec, TraceContext.fresh());
  }

  private void waiter(List<RunWaiter.NewRun> runs, Duration waitFor) {
    testKit.spawn(RunWaiter.create(runs, Duration.ofSeconds(5), waitFor, id -> entities.getRef(),
        admission.getRef(), caller.getRef()));
  }

  /** The entity's side: stores the acceptance and answers with the starting report. */
  private RunEntity.Accept accept(String runId) {
    RunEntity.Accept accept = entities.expectMessageClass(RunEntity.Accept.class);
    accept.replyTo().tell(
        new RunEntity.Accepted(RunReport.starting(runId, accept.trace(), accept.spec())));
    return accept;
  }

  @Test
  void answersOnceEveryRunIsAcceptedNotBefore() {
    waiter(List.of(run("run-1"), run("run-2")), Duration.ZERO);
    RunEntity.Accept first = accept("run-1");
    caller.expectNoMessage(Duration.ofMillis(50));
    accept("run-2");
    var started = (Admission.Started) caller.receiveMessage();
    assertEquals(List.of("run-1", "run-2"),
        started.reports().stream().map(RunReport::runId).toList());
    assertEquals(List.of(admission.getRef()), first.tellWhenEnded(),
        "only the admission hears of the end when nobody waits");
  }

  @Test
  void answersWithTheFinalReportsInTheOrderAskedOnceAllHaveEnded() {
    waiter(List.of(run("run-sync"), run("run-async")), Duration.ofSeconds(60));
    RunEntity.Accept sync = accept("run-sync");
    RunEntity.Accept async = accept("run-async");
    async.tellWhenEnded().forEach(listener -> listener.tell(RunReport.starting("run-async",
        async.trace(), spec).failed("shutdown")));
    caller.expectNoMessage(Duration.ofMillis(50));
    sync.tellWhenEnded().forEach(listener -> listener.tell(RunReport.starting("run-sync",
        sync.trace(), spec).failed("shutdown")));
    var started = (Admission.Started) caller.receiveMessage();
    assertEquals(List.of("run-sync", "run-async"),
        started.reports().stream().map(RunReport::runId).toList());
    assertEquals(List.of(Status.FAILED, Status.FAILED),
        started.reports().stream().map(RunReport::status).toList());
  }

  @Test
  void atItsDeadlineAnswersWithTheReportsAsTheyStand() {
    waiter(List.of(run("run-1"), run("run-2")), Duration.ofSeconds(60));
    RunEntity.Accept first = accept("run-1");
    accept("run-2");
    first.tellWhenEnded().get(1).tell(RunReport.starting("run-1", first.trace(), spec)
        .failed("shutdown"));
    ManualTime time = ManualTime.get(testKit.system());
    time.timePasses(Duration.ofSeconds(59));
    caller.expectNoMessage(Duration.ofMillis(50));
    time.timePasses(Duration.ofSeconds(1));
    var started = (Admission.Started) caller.receiveMessage();
    assertEquals(List.of(Status.FAILED, Status.RUNNING),
        started.reports().stream().map(RunReport::status).toList());
  }

  @Test
  void runsNotAcceptedInTimeAreRefusedAndTheirPlacesFreed() {
    waiter(List.of(run("run-1"), run("run-2")), Duration.ZERO);
    accept("run-1");
    entities.expectMessageClass(RunEntity.Accept.class);
    ManualTime.get(testKit.system()).timePasses(Duration.ofSeconds(5));
    var refused = (Admission.Refused) caller.receiveMessage();
    assertEquals(true, refused.unavailable());
    RunReport freed = admission.receiveMessage();
    assertEquals("run-2", freed.runId());
    assertEquals(Status.FAILED, freed.status());
    admission.expectNoMessage(Duration.ofMillis(50));
  }
}
