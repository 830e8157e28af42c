package cafesim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.Settings;
import cafesim.cafe.CafeEvent;
import cafesim.cafe.Mode;
import cafesim.testing.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One client watching one run, on virtual time: the run's entity is a probe, its topic a real
 * one that the test publishes on, the client a probe that acknowledges by hand.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunWatcherTest {

  private static final Duration ASK = Duration.ofSeconds(1);

  @JUnit5TestKit
  ActorTestKit testKit = VirtualTime.testKit();

  private final RunSpec spec = Scenarios.find("americano-latte").orElseThrow()
      .toSpec(Settings.from(VirtualTime.config()).menu(), Mode.ASYNC, 1, 1, 0).withSeed(3);
  /** A real run's report: its events are what the watcher passes on. */
  private final RunReport report = VirtualTime.runFor(testKit, spec, 5);
  private final List<CafeEvent> events = report.events();

  private ManualTime time;
  private MemoryRunTable table;
  private TestProbe<RunEntity.Command> entity;
  private TestProbe<RunWatcher.Update> client;
  private ActorRef<Topic.Command<Run.Streamed>> publisher;
  private String runId;
  private int runs;

  @BeforeEach
  void freshRun() {
    time = ManualTime.get(testKit.system());
    table = new MemoryRunTable(Settings.from(VirtualTime.config()).runs().limits(),
        System::nanoTime);
    entity = testKit.createTestProbe();
    client = testKit.createTestProbe();
    runId = "run-w" + ++runs;
    publisher = testKit.spawn(Topic.create(Run.Streamed.class, Run.topicName(runId)));
  }

  private ActorRef<RunWatcher.Command> watch(int attempt, int after) {
    ActorRef<RunWatcher.Command> watcher =
        testKit.spawn(RunWatcher.create(runId, attempt, after, entity.getRef(), table, ASK));
    watcher.tell(new RunWatcher.Attach(client.getRef()));
    return watcher;
  }

  /** The entity is asked for what came after the client's place, and answers. */
  private RunEntity.CatchUp catchUp(int attempt, int after) {
    RunEntity.CatchUp catchUp = entity.expectMessageClass(RunEntity.CatchUp.class);
    assertEquals(attempt, catchUp.attempt(), "the play the client is at");
    assertEquals(after, catchUp.after(), "the events of it the client has");
    assertEquals(RunWatcher.PAGE, catchUp.max());
    return catchUp;
  }

  private void caughtUp(int attempt, int after, List<Run.Released> events, RunReport ended) {
    catchUp(attempt, after).replyTo().tell(new Run.Backlog(true, attempt, events, false, ended));
  }

  private Run.Released released(int seq) {
    return new Run.Released(1, seq, events.get(seq - 1));
  }

  /** The publisher's topic lists the watcher's: from then on a publish reaches it. */
  private void watcherListed() {
    TestProbe<Topic.TopicStats> stats = testKit.createTestProbe();
    stats.awaitAssert(() -> {
      publisher.tell(Topic.getTopicStats(stats.getRef()));
      assertEquals(1, stats.expectMessageClass(Topic.TopicStats.class).topicInstanceCount());
      return null;
    });
  }

  /** What the client gets, acknowledging each, until the stream is closed. */
  private List<RunWatcher.Update> readToTheEnd(ActorRef<RunWatcher.Command> watcher) {
    List<RunWatcher.Update> updates = new ArrayList<>();
    for (RunWatcher.Update u = client.receiveMessage(); u != RunWatcher.Close.INSTANCE;
        u = client.receiveMessage()) {
      updates.add(u);
      watcher.tell(RunWatcher.Acked.INSTANCE);
    }
    return updates;
  }

  private RunWatcher.Event event(int seq) {
    return new RunWatcher.Event(1, seq, events.get(seq - 1));
  }

  @Test
  void catchesUpThenHearsTheRestOnTheTopicInOrderThenTheReport() {
    ActorRef<RunWatcher.Command> watcher = watch(1, 0);
    caughtUp(1, 0, List.of(released(1), released(2)), null);
    assertEquals(event(1), client.receiveMessage());
    client.expectNoMessage(Duration.ofMillis(50));
    watcher.tell(RunWatcher.Acked.INSTANCE);
    assertEquals(event(2), client.receiveMessage());
    watcher.tell(RunWatcher.Acked.INSTANCE);

    watcherListed();
    publisher.tell(Topic.publish(released(3)));
    assertEquals(event(3), client.receiveMessage());
    watcher.tell(RunWatcher.Acked.INSTANCE);
    // The 4th is lost on the way: the 5th shows the gap, and the entity fills it.
    publisher.tell(Topic.publish(released(5)));
    caughtUp(1, 3, List.of(released(4), released(5)), null);
    assertEquals(event(4), client.receiveMessage());
    watcher.tell(RunWatcher.Acked.INSTANCE);
    assertEquals(event(5), client.receiveMessage());
    watcher.tell(RunWatcher.Acked.INSTANCE);
    for (int seq = 6; seq <= events.size(); seq++) {
      publisher.tell(Topic.publish(released(seq)));
    }
    publisher.tell(Topic.publish(new Run.Ended(1, events.size(), report)));
    List<RunWatcher.Update> rest = readToTheEnd(watcher);
    assertEquals(events.size() - 5 + 1, rest.size());
    assertEquals(event(6), rest.get(0));
    assertEquals(new RunWatcher.Report(report), rest.get(rest.size() - 1));

    assertStopsAfterLingering(watcher);
  }

  private void assertStopsAfterLingering(ActorRef<RunWatcher.Command> watcher) {
    TestProbe<Void> stops = testKit.createTestProbe();
    time.timePasses(RunWatcher.LINGER);
    stops.expectTerminated(watcher);
  }

  @Test
  void aResumedRunStartsOverAtItsNewAttempt() {
    ActorRef<RunWatcher.Command> watcher = watch(1, 4);
    catchUp(1, 4).replyTo().tell(new Run.Backlog(true, 2,
        List.of(new Run.Released(2, 1, events.get(0)), new Run.Released(2, 2, events.get(1))),
        false, null));
    assertEquals(new RunWatcher.Restarted(2), client.receiveMessage());
    watcher.tell(RunWatcher.Acked.INSTANCE);
    assertEquals(new RunWatcher.Event(2, 1, events.get(0)), client.receiveMessage());
    watcher.tell(RunWatcher.Acked.INSTANCE);
    assertEquals(new RunWatcher.Event(2, 2, events.get(1)), client.receiveMessage());
    watcher.tell(RunWatcher.Acked.INSTANCE);
    // The topic still carries the old play's last words: they are not this play's.
    watcherListed();
    publisher.tell(Topic.publish(released(3)));
    publisher.tell(Topic.publish(new Run.Released(2, 3, events.get(2))));
    assertEquals(new RunWatcher.Event(2, 3, events.get(2)), client.receiveMessage());
  }

  @Test
  void aRunThatEndsWhileWatchedIsFinishedFromTheRunTable() {
    runId = report.runId();
    table.accepted(RunReport.starting(runId, TraceContext.fresh(), spec));
    table.ended(report, true);
    ActorRef<RunWatcher.Command> watcher = watch(1, 2);
    catchUp(1, 2).replyTo().tell(Run.Backlog.notPlaying(1));
    List<RunWatcher.Update> rest = readToTheEnd(watcher);
    assertEquals(event(3), rest.get(0), "from where the client was");
    assertEquals(events.size() - 2 + 1, rest.size());
    assertEquals(new RunWatcher.Report(report), rest.get(rest.size() - 1));
    assertStopsAfterLingering(watcher);
  }

  @Test
  void anEntityThatDoesNotAnswerIsAskedAgain() {
    watch(1, 0);
    catchUp(1, 0);
    time.timePasses(ASK);
    entity.expectNoMessage(Duration.ofMillis(50));
    time.timePasses(RunWatcher.CHECK_UNTIL_HEARD);
    caughtUp(1, 0, List.of(released(1)), null);
    assertEquals(event(1), client.receiveMessage());
  }

  @Test
  void aClientThatReadsNothingWhileTheBufferIsFullGetsOverflowAndIsClosed() {
    ActorRef<RunWatcher.Command> watcher = watch(1, 0);
    caughtUp(1, 0, List.of(), null);
    watcherListed();
    // The client reads the first and then nothing, while the run makes far more.
    RunWatcher.Event first = new RunWatcher.Event(1, 1, events.get(0));
    for (int seq = 1; seq <= RunWatcher.BUFFER + 2; seq++) {
      publisher.tell(Topic.publish(new Run.Released(1, seq, events.get(0))));
    }
    assertEquals(first, client.receiveMessage());
    client.expectNoMessage(Duration.ofMillis(100));
    time.timePasses(RunWatcher.STALLED.minusMillis(1));
    entity.expectNoMessage(Duration.ofMillis(50));
    time.timePasses(Duration.ofMillis(1));
    client.expectNoMessage(Duration.ofMillis(50));
    watcher.tell(RunWatcher.Acked.INSTANCE);
    assertEquals(new RunWatcher.Overflow(RunWatcher.BUFFER), client.receiveMessage(),
        "what waited is dropped; the client hears why");
    watcher.tell(RunWatcher.Acked.INSTANCE);
    assertEquals(RunWatcher.Close.INSTANCE, client.receiveMessage());
    assertStopsAfterLingering(watcher);
  }

  @Test
  void aBurstBeyondTheBufferToAClientThatReadsComesWholeAndInOrder() {
    // A run on its own clock lets all its events out at its end, at once.
    int total = 3 * RunWatcher.BUFFER;
    List<Run.Released> all = new java.util.ArrayList<>();
    for (int seq = 1; seq <= total; seq++) {
      all.add(new Run.Released(1, seq, events.get((seq - 1) % events.size())));
    }
    ActorRef<RunWatcher.Command> watcher = watch(1, 0);
    caughtUp(1, 0, List.of(), null);
    watcherListed();
    all.forEach(released -> publisher.tell(Topic.publish(released)));
    publisher.tell(Topic.publish(new Run.Ended(1, total, report)));
    assertEquals(total, readAllAnsweringCatchUps(watcher, all, 0));
  }

  /**
   * Reads to the report, acknowledging each update, and answers the entity's catch-ups from
   * {@code all}, a page at a time; returns how many events came, checked in order.
   */
  private int readAllAnsweringCatchUps(ActorRef<RunWatcher.Command> watcher,
      List<Run.Released> all, int seenBefore) {
    int total = all.size();
    int seen = seenBefore;
    // Every update or page moves on: a watcher that asks and asks without passing anything on
    // fails here rather than hanging.
    for (int round = 0; ; round++) {
      assertTrue(round < 4 * total, "no progress after " + seen + " events");
      RunWatcher.Update update = poll(client);
      if (update == null) {
        // The client has read what waited: the rest is asked of the entity, page by page.
        RunEntity.CatchUp catchUp = entity.expectMessageClass(RunEntity.CatchUp.class);
        int from = catchUp.after();
        int to = Math.min(total, from + catchUp.max());
        catchUp.replyTo().tell(new Run.Backlog(true, 1, all.subList(from, to), to < total,
            to < total ? null : report));
      } else if (update instanceof RunWatcher.Event event) {
        assertEquals(++seen, event.seq(), "in order, none missing");
        watcher.tell(RunWatcher.Acked.INSTANCE);
      } else {
        assertEquals(new RunWatcher.Report(report), update);
        watcher.tell(RunWatcher.Acked.INSTANCE);
        assertEquals(RunWatcher.Close.INSTANCE, client.receiveMessage());
        break;
      }
    }
    return seen;
  }

  @Test
  void eventsHeardAheadOfAGapNeverKeepTheGapFromBeingFilled() {
    int total = 300 + RunWatcher.BUFFER + 10;
    List<Run.Released> all = new java.util.ArrayList<>();
    for (int seq = 1; seq <= total; seq++) {
      all.add(new Run.Released(1, seq, events.get((seq - 1) % events.size())));
    }
    ActorRef<RunWatcher.Command> watcher = watch(1, 0);
    caughtUp(1, 0, all.subList(0, 1), null);
    assertEquals(new RunWatcher.Event(1, 1, all.get(0).event()), client.receiveMessage());
    watcher.tell(RunWatcher.Acked.INSTANCE);
    watcherListed();
    // The topic was heard only from the 300th on: more than the buffer holds, past a gap.
    all.subList(299, total).forEach(released -> publisher.tell(Topic.publish(released)));
    publisher.tell(Topic.publish(new Run.Ended(1, total, report)));
    assertEquals(total, readAllAnsweringCatchUps(watcher, all, 1));
  }

  /** The next message, or null if none comes in a moment. */
  private static <T> T poll(TestProbe<T> probe) {
    try {
      return probe.receiveMessage(Duration.ofMillis(200));
    } catch (AssertionError nothing) {
      return null;
    }
  }

  @Test
  void aClientThatGoesAwayLeavesNoWatcherBehind() {
    ActorRef<RunWatcher.Command> watcher = watch(1, 0);
    caughtUp(1, 0, List.of(released(1)), null);
    assertEquals(event(1), client.receiveMessage());
    client.stop();
    assertStopsAfterLingering(watcher);
  }

  @Test
  void aStreamNeverRunLeavesNoWatcherBehind() {
    ActorRef<RunWatcher.Command> watcher =
        testKit.spawn(RunWatcher.create(runId, 1, 0, entity.getRef(), table, ASK));
    TestProbe<Void> stops = testKit.createTestProbe();
    time.timePasses(RunWatcher.ATTACH_WITHIN);
    stops.expectTerminated(watcher);
    entity.expectNoMessage(Duration.ofMillis(50));
  }
}
