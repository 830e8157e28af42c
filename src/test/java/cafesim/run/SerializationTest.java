package cafesim.run;

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

  private final RunReport report = VirtualTime.runFor(testKit, Scenarios.find("three-calls")
      .orElseThrow().toSpec(Settings.from(VirtualTime.config()).menu(), Mode.SYNC, 1, 1, 0)
      .withFaults(new RunSpec.Faults(0.2, 3)).withSeed(7), 15);

  private void roundTrips(Object message) {
    new SerializationTestKit(testKit.system()).verifySerialization(message, true);
  }

  @Test
  void aRunsCommandsAnswersAndReportTravelAsJackson() {
    TestProbe<RunLookup> lookups = testKit.createTestProbe();
    TestProbe<Run.Streamed> subscriber = testKit.createTestProbe();
    TestProbe<Run.Subscribed> subscribed = testKit.createTestProbe();
    TestProbe<RunStore.CancelReply> cancels = testKit.createTestProbe();
    roundTrips(new Run.GetReport(lookups.getRef()));
    roundTrips(new Run.Abort("shutdown"));
    roundTrips(new Run.Cancel(cancels.getRef()));
    roundTrips(new Run.Subscribe(subscriber.getRef(), 3, subscribed.getRef()));
    roundTrips(new Run.Subscribed());
    roundTrips(new Run.Released(1, report.events().get(0)));
    roundTrips(new Run.Ended(report));
    roundTrips(new RunLookup.Found(report));
    roundTrips(new RunLookup.Missing("run 'run-1' does not exist"));
    roundTrips(new RunStore.Cancelled(report));
    roundTrips(new RunStore.AlreadyEnded(RunReport.Status.COMPLETED));
    roundTrips(new RunStore.NoSuchRun("no"));
    roundTrips(report);
    assertTrue(!report.messages().isEmpty(), "the report travels with its messages");
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
