package cafesim.trace;

import cafesim.run.RunReport;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Paints runs' timelines ({@link GanttSvg}) and comparisons of two runs ({@link ComparisonSvg}),
 * one at a time, and keeps the pictures of finished runs. A big run's picture costs up to a
 * second of CPU and tens of megabytes while it is drawn (a comparison, two of them): twelve
 * requests for it at once must not mean twelve drawings at once. Requests queue here; a picture
 * of finished runs is drawn once, and the next request for it gets the same bytes. A picture with
 * a running run in it is drawn afresh each time (it changes). Timelines and comparisons share
 * the one bound on pictures kept.
 */
public final class TimelinePainter extends AbstractBehavior<TimelinePainter.Command> {

  public sealed interface Command {}

  public record Paint(RunReport report, ActorRef<Picture> replyTo) implements Command {}

  /** Two runs on one time axis, {@code sync} on top. */
  public record PaintComparison(RunReport sync, RunReport async, ActorRef<Picture> replyTo)
      implements Command {}

  /** An SVG document, UTF-8. */
  public record Picture(byte[] svg) {}

  /** What a kept picture is of: one run's timeline (its id), or a comparison of two runs. */
  private record Compared(String sync, String async) {}

  /** @param keep how many pictures of finished runs are kept, the least recently asked go first */
  public static Behavior<Command> create(int keep) {
    return Behaviors.setup(context -> new TimelinePainter(context, keep));
  }

  private final Map<Object, byte[]> painted;

  private TimelinePainter(ActorContext<Command> context, int keep) {
    super(context);
    this.painted = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Object, byte[]> eldest) {
        return size() > keep;
      }
    };
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Paint.class, this::onPaint)
        .onMessage(PaintComparison.class, this::onPaintComparison)
        .build();
  }

  private Behavior<Command> onPaint(Paint paint) {
    RunReport report = paint.report();
    byte[] svg = report.status().ended()
        ? painted.computeIfAbsent(report.runId(), id -> draw(report))
        : draw(report);
    paint.replyTo().tell(new Picture(svg));
    return this;
  }

  private Behavior<Command> onPaintComparison(PaintComparison paint) {
    RunReport sync = paint.sync();
    RunReport async = paint.async();
    byte[] svg = sync.status().ended() && async.status().ended()
        ? painted.computeIfAbsent(new Compared(sync.runId(), async.runId()),
            key -> draw(sync, async))
        : draw(sync, async);
    paint.replyTo().tell(new Picture(svg));
    return this;
  }

  private static byte[] draw(RunReport report) {
    return GanttSvg.render(RunTrace.of(report)).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] draw(RunReport sync, RunReport async) {
    return ComparisonSvg.render(RunTrace.of(sync), RunTrace.of(async))
        .getBytes(StandardCharsets.UTF_8);
  }
}
