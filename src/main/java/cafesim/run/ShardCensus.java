package cafesim.run;

import java.time.Duration;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState;
import org.apache.pekko.cluster.sharding.ShardRegion.ShardState;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Counts, every few seconds, the run shards and entities living on this node, into
 * {@link RunMeters}: a gauge cannot ask the shard region itself when Prometheus scrapes.
 */
public final class ShardCensus {

  private ShardCensus() {}

  public sealed interface Command {}

  private enum Count implements Command { INSTANCE }

  private record Counted(CurrentShardRegionState state) implements Command {}

  /** How stale the figures may be: well under a scrape interval. */
  static final Duration EVERY = Duration.ofSeconds(5);

  public static Behavior<Command> create(ActorRef<ClusterShardingQuery> shardState,
      EntityTypeKey<RunEntity.Command> type, RunMeters meters) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      ActorRef<CurrentShardRegionState> counted =
          context.messageAdapter(CurrentShardRegionState.class, Counted::new);
      timers.startTimerWithFixedDelay(Count.INSTANCE, Duration.ZERO, EVERY);
      return Behaviors.receive(Command.class)
          .onMessage(Count.class, count -> {
            // Once the node is stopping its shard region goes, and a question to it would be
            // logged as a dead letter after cafesim's last line.
            if (CoordinatedShutdown.get(context.getSystem()).getShutdownReason().isPresent()) {
              return Behaviors.stopped();
            }
            shardState.tell(new GetShardRegionState(type, counted));
            return Behaviors.same();
          })
          .onMessage(Counted.class, answer -> {
            int entities = 0;
            for (ShardState shard : answer.state().getShards()) {
              entities += shard.getEntityIds().size();
            }
            meters.hosted(answer.state().getShards().size(), entities);
            return Behaviors.same();
          })
          .build();
    }));
  }
}
