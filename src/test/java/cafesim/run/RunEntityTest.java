package cafesim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.Settings;
import cafesim.cafe.CafeEvent;
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
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A run's entity on virtual time, its journal in memory: what it persists and when it answers,
 * how it ends, and how a run cut short is played again from its journal.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunEntityTest {

  @JUnit5TestKit
  ActorTestKit testKit = VirtualTime.testKit();

  private final RunSpec spec = Scenarios.find("americano-latte").orElseThrow()
      .toSpec(Settings.from(VirtualTime.config()).menu(), Mode.ASYNC, 1, 1, 0).withSeed(11);
  private final TraceContext trace = TraceContext.fresh();

  private PersistenceTestKit journal;
  private MemoryRunTable table;
  private RunEntity.Home home;
  private TestProbe<ClusterSharding.ShardCommand> shard;
  private TestProbe<Admission.Command> admission;
  private TestProbe<RunEntity.Accepted> accepted;
  private TestProbe<RunReport> ended;
  private int runs;
  private String runId;

  @BeforeEach
  void freshRun() {
    journal = PersistenceTestKit.create(testKit.system());
    journal.clearAll();
    table = new MemoryRunTable(Settings.from(VirtualTime.config()).runs().limits(),
        System::nanoTime);
    admission = testKit.createTestProbe();
    home = new RunEntity.Home(RunEntity.TYPE, "", "pekko.persistence.no-snapshot-store", table,
        Run.Bounds.NONE, VirtualTime.clock(testKit), Run.EVENT_LOGGER, admission.getRef());
    shard = testKit.createTestProbe();
    accepted = testKit.createTestProbe();
    ended = testKit.createTestProbe();
    runId = "run-" + ++runs;
  }

  private String persistenceId() {
    return "Run|" + runId;
  }

  private ActorRef<RunEntity.Command> entity() {
    return testKit.spawn(RunEntity.create(runId, home, shard.getRef()));
  }

  private RunReport listed() {
    return ((RunLookup.Found) table.find(runId).toCompletableFuture().join()).report();
  }

  private ActorRef<RunEntity.Command> acceptedRun() {
    ActorRef<RunEntity.Command> entity = entity();
    entity.tell(new RunEntity.Accept(spec, trace, accepted.getRef(), List.of(ended.getRef())));
    journal.expectNextPersisted(persistenceId(), new RunEntity.RunAccepted(spec, trace));
    RunReport starting = accepted.receiveMessage().starting();
    assertEquals(Status.RUNNING, starting.status());
    assertEquals(1, starting.attempts());
    assertEquals(Status.RUNNING, listed().status(), "listed before the caller hears of it");
    return entity;
  }

  @Test
  void aRunIsJournaledAndListedBeforeItsCallerHearsThenEndsOnceAndPassivates() {
    acceptedRun();
    ManualTime time = ManualTime.get(testKit.system());
    time.timePasses(Duration.ofSeconds(4));
    ended.expectNoMessage(Duration.ofMillis(50));
    time.timePasses(Duration.ofSeconds(1));
    RunReport report = ended.receiveMessage();
    assertEquals(Status.COMPLETED, report.status());
    assertEquals(5.0, report.makespanSeconds());
    assertEquals(1, report.attempts());
    assertEquals("11", report.seed());
    var end = journal.expectNextPersistedClass(persistenceId(), RunEntity.RunEnded.class);
    assertEquals(report.brief(), end.report(), "the journal keeps the end, not the events");
    assertEquals(report, listed(), "the table has the whole report");
    assertInstanceOf(ClusterSharding.Passivate.class, shard.receiveMessage());
    journal.expectNothingPersisted(persistenceId(), Duration.ofMillis(50));
  }

  @Test
  void aWatchedRunAnswersWithItsBacklogThenPublishesTheRestAndItsEndOnItsTopic() {
    ActorRef<RunEntity.Command> entity = acceptedRun();
    TestProbe<Run.Streamed> heard = testKit.createTestProbe();
    var elsewhere = testKit.spawn(Topic.create(Run.Streamed.class, Run.topicName(runId)));
    elsewhere.tell(Topic.subscribe(heard.getRef()));
    TestProbe<Run.Backlog> backlog = testKit.createTestProbe();
    entity.tell(new RunEntity.CatchUp(1, 0, 256, backlog.getRef()));
    Run.Backlog first = backlog.receiveMessage();
    assertTrue(first.playing());
    assertEquals(1, first.attempt());
    assertEquals(new Run.Released(1, 1, first.events().get(0).event()), first.events().get(0));
    assertEquals(CafeEvent.Type.RUN_STARTED, first.events().get(0).event().type());
    // The entity's topic and this one know each other before the run goes on.
    TestProbe<Topic.TopicStats> stats = testKit.createTestProbe();
    stats.awaitAssert(() -> {
      elsewhere.tell(Topic.getTopicStats(stats.getRef()));
      assertEquals(2, stats.expectMessageClass(Topic.TopicStats.class).topicInstanceCount());
      return null;
    });
    heard.expectNoMessage(Duration.ofMillis(50));

    ManualTime.get(testKit.system()).timePasses(Duration.ofSeconds(5));
    RunReport report = ended.receiveMessage();
    List<Run.Streamed> published = heard.receiveSeveralMessages(
        report.events().size() - first.events().size() + 1);
    for (int i = 0; i < published.size() - 1; i++) {
      int seq = first.events().size() + i + 1;
      assertEquals(new Run.Released(1, seq, report.events().get(seq - 1)), published.get(i),
          "each event after the backlog, numbered on");
    }
    assertEquals(new Run.Ended(1, report.events().size(), report),
        published.get(published.size() - 1));
  }

  @Test
  void askingToAcceptAgainChangesNothing() {
    ActorRef<RunEntity.Command> entity = acceptedRun();
    TestProbe<RunEntity.Accepted> again = testKit.createTestProbe();
    entity.tell(new RunEntity.Accept(spec.withSeed(12), TraceContext.fresh(), again.getRef(),
        List.of()));
    RunReport starting = again.receiveMessage().starting();
    assertEquals(trace.traceId(), starting.traceId());
    assertEquals("11", starting.seed());
    journal.expectNothingPersisted(persistenceId(), Duration.ofMillis(50));
  }

  @Test
  void aRunCutShortIsPlayedAgainFromItsJournalUnderTheSameIdAndTrace() {
    ActorRef<RunEntity.Command> entity = acceptedRun();
    ManualTime time = ManualTime.get(testKit.system());
    time.timePasses(Duration.ofSeconds(3));
    testKit.stop(entity);

    ActorRef<RunEntity.Command> resumed = entity();
    journal.expectNextPersisted(persistenceId(), new RunEntity.RunResumed(2));
    // Counted in flight on this node, and told the end.
    var counted = admission.expectMessageClass(Admission.Resumed.class);
    assertEquals(runId, counted.runId());
    assertEquals(resumed, counted.entity());
    TestProbe<RunReport> admissionHears = testKit.createTestProbe();
    TestProbe<RunEntity.Listening> listening = testKit.createTestProbe();
    resumed.tell(new RunEntity.TellWhenEnded(admissionHears.getRef(), listening.getRef()));
    listening.expectMessage(new RunEntity.Listening(runId));
    assertEquals(2, listed().attempts());
    assertEquals(Status.RUNNING, listed().status());
    time.timePasses(Duration.ofSeconds(5));
    var end = journal.expectNextPersistedClass(persistenceId(), RunEntity.RunEnded.class);
    RunReport report = end.report();
    assertEquals(Status.COMPLETED, report.status());
    assertEquals(2, report.attempts());
    assertEquals(5.0, report.makespanSeconds(), "played from the start: the same answer");
    assertEquals(trace.traceId(), report.traceId());
    assertEquals(report.brief(), listed().brief());
    assertEquals(9, listed().events().size(), "the second play's events, not both");
    assertEquals(Status.COMPLETED, admissionHears.receiveMessage().status());
  }

  @Test
  void aRunThatEndedIsNotPlayedAgainWhenItsEntityStartsOnceMore() {
    acceptedRun();
    ManualTime.get(testKit.system()).timePasses(Duration.ofSeconds(5));
    RunReport report = ended.receiveMessage();
    journal.expectNextPersistedClass(persistenceId(), RunEntity.RunEnded.class);
    shard.receiveMessage();

    ActorRef<RunEntity.Command> again = entity();
    assertInstanceOf(ClusterSharding.Passivate.class, shard.receiveMessage(),
        "goes again at once");
    journal.expectNothingPersisted(persistenceId(), Duration.ofMillis(50));
    assertEquals(report, listed(), "the whole report stays");
    TestProbe<Cancellation> cancel = testKit.createTestProbe();
    again.tell(new RunEntity.Cancel(cancel.getRef()));
    assertEquals(new Cancellation.AlreadyEnded(Status.COMPLETED), cancel.receiveMessage());
    // A caller asking again (a retry) hears of the run and of its end at once, and a lookup
    // gets the whole report: the journal has only the brief one, the table the whole.
    TestProbe<RunReport> late = testKit.createTestProbe();
    again.tell(new RunEntity.Accept(spec, trace, accepted.getRef(), List.of(late.getRef())));
    assertEquals(Status.RUNNING, accepted.receiveMessage().starting().status());
    assertEquals(report, late.receiveMessage());
    TestProbe<RunLookup> lookup = testKit.createTestProbe();
    again.tell(new RunEntity.GetReport(lookup.getRef()));
    assertEquals(new RunLookup.Found(report), lookup.receiveMessage());
  }

  @Test
  void aCancelledRunEndsCancelledOnceAndItsCallerGetsTheReport() {
    ActorRef<RunEntity.Command> entity = acceptedRun();
    ManualTime.get(testKit.system()).timePasses(Duration.ofSeconds(4));
    TestProbe<Cancellation> cancel = testKit.createTestProbe();
    entity.tell(new RunEntity.Cancel(cancel.getRef()));
    RunReport report = ((Cancellation.Cancelled) cancel.receiveMessage()).report();
    assertEquals(Status.CANCELLED, report.status());
    assertEquals(report, ended.receiveMessage());
    var end = journal.expectNextPersistedClass(persistenceId(), RunEntity.RunEnded.class);
    assertEquals(Status.CANCELLED, end.report().status());
    assertEquals(Status.CANCELLED, listed().status());
  }

  @Test
  void aRunTheEntityNeverAcceptedIsNotThere() {
    ActorRef<RunEntity.Command> entity = entity();
    TestProbe<RunLookup> lookup = testKit.createTestProbe();
    entity.tell(new RunEntity.GetReport(lookup.getRef()));
    assertTrue(lookup.receiveMessage() instanceof RunLookup.Missing);
    assertInstanceOf(ClusterSharding.Passivate.class, shard.receiveMessage(),
        "nothing to remember: it goes");
    journal.expectNothingPersisted(persistenceId(), Duration.ofMillis(50));
  }
}
