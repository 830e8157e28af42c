package cafesim.http;

import cafesim.Settings;
import cafesim.run.Guardian;
import cafesim.run.RunMeters;
import cafesim.run.Runs;
import cafesim.run.Warmup;
import cafesim.trace.TimelinePainter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import net.logstash.logback.marker.Markers;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.javadsl.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service, wired: an actor system whose root is the run layer's {@link Guardian}, the
 * timeline painter, and the HTTP API bound in front of them.
 *
 * <p>SIGTERM runs Pekko's coordinated shutdown. Before HTTP unbinds, the runs drain: health
 * answers 503 DRAINING, new runs 503, the runs in flight get {@code drain-deadline} to finish
 * (those still going then are resumed at the next start); a last line counts how the
 * service's runs ended. Then HTTP
 * unbinds, answering the requests still waiting, and the actors stop.
 *
 * <p>A connection that completes no request within {@code cafesim.http.first-request-deadline}
 * is closed ({@link RequestDeadline}): slow clients cannot hold every connection.
 */
public record CafeServer(ActorSystem<Guardian.Command> system, ServerBinding binding) {

  /**
   * The service's own lines (serving, warmed up, stopping) under its own name, not the actor
   * system's: a logback rule for cafesim reaches them, one for org.apache.pekko does not.
   */
  private static final Logger LOG = LoggerFactory.getLogger(CafeServer.class);

  public static CompletionStage<CafeServer> start(Settings settings) {
    CompletableFuture<Guardian.Ready> wired = new CompletableFuture<>();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ActorSystem<Guardian.Command> system = ActorSystem.create(Guardian.create(settings.storage(),
        settings.runs().limits(), System::nanoTime, settings.http().askTimeout(),
        new RunMeters(registry), wired), "cafesim", settings.config());
    // A start that fails ends only once the actor system is down, so the caller may exit then.
    return wired.thenCompose(ready -> bind(system, ready, registry, settings))
        .exceptionallyCompose(failure -> {
          system.terminate();
          return system.getWhenTerminated()
              .thenCompose(done -> CompletableFuture.<CafeServer>failedStage(failure));
        });
  }

  private static CompletionStage<CafeServer> bind(ActorSystem<Guardian.Command> system,
      Guardian.Ready ready, PrometheusMeterRegistry registry, Settings settings) {
    // Pictures are drawn on a thread of their own, so a big one never holds up HTTP or runs.
    ActorRef<TimelinePainter.Command> painter = system.systemActorOf(
        TimelinePainter.create(settings.config().getInt("cafesim.http.timelines-kept")),
        "timeline-painter", DispatcherSelector.fromConfig("cafesim.painter-dispatcher"));
    Supplier<CafeRoutes.Membership> membership = membership(system);
    meterProcess(registry, membership, system);
    var routes = new CafeRoutes(ready.runs(), membership, registry, painter, system.scheduler(),
        settings).routes();
    // What bind(routes) would run on each connection, wrapped in the request deadline.
    int pipelining = ServerSettings.create(system.classicSystem()).getPipeliningLimit();
    var handler = Flow.<HttpRequest>create().mapAsync(pipelining, routes.handler(system)::apply);
    Duration deadline = settings.config().getDuration("cafesim.http.first-request-deadline");
    return Http.get(system)
        .newServerAt(settings.http().host(), settings.http().port())
        .bindFlow(RequestDeadline.around(handler, deadline))
        .thenApply(binding -> {
          drainOnShutdown(system, ready.runs(), settings.drainDeadline());
          binding.addToCoordinatedShutdown(Duration.ofSeconds(10), system);
          warmUp(system, ready.warmup(), settings);
          LOG.info("cafesim serving on http://{}:{}",
              binding.localAddress().getHostString(), binding.localAddress().getPort());
          return new CafeServer(system, binding);
        });
  }

  /** This node's membership as the cluster extension last saw it (safe from any thread). */
  private static Supplier<CafeRoutes.Membership> membership(ActorSystem<?> system) {
    Cluster cluster = Cluster.get(system);
    return () -> {
      CurrentClusterState state = cluster.state();
      int up = 0;
      for (Member member : state.getMembers()) {
        up += member.status() == MemberStatus.up() ? 1 : 0;
      }
      Member self = cluster.selfMember();
      return new CafeRoutes.Membership(self.address().toString(), self.status().toString(), up,
          state.getUnreachable().size());
    };
  }

  /** The JVM's own meters and this node's view of its cluster, beside the runs' meters. */
  private static void meterProcess(PrometheusMeterRegistry registry,
      Supplier<CafeRoutes.Membership> membership, ActorSystem<?> system) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    system.getWhenTerminated().thenRun(gc::close);
    Gauge.builder("cafesim.cluster.members", membership, m -> m.get().members())
        .description("Cluster members Up, as this node sees them")
        .register(registry);
    Gauge.builder("cafesim.cluster.unreachable", membership, m -> m.get().unreachable())
        .description("Cluster members this node's failure detector cannot reach")
        .register(registry);
  }

  private static void drainOnShutdown(ActorSystem<?> system, Runs runs, Duration deadline) {
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(),
        "drain-runs", () -> runs.drain(deadline)
            // The last reports are on their way to requests still waiting: a moment for them to
            // be written before HTTP unbinds.
            .thenCompose(drained -> Patterns.after(Duration.ofMillis(200), system,
                () -> CompletableFuture.completedFuture(drained)))
            .thenApply(drained -> {
              // The counts are fields of the JSON line too, so a log tool need not read prose.
              LOG.info(Markers.append("runsCompleted", drained.completed())
                      .and(Markers.append("runsFailed", drained.failed()))
                      .and(Markers.append("runsCancelled", drained.cancelled()))
                      .and(Markers.append("runsLeftToResume", drained.leftToResume())),
                  "cafesim stopping; runs: {} completed, {} failed, {} cancelled, {} left to"
                      + " resume at the next start", drained.completed(), drained.failed(),
                  drained.cancelled(), drained.leftToResume());
              return Done.done();
            }));
  }

  private static void warmUp(ActorSystem<?> system, Runs warmup, Settings settings) {
    if (settings.warmupRuns() <= 0) {
      return;
    }
    // A stop lets the warm-up's run in flight end before the shard regions go: otherwise the
    // run is cut off, its reply never comes, and the warm-up never says how far it got. The
    // task is in place before the first run starts; a stop that began earlier is seen by the
    // warm-up's own check, and then no run starts at all.
    CompletableFuture<Done> ended = new CompletableFuture<>();
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "warm-up-ends", () -> ended);
    long start = System.nanoTime();
    Warmup.run(warmup, settings.menu(), settings.warmupRuns(), settings.runs().maxSpeed(),
            () -> shutdown.getShutdownReason().isPresent())
        .whenComplete((runs, failure) -> {
          long millis = (System.nanoTime() - start) / 1_000_000;
          if (failure != null) {
            LOG.warn("warm-up stopped early: {}", failure.getMessage());
          } else if (runs < settings.warmupRuns()) {
            LOG.info("warm-up cut short by the stop: {} of {} runs in {} ms", runs,
                settings.warmupRuns(), millis);
          } else {
            LOG.info("warm-up done: {} runs in {} ms", runs, millis);
          }
          ended.complete(Done.done());
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
