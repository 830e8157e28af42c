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
 * Paints runs' timelines ({@link GanttSvg}), one at a time, and keeps the pictures of finished
 * runs. A big run's picture costs up to a second of CPU and tens of megabytes while it is drawn:
 * twelve requests for it at once must not mean twelve drawings at once. Requests queue here;
 * a finished run is drawn once, and the next request for it gets the same bytes. A running
 * run is drawn afresh each time (it changes).
 */
public final class TimelinePainter extends AbstractBehavior<TimelinePainter.Command> {

  public sealed interface Command {}

  public record Paint(RunReport report, ActorRef<Picture> replyTo) implements Command {}

  /** An SVG document, UTF-8. */
  public record Picture(byte[] svg) {}

  /** @param keep how many finished runs' pictures are kept, the least recently asked go first */
  public static Behavior<Command> create(int keep) {
    return Behaviors.setup(context -> new TimelinePainter(context, keep));
  }

  private final Map<String, byte[]> painted;

  private TimelinePainter(ActorContext<Command> context, int keep) {
    super(context);
    this.painted = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
        return size() > keep;
      }
    };
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessage(Paint.class, this::onPaint).build();
  }

  private Behavior<Command> onPaint(Paint paint) {
    RunReport report = paint.report();
    byte[] svg = report.status().ended()
        ? painted.computeIfAbsent(report.runId(), id -> draw(report))
        : draw(report);
    paint.replyTo().tell(new Picture(svg));
    return this;
  }

  private static byte[] draw(RunReport report) {
    return GanttSvg.render(RunTrace.of(report)).getBytes(StandardCharsets.UTF_8);
  }
}
