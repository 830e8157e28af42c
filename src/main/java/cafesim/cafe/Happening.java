package cafesim.cafe;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * What a run's actors report to the run as it happens: the cafe's domain events, and every
 * message that passes between its actors. Both end up in the log, one line each.
 */
public sealed interface Happening permits CafeEvent, Message {

  /** Simulated seconds from the run's start. */
  double atSeconds();

  /**
   * Whether what a run's actor tells {@code journal} is kept: a run that keeps no record
   * ({@code "trace": "summary"}) gives its actors the system's {@code ignoreRef}, and then they
   * do not make the events and messages they would have told it (half a dozen objects and
   * strings a customer, for nobody).
   */
  static boolean heard(ActorRef<Happening> journal, ActorSystem<?> system) {
    return !journal.equals(system.ignoreRef());
  }
}
