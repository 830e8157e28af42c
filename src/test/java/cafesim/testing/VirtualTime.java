package cafesim.testing;

import cafesim.Settings;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.testkit.ExplicitlyTriggeredScheduler;

/**
 * Virtual time for actor tests: the manual scheduler drives the timers, and the runs' clock
 * reads that same scheduler, so simulated times come out exact.
 */
public final class VirtualTime {

  private VirtualTime() {}

  public static Config config() {
    return ManualTime.config().withFallback(Settings.loadConfig());
  }

  public static ActorTestKit testKit() {
    return new JUnit5TestKitBuilder().withCustomConfig(config()).build();
  }

  /** The clock a run should read: the manual scheduler's own time, in nanoseconds. */
  public static LongSupplier clock(ActorTestKit testKit) {
    var scheduler = (ExplicitlyTriggeredScheduler) Adapter.toClassic(testKit.system()).scheduler();
    return () -> scheduler.currentTimeMs() * 1_000_000L;
  }

  public static Duration seconds(double s) {
    return Duration.ofNanos(Math.round(s * 1e9));
  }
}
