package cafesim.run;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.apache.pekko.stream.Materializer;
import scala.concurrent.ExecutionContextExecutor;

/**
 * The root of every cafesim actor system (the service, {@code cafesim run}, the benchmarks):
 * forms the cluster (with no seed nodes configured, the node joins itself), opens storage,
 * starts the run entities under Cluster Sharding, and hands the run layer over. Two of them:
 * the runs people ask for, and a small one for the warm-up, whose runs log to
 * {@code cafesim.warmup}, are journaled in memory and never listed.
 */
public final class Guardian {

  private Guardian() {}

  public sealed interface Command {}

  /** Storage is open (the schema exists), or could not be opened. */
  private record StorageOpened(RunTable table, Throwable failure) implements Command {}

  /** What the root wired, for whoever starts the system (HTTP, a command). */
  public record Ready(Runs runs, Runs warmup) {}

  /**
   * Where runs are kept: {@code durable}, in the database (journal and run table; a run cut
   * short is resumed at the next start), or in memory, for a process that keeps nothing.
   */
  public record Storage(boolean durable, JdbcRunTable.Database database) {
    public static final Storage MEMORY = new Storage(false, null);
  }

  /** Warm-up runs: one at a time, nothing kept worth keeping. */
  private static final Runs.Limits WARMUP = new Runs.Limits(1, Duration.ofMinutes(1), 1000, 1,
      1000, Integer.MAX_VALUE, Duration.ofSeconds(1), Run.Bounds.NONE);

  private static final String IN_MEMORY_JOURNAL = "pekko.persistence.journal.inmem";
  /** A run's journal is three events: it needs no snapshots. */
  private static final String NO_SNAPSHOTS = "pekko.persistence.no-snapshot-store";

  /** How often an H2 file is compacted ({@link H2Compaction}). */
  private static final Duration COMPACT_EVERY = Duration.ofSeconds(1);

  /**
   * @param meters where the runs people ask for are counted (not the warm-up's)
   * @param ready completed once runs can be started, or failed if storage cannot be opened
   */
  public static Behavior<Command> create(Storage storage, Runs.Limits limits,
      LongSupplier clock, Duration askTimeout, RunMeters meters, CompletableFuture<Ready> ready) {
    return Behaviors.setup(context -> {
      ActorSystem<?> system = context.getSystem();
      Cluster cluster = Cluster.get(system);
      if (system.settings().config().getStringList("pekko.cluster.seed-nodes").isEmpty()) {
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        context.getLog().info("cluster node {}: no seed nodes, a cluster of its own",
            cluster.selfMember().address());
      } else {
        context.getLog().info("cluster node {}: joining the seed nodes",
            cluster.selfMember().address());
      }
      if (storage.durable()) {
        context.getLog().info("runs kept in {}", storage.database().where());
      }
      context.pipeToSelf(open(system, storage, limits), StorageOpened::new);
      return Behaviors.receive(Command.class)
          .onMessage(StorageOpened.class, opened -> {
            if (opened.failure() != null) {
              // Whoever started the system ends it, through the coordinated shutdown: a guardian
              // that stopped would stop the cluster's actors under that shutdown's feet.
              ready.completeExceptionally(opened.failure());
              return Behaviors.empty();
            }
            system.getWhenTerminated().thenRun(opened.table()::close);
            // Only now: remembered runs resume as soon as their shards start, and need tables.
            Runs runs = layer(context, "runs", RunEntity.TYPE, admission -> new RunEntity.Home(
                RunEntity.TYPE,
                storage.durable() ? "" : IN_MEMORY_JOURNAL, NO_SNAPSHOTS, opened.table(),
                limits.run(), clock, Run.EVENT_LOGGER, admission), storage.durable(), limits,
                askTimeout, meters);
            context.spawn(ShardCensus.create(ClusterSharding.get(system).shardState(),
                RunEntity.TYPE, meters), "run-shard-census");
            Runs warmup = layer(context, "warmup", RunEntity.WARMUP, admission -> new RunEntity.Home(
                RunEntity.WARMUP, IN_MEMORY_JOURNAL, NO_SNAPSHOTS,
                new MemoryRunTable(WARMUP, System::nanoTime), Run.Bounds.NONE, clock,
                Warmup.LOGGER, admission), false, WARMUP, askTimeout, RunMeters.none());
            ready.complete(new Ready(runs, warmup));
            return Behaviors.empty();
          })
          .build();
    });
  }

  /**
   * Opens the run table and makes sure the journal's and the table's schema exist, on the
   * storage dispatcher's threads (a database may be slow to answer; no actor waits for it).
   */
  private static CompletionStage<RunTable> open(ActorSystem<?> system, Storage storage,
      Runs.Limits limits) {
    if (!storage.durable()) {
      return CompletableFuture.completedFuture(new MemoryRunTable(limits, System::nanoTime));
    }
    ExecutionContextExecutor blocking =
        system.dispatchers().lookup(DispatcherSelector.fromConfig("cafesim.storage-dispatcher"));
    return CompletableFuture.supplyAsync(() -> new JdbcRunTable(storage.database(), limits,
            blocking, JacksonObjectMapperProvider.get(system).getOrCreate("jackson-json",
                Optional.empty()), Materializer.matFromSystem(system)), blocking)
        .thenCompose(table -> SchemaUtils.createIfNotExists(system)
            .thenCompose(done -> table.createIfMissing())
            .thenApplyAsync(done -> {
              compact(system, storage, blocking);
              return (RunTable) table;
            }, blocking));
  }

  /** On an H2 file, its compaction every second until the system stops. */
  private static void compact(ActorSystem<?> system, Storage storage,
      ExecutionContextExecutor blocking) {
    try {
      H2Compaction.open(storage.database()).ifPresent(compaction -> {
        compaction.every(COMPACT_EVERY, system.scheduler(), blocking);
        system.getWhenTerminated().thenRun(compaction::close);
      });
    } catch (SQLException e) {
      throw new CompletionException(e);
    }
  }

  /** A run layer: its admission, its entities under sharding, its facade. */
  private static Runs layer(ActorContext<Command> context, String name,
      EntityTypeKey<RunEntity.Command> type,
      Function<ActorRef<Admission.Command>, RunEntity.Home> homeOf, boolean remember,
      Runs.Limits limits, Duration askTimeout, RunMeters meters) {
    ClusterSharding sharding = ClusterSharding.get(context.getSystem());
    Function<String, RecipientRef<RunEntity.Command>> entities =
        runId -> sharding.entityRefFor(type, runId);
    ActorRef<Admission.Command> admission = context.spawn(
        Admission.create(limits, entities, askTimeout, meters), name + "-admission");
    // The entities know their node's admission: a run resumed here counts in flight here.
    RunEntity.Home home = homeOf.apply(admission);
    sharding.init(Entity.of(type,
            entity -> RunEntity.create(entity.getEntityId(), home, entity.getShard()))
        .withStopMessage(RunEntity.Stop.INSTANCE)
        .withSettings(ClusterShardingSettings.create(context.getSystem())
            .withRememberEntities(remember)));
    return new Runs(admission, home.table(), entities, context.getSystem(), askTimeout);
  }
}
