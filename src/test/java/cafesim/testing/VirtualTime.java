package cafesim.testing;

import cafesim.Settings;
import cafesim.run.Run;
import cafesim.run.RunReport;
import cafesim.run.RunSpec;
import cafesim.run.TraceContext;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.testkit.ExplicitlyTriggeredScheduler;

/**
 * Virtual time for actor tests: the manual scheduler drives the timers, and the runs' clock
 * reads that same scheduler, so simulated times come out exact.
 */
public final class VirtualTime {

  private VirtualTime() {}

  /**
   * The service's settings on a manual clock, on a plain local actor system (no cluster: an
   * actor test needs none), with an in-memory journal any entity under test writes to.
   */
  public static Config config() {
    return ManualTime.config()
        .withFallback(PersistenceTestKitPlugin.getInstance().config())
        .withFallback(ConfigFactory.parseString("pekko.actor.provider = local"))
        .withFallback(Settings.loadConfig());
  }

  public static ActorTestKit testKit() {
    return new JUnit5TestKitBuilder().withCustomConfig(config()).build();
  }

  /** The clock a run should read: the manual scheduler's own time, in nanoseconds. */
  public static LongSupplier clock(ActorTestKit testKit) {
    var scheduler = (ExplicitlyTriggeredScheduler) Adapter.toClassic(testKit.system()).scheduler();
    return () -> scheduler.currentTimeMs() * 1_000_000L;
  }

  /**
   * Runs {@code spec} on virtual time, one simulated second per step: no report may come before
   * {@code seconds}, and it must come at that second.
   */
  public static RunReport runFor(ActorTestKit testKit, RunSpec spec, long seconds) {
    TestProbe<RunReport> done = testKit.createTestProbe();
    testKit.spawn(Run.create("test", TraceContext.fresh(), spec, Run.Bounds.NONE, clock(testKit), done.getRef(),
        Run.EVENT_LOGGER));
    ManualTime time = ManualTime.get(testKit.system());
    for (long second = 1; second < seconds; second++) {
      time.timePasses(Duration.ofSeconds(1));
      done.expectNoMessage(Duration.ofMillis(10));
    }
    time.timePasses(Duration.ofSeconds(1));
    return done.receiveMessage(Duration.ofSeconds(3));
  }
}
