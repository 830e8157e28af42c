package cafesim.http;

import cafesim.Settings;
import cafesim.run.RunRegistry;
import cafesim.run.Warmup;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * The service, wired: an actor system whose guardian is the {@link RunRegistry}, and the HTTP
 * API bound in front of it. SIGTERM runs Pekko's coordinated shutdown, which unbinds first and
 * lets requests in flight finish.
 */
public record CafeServer(ActorSystem<RunRegistry.Command> system, ServerBinding binding) {

  public static CompletionStage<CafeServer> start(Settings settings) {
    ActorSystem<RunRegistry.Command> system = ActorSystem.create(
        RunRegistry.create(settings.runs().keep(), System::nanoTime), "cafesim",
        settings.config());
    var routes = new CafeRoutes(system, system, settings).routes();
    return Http.get(system)
        .newServerAt(settings.http().host(), settings.http().port())
        .bind(routes)
        .thenApply(binding -> {
          binding.addToCoordinatedShutdown(Duration.ofSeconds(10), system);
          system.log().info("cafesim serving on http://{}:{}",
              binding.localAddress().getHostString(), binding.localAddress().getPort());
          warmUp(system, settings);
          return new CafeServer(system, binding);
        })
        .whenComplete((server, failure) -> {
          if (failure != null) {
            system.terminate();
          }
        });
  }

  private static void warmUp(ActorSystem<?> system, Settings settings) {
    if (settings.warmupRuns() <= 0) {
      return;
    }
    long start = System.nanoTime();
    Warmup.run(system, settings.menu(), settings.warmupRuns(), settings.runs().maxSpeed())
        .whenComplete((runs, failure) -> {
          if (failure != null) {
            system.log().warn("warm-up stopped early: {}", failure.getMessage());
          } else {
            system.log().info("warm-up done: {} runs in {} ms", runs,
                (System.nanoTime() - start) / 1_000_000);
          }
        });
  }

  public int port() {
    return binding.localAddress().getPort();
  }

  public CompletionStage<Done> stop() {
    system.terminate();
    return system.getWhenTerminated();
  }
}
