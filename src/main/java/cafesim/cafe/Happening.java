package cafesim.cafe;

/**
 * What a run's actors report to the run as it happens: the cafe's domain events, and every
 * message that passes between its actors. Both end up in the log, one line each.
 */
public sealed interface Happening permits CafeEvent, Message {

  /** Simulated seconds from the run's start. */
  double atSeconds();
}
