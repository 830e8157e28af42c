package cafesim.http;

import java.time.Duration;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that does not complete a request (request line and all headers) within a
 * deadline, counted from when it opens and again from each response when none is outstanding.
 *
 * <p>Pekko HTTP has no header-read timeout (akka-http#813): a client that sends a header line
 * every few seconds is never idle, and enough of them take every connection. Its server layer
 * emits a request only once the headers are parsed, so the handler side sees exactly when one
 * is complete. A response whose entity is streamed exempts the connection from then on: the
 * client is reading, not sending, and the idle timeout still applies.
 */
final class RequestDeadline
    extends GraphStage<BidiShape<HttpRequest, HttpRequest, HttpResponse, HttpResponse>> {

  private static final Logger log = LoggerFactory.getLogger(RequestDeadline.class);

  private final Duration deadline;
  private final Inlet<HttpRequest> fromClient = Inlet.create("RequestDeadline.fromClient");
  private final Outlet<HttpRequest> toHandler = Outlet.create("RequestDeadline.toHandler");
  private final Inlet<HttpResponse> fromHandler = Inlet.create("RequestDeadline.fromHandler");
  private final Outlet<HttpResponse> toClient = Outlet.create("RequestDeadline.toClient");
  private final BidiShape<HttpRequest, HttpRequest, HttpResponse, HttpResponse> shape =
      BidiShape.of(fromClient, toHandler, fromHandler, toClient);

  private RequestDeadline(Duration deadline) {
    this.deadline = deadline;
  }

  /** {@code handler}, with the deadline on each connection it serves. */
  static Flow<HttpRequest, HttpResponse, NotUsed> around(
      Flow<HttpRequest, HttpResponse, ?> handler, Duration deadline) {
    return BidiFlow.fromGraph(new RequestDeadline(deadline)).join(handler);
  }

  @Override
  public BidiShape<HttpRequest, HttpRequest, HttpResponse, HttpResponse> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new TimerGraphStageLogic(shape) {
      private int outstanding;
      private boolean exempt;

      {
        // Each direction finishes on its own: a client that half-closes after its request
        // still gets the response.
        setHandler(fromClient, new AbstractInHandler() {
          @Override
          public void onPush() {
            outstanding++;
            cancelTimer("deadline");
            push(toHandler, grab(fromClient));
          }

          @Override
          public void onUpstreamFinish() {
            complete(toHandler);
          }

          @Override
          public void onUpstreamFailure(Throwable ex) {
            fail(toHandler, ex);
          }
        });
        setHandler(toHandler, new AbstractOutHandler() {
          @Override
          public void onPull() {
            pull(fromClient);
          }

          @Override
          public void onDownstreamFinish(Throwable cause) {
            cancel(fromClient, cause);
          }
        });
        setHandler(fromHandler, new AbstractInHandler() {
          @Override
          public void onPush() {
            HttpResponse response = grab(fromHandler);
            outstanding--;
            exempt |= !response.entity().isStrict();
            push(toClient, response);
            if (outstanding == 0 && !exempt) {
              scheduleOnce("deadline", deadline);
            }
          }

          @Override
          public void onUpstreamFinish() {
            complete(toClient);
          }

          @Override
          public void onUpstreamFailure(Throwable ex) {
            fail(toClient, ex);
          }
        });
        setHandler(toClient, new AbstractOutHandler() {
          @Override
          public void onPull() {
            pull(fromHandler);
          }

          @Override
          public void onDownstreamFinish(Throwable cause) {
            cancel(fromHandler, cause);
          }
        });
      }

      @Override
      public void preStart() {
        scheduleOnce("deadline", deadline);
      }

      @Override
      public void onTimer(Object key) {
        log.warn("closing a connection that sent no complete request within {} ms",
            deadline.toMillis());
        completeStage();
      }
    };
  }
}
