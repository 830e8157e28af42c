package cafesim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.Settings;
import cafesim.cafe.Mode;
import cafesim.http.Json;
import cafesim.testing.VirtualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Everything that may cross nodes once runs are sharded (a run's commands, its answers, its
 * report) round-trips through the configured serializer, Jackson CBOR, to an equal object.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SerializationTest {

  @JUnit5TestKit
  ActorTestKit testKit = VirtualTime.testKit();

  private final RunSpec spec = Scenarios.find("three-calls")
      .orElseThrow().toSpec(Settings.from(VirtualTime.config()).menu(), Mode.SYNC, 1, 1, 0)
      .withFaults(new RunSpec.Faults(0.2, 3)).withSeed(7);
  private final TraceContext trace = TraceContext.fresh();
  private final RunReport report = VirtualTime.runFor(testKit, spec, 15);

  private void roundTrips(Object message) {
    new SerializationTestKit(testKit.system()).verifySerialization(message, true);
  }

  @Test
  void aRunsCommandsAnswersAndReportTravelAsJackson() {
    TestProbe<RunLookup> lookups = testKit.createTestProbe();
    TestProbe<Run.Backlog> backlogs = testKit.createTestProbe();
    TestProbe<Cancellation> cancels = testKit.createTestProbe();
    TestProbe<RunReport> reports = testKit.createTestProbe();
    TestProbe<RunEntity.Accepted> accepted = testKit.createTestProbe();
    roundTrips(new Run.GetReport(lookups.getRef()));
    roundTrips(new Run.Cancel(cancels.getRef()));
    roundTrips(new Run.CatchUp(3, 256, backlogs.getRef()));
    roundTrips(new Run.Backlog(true, 2,
        java.util.List.of(new Run.Released(2, 1, report.events().get(0))), false, report));
    roundTrips(Run.Backlog.notPlaying(1));
    roundTrips(new RunEntity.Accepted(report));
    roundTrips(new RunEntity.Accept(spec, trace, accepted.getRef(),
        java.util.List.of(reports.getRef(), reports.getRef())));
    roundTrips(new RunEntity.GetReport(lookups.getRef()));
    roundTrips(new RunEntity.CatchUp(2, 3, 256, backlogs.getRef()));
    roundTrips(new RunEntity.Cancel(cancels.getRef()));
    roundTrips(RunEntity.Stop.INSTANCE);
    roundTrips(new RunEntity.TellWhenEnded(reports.getRef(),
        testKit.<RunEntity.Listening>createTestProbe().getRef()));
    roundTrips(new RunEntity.Listening("run-0123456789abcdef"));
    // What the run's topic carries to other nodes.
    roundTrips(new Run.Released(1, 1, report.events().get(0)));
    roundTrips(new Run.Ended(1, report.events().size(), report));
    roundTrips(new RunLookup.Found(report));
    roundTrips(new RunLookup.Missing("run 'run-1' does not exist"));
    roundTrips(new Cancellation.Cancelled(report));
    roundTrips(new Cancellation.AlreadyEnded(RunReport.Status.COMPLETED));
    roundTrips(new Cancellation.NoSuchRun("no"));
    roundTrips(report);
    assertTrue(!report.messages().isEmpty(), "the report travels with its messages");
  }

  /** What the journal keeps must read back as it was written, custom customers and all. */
  @Test
  void aRunsJournalEventsAndStateTravelAsJackson() {
    RunEntity.RunAccepted accepted = new RunEntity.RunAccepted(spec, trace);
    roundTrips(accepted);
    roundTrips(new RunEntity.RunAccepted(spec.withSeed(Long.MIN_VALUE), TraceContext.fresh()));
    roundTrips(new RunEntity.RunResumed(2));
    roundTrips(new RunEntity.RunEnded(report.brief()));
    roundTrips(new RunEntity.State(accepted, 2, report.brief()));
  }

  /**
   * The journal's format is named, not class-named: what a run wrote yesterday must read today,
   * whatever the classes are called. The bytes here are the stored format, versions 1 and 2.
   */
  @Test
  void theJournalStoresNamedJsonWithoutClassNames() throws Exception {
    var serialization = org.apache.pekko.serialization.SerializationExtension.get(
        testKit.system());
    RunEntity.Event resumed = new RunEntity.RunResumed(2);
    var serializer = serialization.findSerializerFor(resumed);
    String manifest = org.apache.pekko.serialization.Serializers.manifestFor(serializer, resumed);
    byte[] bytes = serialization.serialize(resumed).get();
    assertEquals(7401, serializer.identifier());
    assertFalse(manifest.contains("cafesim"), manifest);
    assertEquals("{\"event\":\"run-resumed\",\"attempt\":2}",
        new String(bytes, java.nio.charset.StandardCharsets.UTF_8));

    // As written by each version: it must read back; today's is written the same.
    RunEntity.RunAccepted expected = new RunEntity.RunAccepted(Scenarios.find("americano-latte")
        .orElseThrow().toSpec(Settings.from(VirtualTime.config()).menu(), Mode.SYNC, 10, 1, 0)
        .withSeed(42), new TraceContext("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
        null));
    assertEquals("#2", manifest, "the version is in the manifest");
    byte[] v1 = getClass().getResourceAsStream("/journal/run-accepted-v1.json").readAllBytes();
    assertEquals(expected, serialization.deserialize(v1, 7401, "").get(),
        "version 1 (no version in its manifest): everyone came in at the start");
    byte[] v2 = getClass().getResourceAsStream("/journal/run-accepted-v2.json").readAllBytes();
    assertEquals(expected, serialization.deserialize(v2, 7401, manifest).get());
    assertEquals(new String(v2, java.nio.charset.StandardCharsets.UTF_8).strip(),
        new String(serialization.serialize(expected).get(), java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void javaSerializationIsOff() {
    var serialization = org.apache.pekko.serialization.SerializationExtension.get(
        testKit.system());
    assertTrue(serialization.findSerializerFor(report).getClass().getName().contains("Jackson"),
        serialization.findSerializerFor(report).getClass().getName());
  }

  @Test
  void theApisReportLeavesTheMessagesOut() throws Exception {
    assertFalse(Json.MAPPER.valueToTree(report).has("messages"));
  }
}
