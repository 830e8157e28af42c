package cafesim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cafesim.testing.VirtualTime;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The census asks the shard region every few seconds, and no more once the node is stopping. */
class ShardCensusTest {

  // A coordinated shutdown that runs its phases but leaves the test's actor system up.
  private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
      "pekko.coordinated-shutdown.terminate-actor-system = off\n"
          + "pekko.coordinated-shutdown.run-by-actor-system-terminate = off\n"
          + "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off")
      .withFallback(VirtualTime.config()));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void itAsksEveryFiveSecondsUntilTheNodeStopsThenStopsItself() {
    ManualTime time = ManualTime.get(testKit.system());
    TestProbe<ClusterShardingQuery> region = testKit.createTestProbe();
    ActorRef<ShardCensus.Command> census = testKit.spawn(ShardCensus.create(region.getRef(),
        RunEntity.TYPE, new RunMeters(new SimpleMeterRegistry())));
    region.expectMessageClass(GetShardRegionState.class);
    time.timePasses(ShardCensus.EVERY);
    assertEquals("Run",
        region.expectMessageClass(GetShardRegionState.class).entityTypeKey().name());

    CoordinatedShutdown.get(testKit.system()).runAll(CoordinatedShutdown.unknownReason())
        .toCompletableFuture().join();
    time.timePasses(ShardCensus.EVERY);
    region.expectTerminated(census, Duration.ofSeconds(3));
    time.expectNoMessageFor(ShardCensus.EVERY.multipliedBy(2), region);
  }
}
